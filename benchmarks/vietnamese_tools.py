"""Vietnamese sentence splitting and word segmentation against a small hand-labelled gold set.

Reads ``benchmarks/gold/vietnamese_segmentation.jsonl`` (fictional news passages written by
the newsfuse team; see ``gold/VIETNAMESE_SEGMENTATION.md``) and measures

- sentence splitting: precision, recall and F1 of the boundaries between sentences (the end
  of a passage is no boundary) for newsfuse's own splitter (``newsfuse.segment``) and
  ``underthesea.sent_tokenize``, each run on whole passages;
- word segmentation: precision, recall and F1 of words for ``underthesea.word_tokenize`` and
  ``pyvi.ViTokenizer.tokenize``, each run on the gold sentences; a word is right when its
  span matches a gold word's span exactly (punctuation marks are words too);
- speed: the median over a few repeats of the milliseconds per gold sentence, after a
  warm-up call. newsfuse's splitter caches its paragraphs, so the cache is emptied before
  each repeat.

Spans are counted in characters other than whitespace, so a tool may space its output as it
likes (pyvi's "_" between syllables is taken for a space). A piece of output that cannot be
found in the input in order (a tool that rewrote a character) counts as wrong.

    .venv/bin/python benchmarks/vietnamese_tools.py [--gold FILE] [--repeats N] [--json FILE]
                                                     [--errors]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

GOLD = Path(__file__).parent / "gold" / "vietnamese_segmentation.jsonl"


@dataclass(frozen=True)
class Passage:
    id: str
    text: str
    sentences: list[str]
    words: list[list[str]]


@dataclass
class Score:
    tool: str
    task: str
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    unaligned: int = 0
    """Pieces of output not found in the input (counted as wrong)."""
    ms_per_sentence: float | None = None

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, object]:
        figures = asdict(self)
        figures.update(precision=self.precision, recall=self.recall, f1=self.f1)
        return figures


def read_gold(path: Path) -> list[Passage]:
    passages = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                record = json.loads(line)
                passages.append(Passage(record["id"], record["text"], record["sentences"], record["words"]))
    return passages


def _squeeze(text: str) -> str:
    return "".join(text.split())


def locate(text: str, pieces: Sequence[str]) -> tuple[list[tuple[int, int]], int]:
    """Spans of ``pieces`` found in order in ``text``, in non-whitespace characters, and how
    many pieces were not found."""
    squeezed = _squeeze(text)
    spans: list[tuple[int, int]] = []
    missing = 0
    cursor = 0
    for piece in pieces:
        target = _squeeze(piece)
        if not target:
            continue
        at = squeezed.find(target, cursor)
        if at < 0:
            missing += 1
            continue
        spans.append((at, at + len(target)))
        cursor = at + len(target)
    return spans, missing


def boundaries(text: str, sentences: Sequence[str]) -> tuple[set[int], int]:
    spans, missing = locate(text, sentences)
    return {end for _, end in spans[:-1]}, missing


def newsfuse_splitter() -> Callable[[str], list[str]]:
    from newsfuse.model import Article
    from newsfuse.segment import split_sentences

    def split(text: str) -> list[str]:
        return [s.text for s in split_sentences(Article(id="x", text=text, language="vi"))]

    return split


def underthesea_splitter() -> Callable[[str], list[str]]:
    from underthesea import sent_tokenize

    splitter: Callable[[str], list[str]] = sent_tokenize
    return splitter


def underthesea_words() -> Callable[[str], list[str]]:
    from underthesea import word_tokenize

    tokenizer: Callable[[str], list[str]] = word_tokenize
    return tokenizer


def pyvi_words() -> Callable[[str], list[str]]:
    from pyvi import ViTokenizer

    def tokenize(sentence: str) -> list[str]:
        return [token.replace("_", " ") for token in ViTokenizer.tokenize(sentence).split()]

    return tokenize


def _clear_caches() -> None:
    from newsfuse import segment

    cache_clear = getattr(segment._raw_spans, "cache_clear", None)
    if cache_clear:
        cache_clear()


def ms_per_sentence(
    run: Callable[[str], object], inputs: Sequence[str], sentences: int, repeats: int
) -> float:
    run(inputs[0])  # warm-up: models load on first use
    timings = []
    for _ in range(repeats):
        _clear_caches()
        started = time.perf_counter()
        for item in inputs:
            run(item)
        timings.append((time.perf_counter() - started) * 1000 / sentences)
    return statistics.median(timings)


def score_splitter(
    name: str, split: Callable[[str], list[str]], passages: Sequence[Passage], errors: bool
) -> Score:
    score = Score(tool=name, task="sentences")
    for passage in passages:
        gold, _ = boundaries(passage.text, passage.sentences)
        predicted_sentences = split(passage.text)
        predicted, missing = boundaries(passage.text, predicted_sentences)
        score.gold += len(gold)
        score.predicted += len(predicted) + missing
        score.correct += len(gold & predicted)
        score.unaligned += missing
        if errors and (gold != predicted or missing):
            print(f"[{name}] {passage.id}")
            for sentence in passage.sentences:
                print(f"    gold: {sentence}")
            for sentence in predicted_sentences:
                print(f"    got:  {sentence}")
    return score


def score_words(name: str, tokenize: Callable[[str], list[str]], passages: Sequence[Passage]) -> Score:
    score = Score(tool=name, task="words")
    for passage in passages:
        for sentence, words in zip(passage.sentences, passage.words, strict=True):
            gold, _ = locate(sentence, words)
            predicted, missing = locate(sentence, tokenize(sentence))
            score.gold += len(gold)
            score.predicted += len(predicted) + missing
            score.correct += len(set(gold) & set(predicted))
            score.unaligned += missing
    return score


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold JSONL file")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per tool (median kept)")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--errors", action="store_true", help="print each passage a splitter gets wrong")
    args = parser.parse_args(argv)

    passages = read_gold(args.gold)
    texts = [p.text for p in passages]
    sentences = [s for p in passages for s in p.sentences]
    n_sentences = len(sentences)

    scores: list[Score] = []
    skipped: list[str] = []
    for name, factory in (("newsfuse.segment", newsfuse_splitter), ("underthesea", underthesea_splitter)):
        split = factory()
        score = score_splitter(name, split, passages, args.errors)
        score.ms_per_sentence = ms_per_sentence(split, texts, n_sentences, args.repeats)
        scores.append(score)
    word_tools: list[tuple[str, Callable[[], Callable[[str], list[str]]]]] = [
        ("underthesea", underthesea_words),
        ("pyvi", pyvi_words),
    ]
    for name, factory in word_tools:
        try:
            tokenize = factory()
        except ImportError:
            skipped.append(name)
            continue
        score = score_words(name, tokenize, passages)
        score.ms_per_sentence = ms_per_sentence(tokenize, sentences, n_sentences, args.repeats)
        scores.append(score)

    gold_words = sum(len(w) for p in passages for w in p.words)
    print(f"gold: {len(passages)} passages, {n_sentences} sentences, {gold_words} words ({args.gold.name})")
    header = f"{'task':<10} {'tool':<17} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'ms/sent':>8}"
    print(header)
    print("-" * len(header))
    for s in scores:
        print(
            f"{s.task:<10} {s.tool:<17} {s.gold:>5} {s.predicted:>5} {s.precision:>6.3f} "
            f"{s.recall:>6.3f} {s.f1:>6.3f} {s.ms_per_sentence or 0:>8.3f}"
            + (f"  ({s.unaligned} unaligned)" if s.unaligned else "")
        )
    for name in skipped:
        print(f"{name} not installed: skipped")
    versions = {p: _version(p) for p in ("newsfuse", "nupunkt", "underthesea", "pyvi")}
    print("versions: " + ", ".join(f"{p} {v or '-'}" for p, v in versions.items()))

    if args.json:
        figures = {
            "gold": {
                "file": str(args.gold),
                "passages": len(passages),
                "sentences": n_sentences,
                "words": gold_words,
            },
            "repeats": args.repeats,
            "versions": versions,
            "scores": [s.as_dict() for s in scores],
            "skipped": skipped,
        }
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
