import codecs
import gzip

import pytest

from newsfuse.errors import BinaryInputError, DecodingError, UnreadableSourceError
from newsfuse.ingest.decode import decode_bytes, maybe_gunzip

STORY = "Le maire a déclaré que l'incendie était maîtrisé à 11 h 20, selon les pompiers. " * 3


def test_utf8_is_read_as_is():
    assert decode_bytes(STORY.encode("utf-8"), "a.txt") == STORY


def test_legacy_single_byte_encoding_is_detected():
    assert decode_bytes(STORY.encode("cp1252"), "a.txt") == STORY


def test_byte_order_mark_decides_utf16():
    data = codecs.BOM_UTF16_LE + STORY.encode("utf-16-le")
    assert decode_bytes(data, "a.txt") == STORY


def test_declared_html_charset_is_honoured():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{STORY}</p></body></html>'
    assert "déclaré" in decode_bytes(page.encode("iso-8859-1"), "a.html")


def test_binary_data_is_refused_with_its_origin():
    with pytest.raises(BinaryInputError, match=r"photo\.txt: binary data"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "photo.txt")


def test_invalid_text_after_a_byte_order_mark_is_a_decoding_error():
    with pytest.raises(DecodingError, match=r"bom\.txt"):
        decode_bytes(codecs.BOM_UTF8 + b"caf\xe9 " * 10, "bom.txt")


def test_gzip_is_unpacked_and_corrupt_gzip_refused():
    assert maybe_gunzip(gzip.compress(b"hello"), "a.gz", limit=100) == b"hello"
    with pytest.raises(BinaryInputError, match="corrupt gzip"):
        maybe_gunzip(b"\x1f\x8b" + b"\x00" * 20, "a.gz", limit=100)
    with pytest.raises(BinaryInputError, match="truncated"):
        maybe_gunzip(gzip.compress(b"hello" * 100)[:-12], "a.gz", limit=10_000)


def test_decompression_bomb_is_refused():
    with pytest.raises(UnreadableSourceError, match="once decompressed"):
        maybe_gunzip(gzip.compress(b"a" * 5_000_000), "bomb.gz", limit=1_000_000)


def test_utf16_without_byte_order_mark_is_text_not_binary():
    assert decode_bytes(STORY.encode("utf-16-le"), "a.txt") == STORY
    assert decode_bytes(STORY.encode("utf-16-be"), "a.txt") == STORY


def test_every_member_of_a_gzip_file_is_read():
    import gzip

    data = gzip.compress(b"First part. ") + gzip.compress(b"Second part.")
    assert maybe_gunzip(data, "x.gz", limit=1000) == b"First part. Second part."
    with pytest.raises(UnreadableSourceError, match="once decompressed"):
        maybe_gunzip(gzip.compress(b"a" * 600) + gzip.compress(b"b" * 600), "x.gz", limit=1000)
    with pytest.raises(BinaryInputError, match="other bytes after its end"):
        maybe_gunzip(gzip.compress(b"a") + b"junk", "x.gz", limit=1000)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Cảng Velmora bị cháy lớn vào sáng thứ Ba, nhiều người bị thương.",
        "Пожар в порту Велмора: пострадали четырнадцать человек.",
        "The harbor fire injured 14 people.",
    ],
)
def test_utf16_without_a_byte_order_mark_is_read_in_any_language(encoding, text):
    assert decode_bytes((text * 3).encode(encoding), "x.txt") == text * 3


@pytest.mark.parametrize("charset", ["undefined", "base64", "no-such-codec"])
def test_a_declared_charset_that_is_no_text_encoding_is_ignored(charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>caf\xe9 on the pier</p></body></html>'
    assert "caf" in decode_bytes(page.encode("latin-1"), "x.html")


def test_thousands_of_gzip_members_are_refused_not_ground_through():
    import gzip

    data = gzip.compress(b"The fire.") + gzip.compress(b"") * 2000
    with pytest.raises(UnreadableSourceError, match="gzip members"):
        maybe_gunzip(data, "x.gz", limit=1 << 20)
