"""The exceptions newsfuse raises, one tree with a single base.

    NewsfuseError
    ├── ConfigError                 a configuration file, variable or option is invalid
    ├── UnknownAlgorithmError       no algorithm is registered under that name
    ├── NothingToSummarizeError     no usable article was left after ingest and cleaning
    │                               (carries ``errors``: every input that was skipped)
    ├── InputTooLargeError          more sentences than one summary takes (``max_sentences``)
    └── InputError                  one input could not be used (carries ``origin``)
        ├── SourceNotFoundError     a path does not exist
        ├── UnreadableSourceError   a path exists but cannot be read
        ├── BinaryInputError        the bytes are not text (an image, an archive, ...)
        ├── DecodingError           the bytes are text in no encoding we can identify
        ├── UnsupportedFormatError  the file type is not one newsfuse reads
        ├── MalformedRecordError    a JSON document or JSONL line is invalid (carries ``line``)
        ├── NoArticleError          an HTML page holds no article text
        └── EmptyArticleError       an article has no text, or none left after cleaning

Batch work takes an error policy (see ``ErrorPolicy``): stop at the first bad input, or
skip it, record the error, and go on.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""


class ConfigError(NewsfuseError):
    pass


class UnknownAlgorithmError(NewsfuseError):
    pass


class NothingToSummarizeError(NewsfuseError):
    def __init__(self, message: str, *, errors: Sequence[InputError] = ()) -> None:
        super().__init__(message)
        self.errors = tuple(errors)


class InputTooLargeError(NewsfuseError):
    pass


class InputError(NewsfuseError):
    """A problem with one input; ``origin`` names it (a path, ``-`` for standard input)."""

    def __init__(self, origin: str, message: str, *, line: int | None = None) -> None:
        self.origin = origin
        self.line = line
        self.message = message
        super().__init__(str(self))

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class SourceNotFoundError(InputError):
    pass


class UnreadableSourceError(InputError):
    pass


class BinaryInputError(InputError):
    pass


class DecodingError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class MalformedRecordError(InputError):
    pass


class NoArticleError(InputError):
    pass


class EmptyArticleError(InputError):
    pass


class ErrorPolicy(Enum):
    """What batch work does with a bad input."""

    RAISE = "raise"
    """Stop at the first bad input and raise its error."""
    SKIP = "skip"
    """Record the error, skip the input, and go on with the rest."""


class Problems:
    """Collects input errors under a policy: raises at once, or keeps them for a report."""

    def __init__(self, policy: ErrorPolicy = ErrorPolicy.SKIP) -> None:
        self.policy = policy
        self.errors: list[InputError] = []

    def report(self, error: InputError) -> None:
        if self.policy is ErrorPolicy.RAISE:
            raise error
        self.errors.append(error)
