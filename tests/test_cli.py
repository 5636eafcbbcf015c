import json
import subprocess
import sys

import pytest

import newsfuse
from newsfuse.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_summarize_examples_as_text(capsys, examples_dir):
    code, out, err = run(capsys, "summarize", str(examples_dir))
    assert code == 0
    assert err == ""
    assert "Sources" in out
    assert "[1]" in out


def test_a_summary_shows_its_headline_and_event_card_unless_asked_not_to(capsys, examples_dir):
    harbor = str(examples_dir)
    code, out, _ = run(capsys, "summarize", harbor, "--words", "60")
    assert code == 0
    assert out.splitlines()[0] == "Fire tears through Pier 9 warehouses at Port Velmora, 14 injured"
    assert "When: 2026-11-03" in out
    assert "Anatol Zhirenko: “" in out
    code, out, _ = run(capsys, "summarize", harbor, "--words", "60", "--format", "json")
    data = json.loads(out)
    assert data["card"]["when"]["first"] == "2026-11-03"
    assert any(e["name"] == "Anatol Zhirenko" for e in data["analysis"]["entities"])
    code, out, _ = run(capsys, "summarize", harbor, "--words", "60", "--format", "markdown")
    assert out.startswith("## Fire tears through Pier 9")
    assert "**When:** 2026-11-03" in out
    code, out, _ = run(capsys, "summarize", harbor, "--words", "60", "--no-analysis")
    assert "When:" not in out
    assert out.startswith("Summary of 4 articles")


def test_sentences_budget_and_plain_format(capsys, examples_dir):
    code, out, _ = run(capsys, "summarize", str(examples_dir), "--sentences", "2", "--format", "plain")
    assert code == 0
    assert len(out.strip().split("\n")) == 2


def test_json_output_to_a_file(capsys, examples_dir, tmp_path):
    target = tmp_path / "summary.json"
    code, out, _ = run(capsys, "summarize", str(examples_dir), "--format", "json", "-o", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())["schema_version"]


def test_bad_inputs_are_named_skipped_and_make_the_exit_non_zero(capsys, examples_dir, tmp_path):
    (tmp_path / "broken.jsonl").write_text('{"text": "ok but short"}\n{oops\n')
    (tmp_path / "blank.txt").write_text("\n")
    code, out, err = run(
        capsys, "summarize", str(examples_dir), str(tmp_path), str(tmp_path / "missing.html")
    )
    assert code == 1
    assert f"{tmp_path / 'broken.jsonl'}:2: invalid JSON" in err
    assert f"{tmp_path / 'blank.txt'}: empty input" in err
    assert "missing.html: no such file" in err
    assert "Traceback" not in err
    assert "Sources" in out


def test_strict_stops_at_the_first_problem(capsys, examples_dir, tmp_path):
    (tmp_path / "blank.txt").write_text("\n")
    code, out, err = run(capsys, "summarize", "--strict", str(tmp_path / "blank.txt"), str(examples_dir))
    assert code == 2
    assert out == ""
    assert "empty input" in err


def test_only_boilerplate_means_nothing_to_summarize(capsys, tmp_path):
    (tmp_path / "junk.txt").write_text("Related Posts\n\nLeave a Reply\n\nShare this:\n")
    code, _, err = run(capsys, "summarize", str(tmp_path))
    assert code == 2
    assert "no usable article" in err
    assert "no story text left" in err


def test_usage_errors(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["summarize", "x", "--words", "0"])
    assert exit_info.value.code == 2
    assert main([]) == 2


def test_algorithms_are_listed(capsys):
    code, out, _ = run(capsys, "algorithms")
    assert code == 0
    default = newsfuse.load_settings(environ={}).summary.algorithm
    assert f"{default}  (default)" in out
    assert "newsfuse.coverage.v1\n" in out


def test_module_entry_point_reads_stdin_without_traceback():
    story = {"id": "s1", "text": "The ferry service resumed on Friday after a two-day strike by crews ended."}
    done = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", "-", "--format", "json"],
        input=json.dumps(story),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["sentences"][0]["sources"] == ["s1"]
    failed = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", "-"],
        input="\x00\x01binary",
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 2
    assert "Traceback" not in failed.stderr
    assert "-: binary data" in failed.stderr


