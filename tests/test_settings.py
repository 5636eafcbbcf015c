import pytest

from newsfuse.errors import ConfigError
from newsfuse.model import Budget
from newsfuse.settings import (
    ClusteringSettings,
    Settings,
    SummarySettings,
    SupportSettings,
    load_settings,
    with_overrides,
)


def test_layers_defaults_file_environment_overrides(tmp_path):
    config_file = tmp_path / "newsfuse.toml"
    config_file.write_text("[summary]\nwords = 150\n[support]\nmin_similarity = 0.2\n")
    assert load_settings(environ={}).summary.words == 100
    assert load_settings(config_file=config_file, environ={}).summary.words == 150
    environ = {"NEWSFUSE_SUMMARY_WORDS": "60"}
    assert load_settings(config_file=config_file, environ=environ).summary.words == 60
    settings = load_settings({"summary": {"words": 40}}, config_file=config_file, environ=environ)
    assert settings.summary.words == 40
    assert settings.support.min_similarity == 0.2


def test_every_section_is_layered(tmp_path):
    config_file = tmp_path / "newsfuse.toml"
    config_file.write_text("[clustering]\nthreshold = 0.3\n[digest]\nwords = 50\n[input]\nstrict = true\n")
    settings = load_settings(config_file=config_file, environ={"NEWSFUSE_CLUSTERING_WINDOW_DAYS": "2"})
    assert settings.clustering.threshold == 0.3
    assert settings.clustering.window_days == 2.0
    assert settings.digest.words == 50
    assert settings.input.strict is True
    flagged = load_settings({"clustering": {"threshold": 0.4}}, config_file=config_file, environ={})
    assert flagged.clustering.threshold == 0.4


def test_user_file_is_found_in_xdg_config_home(tmp_path):
    (tmp_path / "newsfuse").mkdir()
    (tmp_path / "newsfuse" / "config.toml").write_text("[summary]\nsentences = 3\n")
    settings = load_settings(environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert settings.summary.budget == Budget(sentences=3)
    words = load_settings({"summary": {"words": 50}}, environ={"XDG_CONFIG_HOME": str(tmp_path)})
    assert words.summary.budget == Budget(words=50)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[summary]\nwords = 'many'", "summary.words must be a whole number"),
        ("[summary]\ncolour = 1", "unknown setting summary.colour"),
        ("words = 100", "words belongs in \\[summary\\]"),
        ("[summary]\nwords = [", "invalid TOML"),
        ("[summary]\nwords = 0", "at least 1"),
        ("[clustering]\nthreshold = -3", "threshold must be above 0"),
    ],
)
def test_bad_configuration_files_are_explained(tmp_path, text, message):
    path = tmp_path / "c.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(config_file=path, environ={})


def test_bad_environment_values_name_the_variable():
    with pytest.raises(ConfigError, match="NEWSFUSE_INPUT_STRICT"):
        load_settings(environ={"NEWSFUSE_INPUT_STRICT": "maybe"})
    with pytest.raises(ConfigError, match="not found"):
        load_settings(config_file="/nonexistent/newsfuse.toml", environ={})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ClusteringSettings(threshold=-3), "threshold must be above 0"),
        (lambda: ClusteringSettings(window_days=float("nan")), "window_days"),
        (lambda: ClusteringSettings(max_terms=0), "max_terms must be at least 1"),
        (lambda: SupportSettings(strong_similarity=-5), "strong_similarity must be above 0"),
        (lambda: Budget(words=0), "at least 1"),
    ],
)
def test_the_library_refuses_bad_values_not_only_the_cli(make, message):
    with pytest.raises(ConfigError, match=message):
        make()


def test_overrides_replace_a_configured_sentence_budget():
    settings = load_settings({"summary": {"sentences": 3}}, environ={})
    assert with_overrides(settings, {"summary": {"words": 20}}).summary.budget == Budget(words=20)


