import pytest

from newsfuse.config import load_config
from newsfuse.errors import ConfigError
from newsfuse.model import Budget


def test_layers_defaults_file_environment_overrides(tmp_path):
    config_file = tmp_path / "newsfuse.toml"
    config_file.write_text("words = 150\nmin_similarity = 0.2\n")
    assert load_config(environ={}).words == 100
    assert load_config(config_file=config_file, environ={}).words == 150
    environ = {"NEWSFUSE_WORDS": "60"}
    assert load_config(config_file=config_file, environ=environ).words == 60
    config = load_config({"words": 40}, config_file=config_file, environ=environ)
    assert config.words == 40
    assert config.min_similarity == 0.2


def test_user_file_is_found_in_xdg_config_home(tmp_path):
    (tmp_path / "newsfuse").mkdir()
    (tmp_path / "newsfuse" / "config.toml").write_text("sentences = 3\n")
    config = load_config(environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert config.budget == Budget(sentences=3)
    assert load_config({"words": 50}, environ={"XDG_CONFIG_HOME": str(tmp_path)}).budget == Budget(words=50)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("words = 'many'", "words must be int"),
        ("colour = 1", "unknown setting"),
        ("words = [", "invalid TOML"),
        ("words = 0", "at least 1"),
    ],
)
def test_bad_configuration_files_are_explained(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(config_file=path, environ={})


def test_bad_environment_values_name_the_variable():
    with pytest.raises(ConfigError, match="NEWSFUSE_STRICT"):
        load_config(environ={"NEWSFUSE_STRICT": "maybe"})
    with pytest.raises(ConfigError, match="not found"):
        load_config(config_file="/nonexistent/newsfuse.toml", environ={})


def test_thresholds_must_lie_between_zero_and_one(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("strong_similarity = -5\n")
    with pytest.raises(ConfigError, match="strong_similarity must be above 0"):
        load_config(config_file=path, environ={})
