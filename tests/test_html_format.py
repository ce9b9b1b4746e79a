"""HTML and XHTML translated in their own format: the elements and their attributes (but the translated ones) come
back in the same order, code, scripts and styles as they were, comments, doctype and encoding kept, and the page
names the translation's language."""

from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from translators import into_chinese, shout, tagless

from assistant.core.formats.html_file import HtmlFile
from assistant.core.formats.opening import open_file
from assistant.core.formats.translatable import FormatProblem

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>My page</title>
<style>p::before { content: "keep"; }</style></head>
<body>
<!-- a comment, kept -->
<h1 id="top">Welcome <em>home</em></h1>
<p>Read <a href="/manual" title="The manual">the <strong>whole</strong> manual</a> first, then <code>run()</code>.<br>
A second line with <img src="cat.png" alt="A cat"> in it.</p>
<ul><li>One <b>bold</b> item</li><li>Two<ul><li>Nested item</li></ul></li></ul>
<table><caption>Fruit prices</caption><tr><th>Name</th><td><a href="#d"><strong>Download</strong></a></td></tr></table>
<pre>keep   this   spacing</pre>
<script>var text = "<p>not a paragraph</p>";</script>
<form><input placeholder="Your name"> <button aria-label="Send the form">Send it</button>
<select><option>First choice</option></select></form>
<div>Loose text <p>An inner paragraph</p> after it</div>
<p translate="no">Brand Name</p>
<p>12345</p>
<svg><text>vector text</text></svg>
</body>
</html>
"""
TRANSLATED_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "lang"}


def _elements(data: bytes, xml: bool = False) -> list:
    """Every element's tag and its attributes but the translated ones, in document order."""
    root = etree.fromstring(data) if xml else lxml.html.document_fromstring(data)
    return [(element.tag, sorted((k, v) for k, v in element.attrib.items() if etree.QName(k).localname
                                 not in TRANSLATED_ATTRIBUTES)) for element in root.iter()]


def _written(tmp_path: Path, translate=shout, page=PAGE, name="page.html", **options) -> tuple[HtmlFile, Path]:
    source = tmp_path / name
    source.write_bytes(page.encode("utf-8") if isinstance(page, str) else page)
    document = open_file(source)
    out = tmp_path / f"out-{translate.__name__}{source.suffix}"
    document.write(out, [translate(segment.text) for segment in document.segments], **options)
    return document, out


