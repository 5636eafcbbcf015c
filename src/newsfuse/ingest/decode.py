"""Bytes to text: refuse binary data, honour declared encodings, detect the rest."""

from __future__ import annotations

import codecs
import re
import zlib

from newsfuse.errors import BinaryInputError, DecodingError, UnreadableSourceError

_SNIFF_BYTES = 8192
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_GZIP_MEMBERS = 1000
# Control bytes that never occur in text (tab, newlines, form feed and escape are allowed).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def maybe_gunzip(data: bytes, origin: str, *, limit: int) -> bytes:
    """Transparently decompress gzip data (saved web pages are often stored gzipped), every
    member of it (``cat a.gz b.gz`` is one valid file), refusing to inflate past ``limit``
    bytes."""
    if not data.startswith(_GZIP_MAGIC):
        return data
    inflated = bytearray()
    rest = data
    members = 0
    while rest.startswith(_GZIP_MAGIC):
        members += 1
        if members > _MAX_GZIP_MEMBERS:  # each one copies the rest: thousands cost minutes
            raise UnreadableSourceError(origin, f"more than {_MAX_GZIP_MEMBERS} gzip members")
        inflater = zlib.decompressobj(wbits=31)
        try:
            inflated += inflater.decompress(rest, limit + 1 - len(inflated))
        except zlib.error as error:
            raise BinaryInputError(origin, f"corrupt gzip data ({error})") from None
        if len(inflated) > limit:
            raise UnreadableSourceError(origin, f"larger than {limit >> 20} MiB once decompressed")
        if not inflater.eof:
            raise BinaryInputError(origin, "corrupt gzip data (truncated)")
        rest = inflater.unused_data
    if rest.strip(b"\0"):
        raise BinaryInputError(origin, "corrupt gzip data (other bytes after its end)")
    return bytes(inflated)


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode ``data`` as text, or raise a ``BinaryInputError`` / ``DecodingError``.

    Order of trust: a byte-order mark, UTF-8, an HTML ``<meta charset>`` declaration, then
    statistical detection. UTF-8 comes before the declaration because scraped pages often
    keep a stale declaration after being re-saved as UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict_decode(data, encoding, origin)
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    _refuse_binary(data, origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if declared:
        try:  # a declared codec may be no text encoding at all ("undefined", "base64")
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeError):
            pass
    return _detect(data, origin)


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark, in any language: of the two byte orders, the
    one that reads as text with spaces between its words (read the other way round, a
    space is U+2000 and the text is a jumble of rare characters)."""
    head = data[:_SNIFF_BYTES]
    if len(head) < 4 or b"\x00" not in head or len(data) % 2:
        return None
    best, best_spaces = None, 0
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:4000]
        spaces = sample.count(" ") + sample.count("\n")
        printable = sum(c.isprintable() or c.isspace() for c in sample)
        if printable >= 0.95 * len(sample) and spaces > best_spaces:
            best, best_spaces = text, spaces
    if best is None or best_spaces < 0.05 * min(len(best), 4000):
        return None
    return best


def _refuse_binary(data: bytes, origin: str) -> None:
    head = data[:_SNIFF_BYTES]
    if not head:
        return
    control = sum(head.count(bytes([b])) for b in _BINARY_BYTES)
    if b"\x00" in head or control / len(head) > 0.01:
        raise BinaryInputError(origin, "binary data, not text (is this an image or archive?)")


def _strict_decode(data: bytes, encoding: str, origin: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise DecodingError(
            origin, f"invalid {encoding} text at byte {error.start} despite its byte-order mark"
        ) from None


def _detect(data: bytes, origin: str) -> str:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise DecodingError(origin, "not valid UTF-8, and no other text encoding fits the bytes")
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    # Short texts leave several single-byte code pages equally plausible; among the
    # near-equals, prefer the one most legacy web pages actually use.
    for match in matches:
        near_equal = match.chaos <= best.chaos and match.coherence >= best.coherence - 0.1
        if match.encoding in _PREFERRED_LEGACY and near_equal:
            return str(match)
    return str(best)