def test_seeds_end_to_end(capsys, seeds_dir):
    code, out, err = run(capsys, "summarize", str(seeds_dir), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert any(len(s["sources"]) == 2 for s in data["sentences"])
    assert "Leave a Reply" not in out


def test_every_skipped_input_is_named_when_nothing_is_usable(capsys, tmp_path):
    for n in range(5):
        (tmp_path / f"j{n}.txt").write_text("Leave a Reply\n")
    code, _, err = run(capsys, "summarize", str(tmp_path))
    assert code == 2
    assert all(f"j{n}.txt" in err for n in range(5))


def test_unwritable_output_is_an_error_not_a_traceback(capsys, examples_dir, tmp_path):
    code, _, err = run(capsys, "summarize", str(examples_dir), "-o", str(tmp_path / "missing" / "x.txt"))
    assert code == 2
    assert "No such file or directory" in err


def test_empty_summary_warns_and_exits_non_zero(capsys, examples_dir):
    code, _, err = run(capsys, "summarize", str(examples_dir), "--words", "2")
    assert code == 1
    assert "summary is empty" in err


def test_bad_configuration_file_is_one_line(capsys, examples_dir, tmp_path):
    config = tmp_path / "c.toml"
    config.write_bytes(b"words = 5\xff\n")
    code, _, err = run(capsys, "summarize", str(examples_dir), "--config", str(config))
    assert code == 2
    assert err.count("\n") == 1
    assert "not UTF-8" in err


def test_an_internal_error_has_its_own_exit_code_and_one_line(capsys, examples_dir, monkeypatch):
    import newsfuse.pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(newsfuse.pipeline, "summarize_prepared", broken)
    code, out, err = run(capsys, "summarize", str(examples_dir))
    assert code == 3
    assert out == ""
    expected = "internal error: ZeroDivisionError: division by zero (a bug in newsfuse; --debug shows where)"
    assert err.strip().splitlines() == [f"newsfuse: {expected}"]
    with pytest.raises(ZeroDivisionError):
        main(["--debug", "summarize", str(examples_dir)])


def test_digest_words_come_from_the_configuration(capsys, examples_dir, tmp_path):
    config = tmp_path / "c.toml"
    config.write_text("[digest]\nwords = 25\n")
    code, out, _ = run(capsys, "digest", str(examples_dir), "--format", "json", "--config", str(config))
    assert code == 0
    summaries = [event["summary"] for event in json.loads(out)["events"]]
    assert {s["budget"]["words"] for s in summaries} == {25}
    assert max(s["word_count"] for s in summaries) <= 25
    flags = ("--config", str(config), "--words", "60")
    code, out, _ = run(capsys, "digest", str(examples_dir), "--format", "json", *flags)
    assert {e["summary"]["budget"]["words"] for e in json.loads(out)["events"]} == {60}


def test_json_records_the_settings_and_the_model_identity(capsys, examples_dir):
    import hashlib
    from importlib import resources

    code, out, _ = run(capsys, "summarize", str(examples_dir), "--format", "json")
    assert code == 0
    settings = json.loads(out)["settings"]
    assert settings["support"]["strong_similarity"] == 0.3
    weigher = settings["algorithm"]["weigher"]
    packaged = resources.files("newsfuse").joinpath("models", "concepts.json").read_bytes()
    assert weigher["model"] == {"name": "concepts.json", "sha256": hashlib.sha256(packaged).hexdigest()}
    assert settings["algorithm"]["search"]["width"] == 6


def test_output_never_overwrites_an_input(capsys, examples_dir, tmp_path):
    import os

    story = tmp_path / "story.txt"
    original = (examples_dir / "velmora-courier.txt").read_text()
    story.write_text(original)
    code, _, err = run(capsys, "summarize", str(story), "-o", str(story))
    assert code == 2
    assert "it is an input" in err
    assert story.read_text() == original
    code, _, err = run(capsys, "summarize", str(tmp_path), "-o", str(story))
    assert code == 2
    assert "it is an input" in err
    linked = tmp_path.parent / f"{tmp_path.name}-link.txt"
    os.link(story, linked)
    code, _, err = run(capsys, "summarize", str(tmp_path), "-o", str(linked))
    assert code == 2
    assert story.read_text() == original


def test_an_ascii_terminal_and_a_closed_stdout_get_no_traceback(tmp_path):
    import os

    (tmp_path / "vn.txt").write_text(
        "Cảng Velmora bị cháy lớn vào sáng thứ Ba, nhiều người bị thương và phải nhập viện."
    )
    environ = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for fmt in ("text", "json"):
        done = subprocess.run(
            [sys.executable, "-m", "newsfuse", "summarize", str(tmp_path), "--format", fmt],
            capture_output=True,
            env=environ,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.isascii()
        if fmt == "json":
            assert json.loads(done.stdout)["sentences"][0]["text"].startswith("Cảng")
    closed = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", str(tmp_path)],
        capture_output=False,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 2
    assert b"standard output is closed" in closed.stderr
    assert b"Traceback" not in closed.stderr


def test_a_closed_stderr_loses_no_result(tmp_path):
    import os

    (tmp_path / "a.txt").write_text("The harbor fire injured 14 people in Velmora on Tuesday morning.")
    (tmp_path / "bad.jsonl").write_text("{\n")
    done = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", str(tmp_path), "--format", "plain"],
        stdout=subprocess.PIPE,
        preexec_fn=lambda: os.close(2),
    )
    assert done.returncode == 1
    assert b"14 people" in done.stdout


def test_stdin_closed_and_odd_paths_are_one_line_errors(capsys, tmp_path):
    import os

    done = subprocess.run(
        [sys.executable, "-m", "newsfuse", "summarize", "-"],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        preexec_fn=lambda: os.close(0),
    )
    assert done.returncode == 2
    assert b"standard input is closed" in done.stderr
    (tmp_path / "a.txt").write_text("The harbor fire injured 14 people in Velmora on Tuesday morning.")
    code, _, err = run(capsys, "add", str(tmp_path), "--db", "/dev/null")
    assert code == 2
    assert "not a database file" in err
    assert not os.path.exists("/dev/null-journal")


def test_usage_errors_cannot_carry_terminal_escapes(capsys):
    with pytest.raises(SystemExit):
        main(["algorithms", "\x1b]0;owned\x07"])
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
