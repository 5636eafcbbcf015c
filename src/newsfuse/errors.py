"""The exceptions newsfuse raises, one tree with a single base.

    NewsfuseError
    ├── ConfigError                 a setting, configuration file or option is invalid
    │   └── UnknownNameError        nothing is registered under that name (a format, a store)
    │       └── UnknownAlgorithmError  ... an algorithm, a weigher or a search
    ├── UsageError                  the library was called with a value it cannot take
    │                               (also a ``TypeError``)
    ├── NothingToSummarizeError     no usable article was left after ingest and cleaning
    │                               (carries ``problems``: every input that was skipped)
    ├── TooManySentencesError       more sentences than one summary takes (``max_sentences``)
    ├── StoreError                  a database cannot be opened, read or written (carries ``url``)
    │   ├── StoreLockedError        another run holds the write lock
    │   ├── StoreSchemaError        not a newsfuse database, or one of another version
    │   └── StoreSettingsError      the stored events were formed under other settings
    ├── BatchError                  a batch run cannot start or go on (no scheduler, bad options)
    └── InputError                  one input could not be used (carries ``origin``, ``line``)
        ├── SourceNotFoundError     a path does not exist
        ├── UnreadableSourceError   a path exists but cannot be read
        ├── BinaryInputError        the bytes are not text (an image, an archive, ...)
        ├── DecodingError           the bytes are text in no encoding we can identify
        ├── UnsupportedFormatError  the file type is not one newsfuse reads
        ├── MalformedRecordError    a JSON document or JSONL line is invalid
        ├── NoArticleError          an HTML page holds no article text
        ├── EmptyArticleError       an article has no text, or none left after cleaning
        └── FetchError              a URL could not be fetched (``origin`` is the URL)
            └── RefusedURLError     a URL newsfuse will not fetch (its scheme, or an
                                    address that is not public: loopback, private, ...)

Batch work takes an error policy (``ErrorPolicy``): stop at the first bad input, or skip
it, record it as a ``Problem`` (``model.problems``: a plain record that results carry),
and go on. Errors of
other libraries (SQL drivers, parsers) are translated into these at the border.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for annotations only: the model sits above the errors
    from newsfuse.model.problems import Problem


class NewsfuseError(Exception):
    """Base of every error newsfuse raises on purpose."""


class ConfigError(NewsfuseError):
    pass


class UnknownNameError(ConfigError):
    pass


class UnknownAlgorithmError(UnknownNameError):
    pass


class UsageError(NewsfuseError, TypeError):
    pass


class NothingToSummarizeError(NewsfuseError):
    def __init__(self, message: str, *, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), (str(self),), {"problems": self.problems})


class TooManySentencesError(NewsfuseError):
    pass


class StoreError(NewsfuseError):
    """A database problem; ``url`` names the database (a path or a URL without password)."""

    def __init__(self, url: str, message: str) -> None:
        self.url = url
        self.message = message
        super().__init__(f"{url}: {message}")

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), (self.url, self.message), {})


class StoreLockedError(StoreError):
    pass


class StoreSchemaError(StoreError):
    pass


class StoreSettingsError(StoreError):
    pass


class BatchError(NewsfuseError):
    """A batch run (``newsfuse batch``) cannot start or go on."""


class InputError(NewsfuseError):
    """A problem with one input; ``origin`` names it (a path, ``-`` for standard input)."""

    kind = "bad-input"
    """The ``Problem.kind`` this error is recorded as."""

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

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), (self.origin, self.message), {"line": self.line})


class SourceNotFoundError(InputError):
    kind = "not-found"


class UnreadableSourceError(InputError):
    kind = "unreadable"


class BinaryInputError(InputError):
    kind = "binary"


class DecodingError(InputError):
    kind = "undecodable"


class UnsupportedFormatError(InputError):
    kind = "unsupported-format"


class MalformedRecordError(InputError):
    kind = "malformed-record"


class NoArticleError(InputError):
    kind = "no-article"


class EmptyArticleError(InputError):
    kind = "empty-article"


class ArticleTooLongError(InputError):
    kind = "too-long"


class FetchError(InputError):
    kind = "fetch-failed"


class RefusedURLError(FetchError):
    kind = "refused-url"


def _rebuild(kind: type[Exception], args: tuple[Any, ...], keywords: dict[str, Any]) -> Exception:
    """Unpickle an error whose constructor takes keyword arguments."""
    return kind(*args, **keywords)


class ErrorPolicy(Enum):
    """What batch work does with a bad input."""

    RAISE = "raise"
    """Stop at the first bad input and raise its error."""
    SKIP = "skip"
    """Record the input as a ``Problem``, skip it, and go on with the rest."""
