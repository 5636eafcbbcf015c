import subprocess
import sys

import newsfuse

PUBLIC = {
    "Added",
    "BatchError",
    "BatchResult",
    "run_batch",
    "Analysis",
    "DateMention",
    "Entity",
    "analyze_prepared",
    "analyze_summary",
    "Article",
    "Assignment",
    "Budget",
    "Citation",
    "CleanedArticle",
    "ClusteringSettings",
    "ConfigError",
    "Copy",
    "Digest",
    "DigestSettings",
    "ErrorPolicy",
    "Event",
    "EventClusterer",
    "EventDigest",
    "FeedState",
    "FetchError",
    "FetchSettings",
    "Grouping",
    "Ingested",
    "InputError",
    "InputSettings",
    "TooManySentencesError",
    "NewsfuseError",
    "NothingToSummarizeError",
    "Prepared",
    "Problem",
    "Removal",
    "Sentence",
    "Settings",
    "Store",
    "StoreError",
    "StoreSettings",
    "StreamState",
    "Summarizer",
    "Summary",
    "SummarySentence",
    "SummarySettings",
    "SupportSettings",
    "UnknownAlgorithmError",
    "UsageError",
    "WatchSettings",
    "Watched",
    "__version__",
    "add_prepared",
    "clean_article",
    "cluster_articles",
    "digest_prepared",
    "digest_store",
    "find_copies",
    "from_data",
    "group",
    "load_settings",
    "open_store",
    "prepare",
    "read",
    "read_articles",
    "render",
    "split_sentences",
    "summarize",
    "summarize_paths",
    "summarize_prepared",
    "to_data",
    "watch",
}


def test_public_api_is_exactly_what_is_documented():
    assert set(newsfuse.__all__) == PUBLIC
    for name in newsfuse.__all__:
        exported = getattr(newsfuse, name)
        assert name == "__version__" or exported.__name__ == name  # the real object, not a stand-in


def test_import_is_cheap():
    code = (
        "import sys, newsfuse; heavy = [m for m in ('trafilatura', 'scipy', 'numpy', 'nupunkt', 'lxml') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_summarizer_class_is_reusable(examples_dir):
    summarizer = newsfuse.Summarizer(newsfuse.load_settings({"summary": {"words": 60}}, environ={}))
    cleaned = newsfuse.read(examples_dir).cleaned
    first, second = summarizer.summarize(cleaned), summarizer.summarize(cleaned)
    assert first.text == second.text
    assert first.word_count <= 60


def test_no_exported_name_is_shadowed_by_a_subpackage():
    """Importing a subpackage binds its name on ``newsfuse``: no export may share one."""
    code = (
        "import pkgutil, newsfuse, newsfuse.cli, newsfuse.renderers, newsfuse.pipeline\n"
        "subpackages = {m.name for m in pkgutil.iter_modules(newsfuse.__path__)}\n"
        "assert not subpackages & set(newsfuse.__all__), subpackages & set(newsfuse.__all__)\n"
        "assert callable(newsfuse.render)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_every_built_in_part_loads():
    from newsfuse import registry

    for kind in (
        registry.readers,
        registry.renderers,
        registry.weighers,
        registry.searches,
        registry.algorithms,
        registry.stores,
    ):
        for name in kind.names():
            assert kind.get(name) is not None, f"{kind.kind} {name}"


def test_a_registered_name_is_versioned_and_never_taken_over_silently():
    import pytest

    from newsfuse import registry
    from newsfuse.errors import ConfigError

    with pytest.raises(ConfigError, match=r"owner\.name\.vN"):
        registry.weighers.register("tf", object)
    with pytest.raises(ConfigError, match="registered already"):
        registry.searches.register("newsfuse.greedy.v1", object)
    with pytest.raises(ConfigError, match="registered already"):
        registry.register_reader("json", print)


def test_the_public_functions_refuse_what_they_cannot_take_with_our_errors():
    import math

    import pytest

    from newsfuse.errors import ConfigError, UsageError

    for call in (
        lambda: newsfuse.summarize([None]),
        lambda: newsfuse.summarize(5),
        lambda: newsfuse.read_articles(None),
        lambda: newsfuse.read_articles([3]),
        lambda: newsfuse.prepare(["text"]),
    ):
        with pytest.raises(UsageError):
            call()
    for words in (0, 2.5, True, math.nan):
        with pytest.raises(ConfigError):
            newsfuse.summarize(["The harbor fire injured 14 people on Tuesday."], words=words)
