import subprocess
import sys

import newsfuse

PUBLIC = {
    "Article",
    "Budget",
    "Citation",
    "CleanedArticle",
    "ConfigError",
    "Config",
    "ErrorPolicy",
    "Ingested",
    "InputError",
    "InputTooLargeError",
    "NewsfuseError",
    "NothingToSummarizeError",
    "Removal",
    "Sentence",
    "Summarizer",
    "Summary",
    "SummarySentence",
    "UnknownAlgorithmError",
    "ArticleStore",
    "Assignment",
    "ClusteringSettings",
    "Digest",
    "EventClusterer",
    "EventDigest",
    "StoreError",
    "add_to_store",
    "cluster_articles",
    "digest_batch",
    "digest_store",
    "find_near_duplicates",
    "__version__",
    "clean_article",
    "load_config",
    "read_articles",
    "render",
    "split_sentences",
    "summarize",
    "summarize_paths",
}


def test_public_api_is_exactly_what_is_documented():
    assert set(newsfuse.__all__) == PUBLIC
    for name in newsfuse.__all__:
        assert getattr(newsfuse, name) is not None


def test_import_is_cheap():
    code = (
        "import sys, newsfuse; heavy = [m for m in ('trafilatura', 'scipy', 'numpy', 'nupunkt', 'lxml') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_summarizer_class_is_reusable(examples_dir):
    summarizer = newsfuse.Summarizer(newsfuse.load_config({"words": 60}, environ={}))
    articles = newsfuse.read_articles([examples_dir]).articles
    first, second = summarizer.summarize(articles), summarizer.summarize(articles)
    assert first.text == second.text
    assert first.word_count <= 60