def test_resolved_settings_are_recorded_whole():
    recorded = Settings().to_dict()
    assert set(recorded) == {
        "summary",
        "digest",
        "support",
        "clustering",
        "store",
        "fetch",
        "watch",
        "service",
        "input",
    }
    assert recorded["clustering"]["threshold"] == 0.25


def test_a_bad_value_is_traced_to_the_layer_that_brought_it(tmp_path):
    config_file = tmp_path / "c.toml"
    config_file.write_text("[summary]\nwords = -5\n")
    with pytest.raises(ConfigError, match=r"c\.toml: summary\.words must be at least 1, not -5"):
        load_settings(config_file=config_file, environ={})
    with pytest.raises(ConfigError, match=r"\$NEWSFUSE_SUMMARY_WORDS: summary\.words must be at least 1"):
        load_settings(environ={"NEWSFUSE_SUMMARY_WORDS": "0"}, user_file=False)


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"NEWSFUSE_WORDS": "20"}, "NEWSFUSE_WORDS is now \\$NEWSFUSE_SUMMARY_WORDS"),
        ({"NEWSFUSE_SUMMARY_WORDZ": "20"}, "no such newsfuse setting; did you mean .NEWSFUSE_SUMMARY_WORDS"),
        ({"NEWSFUSE_SUMARY_WORDS": "20"}, "no such newsfuse setting; did you mean .NEWSFUSE_SUMMARY_WORDS"),
        ({"NEWSFUSE_CONFIG": "/nonexistent/c.toml"}, "configuration file not found"),
    ],
)
def test_old_or_misspelt_variables_are_refused_not_ignored(environ, message):
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ, user_file=False)


def test_a_folder_is_not_a_configuration_file(tmp_path):
    with pytest.raises(ConfigError, match="not a configuration file"):
        load_settings(config_file=tmp_path, environ={})


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: ClusteringSettings(max_terms=2.5), "max_terms must be a whole number"),
        (lambda: ClusteringSettings(threshold=True), "threshold must be a number"),
        (lambda: SummarySettings(words="100"), "words must be a whole number"),
        (lambda: SummarySettings(algorithm=5), "algorithm must be text"),
    ],
)
def test_settings_check_the_type_of_every_value(make, message):
    with pytest.raises(ConfigError, match=message):
        make()


def test_defaults_are_written_once_in_defaults_toml():
    import tomllib
    from importlib import resources

    written = tomllib.loads(resources.files("newsfuse").joinpath("defaults.toml").read_text("utf-8"))
    made = Settings().to_dict()
    for section, values in written.items():
        for name, value in values.items():
            assert made[section][name] == value, f"{section}.{name}"


def test_a_whole_number_is_the_same_setting_as_its_float():
    assert ClusteringSettings(name_weight=2).identity() == ClusteringSettings().identity()
    assert isinstance(ClusteringSettings(threshold=1).threshold, float)


def test_an_unreadable_home_means_no_user_file_not_an_error(tmp_path, monkeypatch):
    def refused(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pathlib.Path.is_file", refused)
    assert load_settings(environ={"XDG_CONFIG_HOME": str(tmp_path)}).summary.words == 100


def test_devices_are_neither_configuration_nor_models(examples_dir):
    import newsfuse

    with pytest.raises(ConfigError, match="not a configuration file"):
        load_settings(environ={"NEWSFUSE_CONFIG": "/dev/zero"})
    settings = load_settings({"summary": {"concept_model": "/dev/zero"}}, environ={})
    with pytest.raises(ConfigError, match="not a concept model"):
        newsfuse.summarize_paths(examples_dir, settings=settings)


def test_a_lock_wait_beyond_a_day_is_refused():
    from newsfuse.settings import StoreSettings

    with pytest.raises(ConfigError, match="lock_wait_seconds must be at most 86400"):
        StoreSettings(lock_wait_seconds=3e6)


@pytest.mark.parametrize("path", ["", "x\x00y"])
def test_a_concept_model_path_must_be_a_path(path):
    from newsfuse.fuse.concept_model import load_concept_model

    with pytest.raises(ConfigError, match="not a path to a concept model"):
        load_concept_model(path)