def test_segments_are_the_block_texts_with_inline_tags_and_attributes(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    document = open_file(tmp_path / "page.html")
    texts = [segment.text for segment in document.segments]
    assert texts == [
        "My page", "Welcome <t1>home</t1>",
        "Read <t1>the </t1><t2>whole</t2><t3> manual</t3> first, then <t4/>.<t5/> A second line with <t6/> in it.",
        "The manual", "A cat", "One <t1>bold</t1> item", "Two", "Nested item", "Fruit prices", "Name",
        "<t1>Download</t1>", "Your name", "Send the form", "Send it", "First choice", "Loose text",
        "An inner paragraph", "after it"]
    assert document.segments[2].tags == 6 and document.segments[2].where == "Line 8"


def test_only_the_text_changes(tmp_path):
    document, out = _written(tmp_path, language="fr")
    written = out.read_bytes()
    assert _elements(written) == _elements(PAGE.encode())
    text = written.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>\n") and '<meta charset="utf-8">' in text
    for kept in ("<!-- a comment, kept -->", "<code>run()</code>", "<pre>keep   this   spacing</pre>",
                 '<script>var text = "<p>not a paragraph</p>";</script>', 'p::before { content: "keep"; }',
                 '<p translate="no">Brand Name</p>', "<p>12345</p>", "<text>vector text</text>"):
        assert kept in text
    assert '<html lang="fr">' in text and '<title>MY PAGE</title>' in text
    assert '<a href="/manual" title="THE MANUAL">THE <strong>WHOLE</strong> MANUAL</a>' in text
    assert 'alt="A CAT"' in text and 'placeholder="YOUR NAME"' in text and 'aria-label="SEND THE FORM"' in text
    reopened = open_file(out)
    assert [s.text for s in reopened.segments] == [shout(s.text) for s in document.segments]


def test_untranslated_segments_keep_their_text(tmp_path):
    document, out = _written(tmp_path, translate=lambda text: None)
    assert [s.text for s in open_file(out).segments] == [s.text for s in document.segments]
    assert 'lang="en"' in out.read_text("utf-8")


def test_the_translation_may_move_an_inline_element(tmp_path):
    source = tmp_path / "page.html"
    source.write_text('<p>Read <a href="/m">the manual</a> first, <b>twice</b>.</p>', "utf-8")
    document = open_file(source)
    assert document.segments[0].text == "Read <t1>the manual</t1> first, <t2>twice</t2>."
    document.write(tmp_path / "out.html", ["<t2>Deux fois</t2>, lisez <t1>le manuel</t1> d'abord."])
    assert (tmp_path / "out.html").read_text("utf-8") == \
        '<p><b>Deux fois</b>, lisez <a href="/m">le manuel</a> d\'abord.</p>'  # a fragment stays a fragment


def test_broken_tags_keep_every_element(tmp_path):
    _document, out = _written(tmp_path, tagless)
    assert _elements(out.read_bytes()) == _elements(PAGE.encode())
    _document, out = _written(tmp_path, into_chinese)
    assert _elements(out.read_bytes()) == _elements(PAGE.encode())
    assert "<h1 id=\"top\">译文 <em>译文</em></h1>" in out.read_text("utf-8")


def test_bilingual_follows_each_block_with_its_translation(tmp_path):
    _document, out = _written(tmp_path, bilingual=True, language="fr")
    text = out.read_text("utf-8")
    assert '<html lang="en">' in text  # a bilingual page is in both languages: its own is left
    assert '<h1 id="top">Welcome <em>home</em></h1>\n<h1>WELCOME <em>HOME</em></h1>' in text
    assert "<li>One <b>bold</b> item<br>ONE <b>BOLD</b> ITEM</li>" in text  # the list keeps its items
    assert '<td><a href="#d"><strong>Download<br>DOWNLOAD</strong></a></td>' in text
    assert "<title>My page / MY PAGE</title>" in text and 'placeholder="Your name / YOUR NAME"' in text
    assert '<img src="cat.png" alt="A cat">' in text and '<img src="cat.png" alt="A CAT">' in text  # in the copy
    root = lxml.html.document_fromstring(out.read_bytes())
    source = lxml.html.document_fromstring(PAGE)
    assert len(root.findall(".//p")) == len(source.findall(".//p")) + 2  # the two translated
    assert len(root.findall(".//li")) == len(source.findall(".//li"))
    assert len(root.findall(".//td")) == len(source.findall(".//td"))


def test_xhtml_is_written_as_xml_with_its_language(tmp_path):
    page = ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" '
            'xml:lang="en" lang="en"><head><title>A title</title></head>\n<body><p>It was a <em>dark</em>'
            '&nbsp;night.<br/>Then <code>x &lt; y</code>.</p></body></html>\n')
    document, out = _written(tmp_path, page=page, name="page.xhtml", language="zh-Hans")
    assert [s.text for s in document.segments] == ["A title", "It was a <t1>dark</t1>\u00a0night.<t2/>Then <t3/>."]
    written = out.read_bytes()
    assert written.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n')
    assert _elements(written, xml=True)[1:] == _elements(page.encode().replace(b"&nbsp;", b"&#160;"), xml=True)[1:]
    root = etree.fromstring(written)
    assert root.get("lang") == "zh-Hans" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hans"
    assert b"<code>x &lt; y</code>" in written and b"<br/>" in written


def test_a_page_in_another_encoding_is_written_back_in_it(tmp_path):
    page = '<html><head><meta charset="iso-8859-1"><title>Caf\xe9</title></head><body><p>Cr\xe8me</p></body></html>'
    document, out = _written(tmp_path, translate=lambda text: "奶油" if text == "Crème" else text.upper(),
                             page=page.encode("latin-1"))
    assert [s.text for s in document.segments] == ["Caf\xe9", "Cr\xe8me"]
    written = out.read_bytes()
    assert b'<meta charset="iso-8859-1">' in written and "CAF\xc9".encode("latin-1") in written
    assert b"&#22902;&#27833;" in written  # what latin-1 cannot hold, as character references
    assert [s.text for s in open_file(out).segments] == ["CAF\xc9", "奶油"]


@pytest.mark.parametrize("name, data", [
    ("junk.html", bytes(range(256)) * 16),
    ("empty.html", b""),
    ("latin.html", "<p>Caf\xe9 cr\xe8me</p>".encode("latin-1")),  # not UTF-8 and not saying what it is
    ("unknown.html", b'<meta charset="no-such-encoding"><p>text</p>'),
    ("text.html", b"just words, no markup at all"),
    ("utf16.html", "<p>no mark</p>".encode("utf-16-le")),
    ("broken.xhtml", b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>open</body>'),
    ("laughs.xhtml", b'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %c "%s">' % (98 + level, b"&%c;" % (97 + level) * 10) for level in range(8)) +
     b']><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Laugh &i; now</p></body></html>'),  # entities' bomb
])
def test_pages_it_cannot_read_are_refused_and_nothing_is_written(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    with pytest.raises(FormatProblem):
        open_file(tmp_path / name)
    assert [path.name for path in tmp_path.iterdir()] == [name]


def test_the_source_is_never_written_over(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, "utf-8")
    document = open_file(tmp_path / "page.html")
    with pytest.raises(FormatProblem):
        document.write(tmp_path / "page.html", [shout(s.text) for s in document.segments])
    assert (tmp_path / "page.html").read_text("utf-8") == PAGE
