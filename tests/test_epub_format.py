"""EPUB books translated in their own format: each chapter in spine order, the title and the tables of contents;
the package written again with the mimetype first and stored, the members in the same order, those not translated
byte for byte, and readable by Hearth's own Documents indexer."""

import posixpath
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from translators import shout, tagless

from assistant.core.documents.readers import read_document
from assistant.core.formats.epub_file import EpubFile
from assistant.core.formats.opening import open_file
from assistant.core.formats.translatable import FormatProblem

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""
OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:1234</dc:identifier>
    <dc:title>The Little Book</dc:title>
    <dc:language>en</dc:language>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>
    <item id="c1" href="text/chapter1.xhtml" media-type="application/xhtml+xml"/>
    <item id="c2" href="text/chapter2.xhtml" media-type="application/xhtml+xml"/>
    <item id="cover" href="cover.svg" media-type="image/svg+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine toc="ncx"><itemref idref="cover"/><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"""
NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
<head><meta name="dtb:uid" content="urn:uuid:1234"/></head>
<docTitle><text>The Little Book</text></docTitle>
<navMap>
<navPoint id="p1" playOrder="1"><navLabel><text>The beginning</text></navLabel><content src="text/chapter1.xhtml"/></navPoint>
<navPoint id="p2" playOrder="2"><navLabel><text>The end</text></navLabel><content src="text/chapter2.xhtml"/></navPoint>
</navMap></ncx>"""


def chapter(title: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en">
<head><title>{title}</title><link rel="stylesheet" href="../style.css"/></head>
<body>{body}</body>
</html>"""


NAV = chapter("Contents", '<nav epub:type="toc"><h1>Contents</h1><ol><li><a href="text/chapter1.xhtml">The '
                          'beginning</a></li><li><a href="text/chapter2.xhtml">The end</a></li></ol></nav>')
MEMBERS = {
    "META-INF/container.xml": CONTAINER, "OEBPS/content.opf": OPF, "OEBPS/nav.xhtml": NAV, "OEBPS/toc.ncx": NCX,
    "OEBPS/cover.svg": '<svg xmlns="http://www.w3.org/2000/svg"><text>Cover words</text></svg>',
    "OEBPS/text/chapter1.xhtml": chapter("The beginning", "<h1>The beginning</h1><p>It was a <em>dark</em>&nbsp;"
                                                           "night.</p><p>She said <code>hello()</code> twice.</p>"),
    "OEBPS/text/chapter2.xhtml": chapter("The end", '<h1>The end</h1><p>And then it was over.</p>'
                                                    '<img src="../house.png" alt="A house"/>'),
    "OEBPS/style.css": "p { margin: 0 }", "OEBPS/house.png": b"\x89PNG not really",
}


