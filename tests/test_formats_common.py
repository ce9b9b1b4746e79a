"""What every file format shares (core/formats): the size limit, zip packages opened with limits, atomic writes that
never replace the source, and inline formatting carried through a translation as numbered tags."""

from __future__ import annotations

import zipfile

import pytest

from assistant.core.formats.inline_tags import decode, encode, spans_in, spans_of, spread, strip_tags, tags_intact
from assistant.core.formats.opening import SUFFIXES, open_file
from assistant.core.formats.safe_zip import SafeZip, check_package
from assistant.core.formats.translatable import FormatProblem, write_atomically

SPANS = [("Read ", 0), ("the manual", 1), (" first", 0), ("", 2), (".", 0)]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_2_gb_file_of_any_kind_is_refused_before_it_is_read(tmp_path, suffix):
    path = tmp_path / f"huge{suffix}"
    with open(path, "wb") as handle:  # sparse: 2 GB on paper, nothing on the disk
        handle.truncate(2 << 30)
    with pytest.raises(FormatProblem, match="too large"):
        open_file(path)


def test_a_kind_that_is_not_translated_says_so(tmp_path):
    path = tmp_path / "sheet.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(FormatProblem, match=r"\.xlsx"):
        open_file(path)
    with pytest.raises(FormatProblem):
        open_file(tmp_path / "missing.docx")


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(tmp_path):
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as package:
        with package.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(300):  # 300 MB of zeros, a few hundred KB packed
                member.write(chunk)
    assert bomb.stat().st_size < 2 << 20
    with pytest.raises(FormatProblem, match="zip bomb"):
        check_package(bomb)


def test_a_package_naming_files_outside_itself_or_lying_about_sizes_is_refused(tmp_path):
    climbing = tmp_path / "climb.epub"
    with zipfile.ZipFile(climbing, "w") as package:
        package.writestr("../../etc/passwd", "x")
    with pytest.raises(FormatProblem, match="outside"):
        check_package(climbing)
    plain = tmp_path / "plain.epub"
    with zipfile.ZipFile(plain, "w") as package:
        package.writestr("mimetype", "application/epub+zip")
    with SafeZip(plain) as package:
        assert package.read("mimetype") == b"application/epub+zip"
        with pytest.raises(FormatProblem, match="lacks"):
            package.read("META-INF/container.xml")
    not_zip = tmp_path / "text.pptx"
    not_zip.write_text("hello", encoding="utf-8")
    with pytest.raises(FormatProblem, match="damaged"):
        check_package(not_zip)


def test_a_failed_write_leaves_what_was_there_and_the_source_is_never_replaced(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("before", encoding="utf-8")

    def fails(temporary):
        temporary.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(out, fails)
    assert out.read_text(encoding="utf-8") == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left behind
    with pytest.raises(FormatProblem, match="cannot replace"):
        write_atomically(out, lambda temporary: temporary.write_text("x", encoding="utf-8"), source=out)
    assert out.read_text(encoding="utf-8") == "before"


def test_tags_round_trip_and_follow_the_translations_word_order():
    text = encode(SPANS)
    assert text == "Read <t1>the manual</t1> first<t2/>."
    assert spans_in(text) == SPANS
    assert strip_tags(text) == "Read the manual first."
    moved = "<t1>Le manuel</t1>, lisez-le d'abord<t2/>."
    assert decode(moved, SPANS) == [("Le manuel", 1), (", lisez-le d'abord", 0), ("", 2), (".", 0)]
    assert tags_intact(text, moved)


@pytest.mark.parametrize("broken", [
    "Lisez d'abord le manuel<t2/>.",  # a pair lost
    "Lisez <t1>d'abord</t1> <t1>le manuel</t1><t2/>.",  # doubled
    "Lisez <t1>d'abord le manuel<t2/></t1>.",  # nested
    "Lisez <t1>d'abord le manuel<t2/>.",  # never closed
    "Lisez <t2>d'abord</t2> <t1>le manuel</t1>.",  # a mark turned into a pair
    "Lisez <t3>d'abord</t3> <t1>le manuel</t1><t2/>.",  # one that was never there
])
def test_broken_tags_are_spread_over_the_source_spans_in_order(broken):
    assert decode(broken, SPANS) is None and not tags_intact(encode(SPANS), broken)
    spans, intact = spans_of(broken, SPANS)
    assert not intact
    assert [tag for _text, tag in spans] == [tag for _text, tag in SPANS]  # every style still there, in order
    assert "".join(text for text, _tag in spans) == strip_tags(broken)  # and every word of the translation


def test_spread_cuts_words_whole_in_spaced_scripts_and_anywhere_in_chinese():
    latin = spread("Lisez le manuel avant tout usage.", [("Read ", 0), ("the manual", 1), (" first.", 0)])
    assert all(not text or text.endswith(" ") or text.endswith(".") for text, _tag in latin[:-1])
    chinese = spread("请先阅读手册。", [("Read ", 0), ("the manual", 1), (" first.", 0)])
    assert "".join(text for text, _tag in chinese) == "请先阅读手册。" and all(text for text, _tag in chinese)