def make_epub(path: Path, members: dict | None = None, mimetype_first: bool = True) -> Path:
    members = MEMBERS if members is None else members
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        if mimetype_first:
            book.writestr("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        for name, data in members.items():
            book.writestr(name, data)
    return path


def _translated(tmp_path: Path, translate=shout, **options) -> tuple[EpubFile, Path]:
    book = open_file(make_epub(tmp_path / "book.epub"))
    out = tmp_path / f"out-{translate.__name__}.epub"
    book.write(out, [translate(segment.text) for segment in book.segments], **options)
    return book, out


def test_segments_follow_the_spine_with_title_and_contents(tmp_path):
    book = open_file(make_epub(tmp_path / "book.epub"))
    assert isinstance(book, EpubFile)
    assert [(s.where, s.text) for s in book.segments] == [
        ("Book title", "The Little Book"),
        ("The beginning", "The beginning"), ("The beginning", "The beginning"),
        ("The beginning", "It was a <t1>dark</t1>\u00a0night."), ("The beginning", "She said <t1/> twice."),
        ("The end", "The end"), ("The end", "The end"), ("The end", "And then it was over."), ("The end", "A house"),
        ("Contents", "Contents"), ("Contents", "Contents"), ("Contents", "<t1>The beginning</t1>"),
        ("Contents", "<t1>The end</t1>"),
        ("Table of contents", "The Little Book"), ("Table of contents", "The beginning"),
        ("Table of contents", "The end")]
    assert [(s.where, s.what) for s in book.skipped] == [("cover.svg", "A page that is not XHTML (image/svg+xml), kept as it is")]


def test_the_package_is_written_again_with_only_the_text_changed(tmp_path):
    book, out = _translated(tmp_path, language="fr")
    with zipfile.ZipFile(tmp_path / "book.epub") as source, zipfile.ZipFile(out) as written:
        assert written.namelist() == source.namelist()
        first = written.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert written.read("mimetype") == b"application/epub+zip"
        for name in ("META-INF/container.xml", "OEBPS/style.css", "OEBPS/house.png", "OEBPS/cover.svg"):
            assert written.read(name) == source.read(name)
        opf = etree.fromstring(written.read("OEBPS/content.opf"))
        dc = "{http://purl.org/dc/elements/1.1/}"
        assert opf.find(f".//{dc}title").text == "THE LITTLE BOOK" and opf.find(f".//{dc}language").text == "fr"
        # Still a package: its container names it, and every manifest item and spine entry is there.
        assert etree.fromstring(written.read("META-INF/container.xml")).find(".//{*}rootfile").get("full-path") \
            == "OEBPS/content.opf"
        items = {item.get("id"): item.get("href") for item in opf.iter("{*}item")}
        assert all(idref.get("idref") in items for idref in opf.iter("{*}itemref"))
        assert all(posixpath.join("OEBPS", href) in written.namelist() for href in items.values())
        page = etree.fromstring(written.read("OEBPS/text/chapter1.xhtml"))
        assert page.get("lang") == "fr" and page.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
        assert b"<code>hello()</code>" in written.read("OEBPS/text/chapter1.xhtml")
        assert b"<text>THE END</text>" in written.read("OEBPS/toc.ncx")
    reopened = open_file(out)
    assert [s.text for s in reopened.segments] == [shout(s.text) for s in book.segments]


def test_the_documents_indexer_reads_the_translated_book(tmp_path):
    _book, out = _translated(tmp_path)
    sections = list(read_document(out))
    assert [section.title for section in sections] == ["THE BEGINNING", "THE END"]
    assert "IT WAS A DARK NIGHT." in sections[0].text and "SHE SAID hello() TWICE." in sections[0].text


def test_untranslated_book_is_copied_member_for_member(tmp_path):
    book = open_file(make_epub(tmp_path / "book.epub"))
    book.write(tmp_path / "same.epub", [None] * len(book.segments))
    with zipfile.ZipFile(tmp_path / "book.epub") as source, zipfile.ZipFile(tmp_path / "same.epub") as written:
        assert [(i.filename, written.read(i)) for i in written.infolist()] == \
            [(i.filename, source.read(i)) for i in source.infolist()]


def test_addresses_in_the_manifest_are_url_decoded(tmp_path):
    members = {name.replace("chapter1", "chapter 1"): data.replace("chapter1", "chapter%201")
               if isinstance(data, str) else data for name, data in MEMBERS.items()}
    book = open_file(make_epub(tmp_path / "spaced.epub", members))
    assert book.segments[1].text == "The beginning" and book.segments[1].where == "The beginning"
    book.write(tmp_path / "out.epub", [shout(s.text) for s in book.segments])
    with zipfile.ZipFile(tmp_path / "out.epub") as written:
        assert b"<h1>THE BEGINNING</h1>" in written.read("OEBPS/text/chapter 1.xhtml")


def test_a_misplaced_mimetype_is_put_first(tmp_path):
    members = dict(MEMBERS)
    members["mimetype"] = "application/epub+zip"
    book = open_file(make_epub(tmp_path / "late.epub", members, mimetype_first=False))
    book.write(tmp_path / "out.epub", [shout(s.text) for s in book.segments])
    with zipfile.ZipFile(tmp_path / "out.epub") as written:
        assert written.namelist() == ["mimetype"] + list(MEMBERS)
        assert written.infolist()[0].compress_type == zipfile.ZIP_STORED


def test_broken_tags_keep_the_formatting(tmp_path):
    _book, out = _translated(tmp_path, tagless)
    with zipfile.ZipFile(out) as written:
        assert b"<p>IT WAS A <em>DARK</em>\xc2\xa0NIGHT.</p>" in written.read("OEBPS/text/chapter1.xhtml")


def test_bilingual_chapters_hold_both_languages(tmp_path):
    _book, out = _translated(tmp_path, bilingual=True, language="fr")
    with zipfile.ZipFile(out) as written:
        page = written.read("OEBPS/text/chapter2.xhtml").decode()
        nav = written.read("OEBPS/nav.xhtml").decode()
        opf = written.read("OEBPS/content.opf").decode()
    assert "<h1>The end</h1><h1>THE END</h1><p>And then it was over.</p><p>AND THEN IT WAS OVER.</p>" in page
    assert 'lang="en"' in page and "<dc:language>en</dc:language>" in opf
    assert "<dc:title>The Little Book / THE LITTLE BOOK</dc:title>" in opf
    # A table of contents' entry keeps one link, holding both.
    assert '<li><a href="text/chapter2.xhtml">The end<br/>THE END</a></li>' in nav
    assert [section.title for section in read_document(out)] == ["The beginning", "The end"]


def _bomb(path: Path) -> Path:
    make_epub(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book, book.open("OEBPS/big.xhtml", "w",
                                                                              force_zip64=True) as member:
        zeros = bytes(1 << 20)
        for _ in range(300):
            member.write(zeros)
    return path


@pytest.mark.parametrize("case", ["bomb", "no container", "missing chapter", "broken chapter", "not in manifest",
                                  "not a zip", "empty", "protected"])
def test_books_it_cannot_read_are_refused_and_nothing_is_written(tmp_path, case):
    path = tmp_path / "book.epub"
    if case == "bomb":
        _bomb(path)
    elif case == "no container":
        make_epub(path, {name: data for name, data in MEMBERS.items() if name != "META-INF/container.xml"})
    elif case == "missing chapter":
        make_epub(path, {name: data for name, data in MEMBERS.items() if name != "OEBPS/text/chapter2.xhtml"})
    elif case == "broken chapter":
        make_epub(path, {**MEMBERS, "OEBPS/text/chapter2.xhtml": chapter("x", "<p>unclosed</div>")})
    elif case == "not in manifest":
        make_epub(path, {**MEMBERS, "OEBPS/content.opf": OPF.replace('idref="c2"', 'idref="c9"')})
    elif case == "not a zip":
        path.write_bytes(b"PK\x03\x04 this is not really a zip file" * 10)
    elif case == "empty":
        path.write_bytes(b"")
    else:
        encryption = ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc='
                      '"http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData><enc:CipherData><enc:CipherReference '
                      'URI="OEBPS/text/chapter2.xhtml"/></enc:CipherData></enc:EncryptedData></encryption>')
        make_epub(path, {**MEMBERS, "META-INF/encryption.xml": encryption})
    with pytest.raises(FormatProblem):
        open_file(path)
    assert [entry.name for entry in tmp_path.iterdir()] == ["book.epub"]


def test_the_source_is_never_written_over(tmp_path):
    book = open_file(make_epub(tmp_path / "book.epub"))
    before = (tmp_path / "book.epub").read_bytes()
    with pytest.raises(FormatProblem):
        book.write(tmp_path / "book.epub", [shout(s.text) for s in book.segments])
    assert (tmp_path / "book.epub").read_bytes() == before
