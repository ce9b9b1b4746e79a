"""Markdown translated in its own format: only the text of paragraphs, headings, list items, quotations and table
cells changes; front matter, code, HTML blocks, link addresses and reference definitions stay byte for byte, and the
document parses to the same blocks and inline elements."""

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from translators import into_chinese, shout, tagless

from assistant.core.formats.markdown_file import MarkdownFile
from assistant.core.formats.opening import open_file
from assistant.core.formats.translatable import FormatProblem

FRONT = "---\ntitle: Keep me\ntags: [a, b]\n---\n"
FENCE = '```python\nprint("keep me")  # and me\n```\n'
SOURCE = FRONT + """
# The *first* chapter #

Read [the manual](https://example.org/m "Manual") and run `make --fast` before
the second line with ![a cat](cat.png) and <span>inline html</span>.

> Quoted **bold** text
> continues here.

- First item
- Second item with [a reference][ref] and [shortcut]
  continued on a second line
  1. Nested and ordered

""" + FENCE + """
    indented code, kept

<div>
An HTML block, kept
</div>

| Name | Value \\| pipe |
|------|---------------|
| Apple | `x` and red |
|       | 42 |

Setext heading
==============

1. One
2. Two

[ref]: https://example.com "Title"
[shortcut]: https://example.org
"""
KEPT = [FRONT, FENCE, "    indented code, kept\n", "<div>\nAn HTML block, kept\n</div>\n",
        '[ref]: https://example.com "Title"\n[shortcut]: https://example.org\n', "|------|---------------|\n"]


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _shape(text: str) -> list:
    """Every block and inline token's type, with the addresses, code and HTML that must not change."""
    shape = []
    for token in _parser().parse(text):
        shape.append(token.type)
        for child in token.children or []:
            kept = child.content if child.type in ("code_inline", "html_inline") else ""
            shape.append((child.type, child.attrs.get("href") or child.attrs.get("src") or "", kept))
        if token.type in ("fence", "code_block", "html_block"):
            shape.append(token.content)
    return [item for item in shape if item not in (("text", "", ""), ("softbreak", "", ""))]


def _written(tmp_path: Path, translate=shout, name="source.md", text=SOURCE, **options) -> tuple[MarkdownFile, str]:
    source = tmp_path / name
    source.write_text(text, "utf-8")
    document = open_file(source)
    out = tmp_path / f"out-{translate.__name__}.md"
    document.write(out, [translate(segment.text) for segment in document.segments], **options)
    return document, out.read_text("utf-8")


def test_only_the_text_changes_and_the_document_keeps_its_shape(tmp_path):
    document, out = _written(tmp_path)
    assert isinstance(document, MarkdownFile)
    assert _shape(out) == _shape(SOURCE)
    for kept in KEPT:
        assert kept in out
    assert "# THE *FIRST* CHAPTER #\n" in out
    assert '[THE MANUAL](https://example.org/m "Manual")' in out and "`make --fast`" in out
    assert "> QUOTED **BOLD** TEXT\n> CONTINUES HERE.\n" in out
    assert "  CONTINUED ON A SECOND LINE\n  1. NESTED AND ORDERED\n" in out
    # A shortcut reference's text is its label: the label is kept beside the translated text.
    assert "[A REFERENCE][ref]" in out and "[SHORTCUT][shortcut]" in out
    assert "| APPLE | `x` AND RED |" in out and "| NAME | VALUE \\| PIPE |" in out
    assert "SETEXT HEADING\n==============\n" in out
    reopened = open_file(tmp_path / "out-shout.md")
    assert [s.text for s in reopened.segments] == [shout(s.text) for s in document.segments]


def test_segments_carry_links_as_tags_and_code_as_marks(tmp_path):
    (tmp_path / "a.md").write_text(SOURCE, "utf-8")
    document = open_file(tmp_path / "a.md")
    texts = [segment.text for segment in document.segments]
    assert texts[0] == "The *first* chapter"
    assert texts[1] == ("Read <t1>the manual</t1> and run <t2/> before\n"
                        "the second line with <t3/> and <t4/>inline html<t5/>.")
    assert document.segments[1].tags == 5 and document.segments[1].where == "Line 8"
    assert "42" not in texts and not any("keep me" in text or "HTML block" in text for text in texts)
    assert [skipped.where for skipped in document.skipped] == ["Line 1", "Line 25"]  # front matter, HTML block


def test_untranslated_segments_leave_the_file_byte_for_byte(tmp_path):
    source = tmp_path / "a.md"
    source.write_bytes(SOURCE.replace("\n", "\r\n").encode("utf-8-sig"))
    document = open_file(source)
    document.write(tmp_path / "same.md", [None] * len(document.segments))
    assert (tmp_path / "same.md").read_bytes() == source.read_bytes()
    translations = [None] * len(document.segments)
    translations[1] = shout(document.segments[1].text)
    document.write(tmp_path / "one.md", translations)
    written = (tmp_path / "one.md").read_bytes()
    assert written.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in written.replace(b"\r\n", b"")
    assert b"READ [THE MANUAL]" in written and b"# The *first* chapter #\r\n" in written


def test_broken_tags_keep_the_links_and_code(tmp_path):
    document, out = _written(tmp_path, tagless)
    assert _shape(out) == _shape(SOURCE)
    assert "`make --fast`" in out and "![a cat](cat.png)" in out


def test_a_translation_in_another_script_keeps_the_shape(tmp_path):
    _document, out = _written(tmp_path, into_chinese)
    assert _shape(out) == _shape(SOURCE)
    assert "# 译文 *译文* 译文 #" in out


def test_a_translation_that_looks_like_markdown_stays_text(tmp_path):
    text = "Intro words here.\n\n- An item\n\nA closing paragraph\nwith two lines.\n"
    (tmp_path / "a.md").write_text(text, "utf-8")
    document = open_file(tmp_path / "a.md")
    document.write(tmp_path / "b.md", ["1. Not a list", "# Not a heading", "Words\n\n---\n> not quoted"])
    out = (tmp_path / "b.md").read_text("utf-8")
    assert _shape(out) == _shape(text)
    assert out == "1\\. Not a list\n\n- \\# Not a heading\n\nWords\n\\---\n\\> not quoted\n"


def test_bilingual_follows_each_block_with_its_translation(tmp_path):
    document, out = _written(tmp_path, bilingual=True)
    assert out.startswith(FRONT)
    blocks = [token.type for token in _parser().parse(out[len(FRONT):]) if token.type.endswith("_open")]
    source_blocks = [token.type for token in _parser().parse(SOURCE[len(FRONT):]) if token.type.endswith("_open")]
    assert blocks.count("heading_open") == 2 * source_blocks.count("heading_open")
    assert blocks.count("list_item_open") == source_blocks.count("list_item_open")  # the numbers stay
    assert blocks.count("paragraph_open") == 2 * source_blocks.count("paragraph_open")
    assert blocks.count("td_open") == source_blocks.count("td_open")
    assert "# The *first* chapter #\n\n# THE *FIRST* CHAPTER #\n" in out
    assert "- First item\n\n  FIRST ITEM\n" in out
    assert "> continues here.\n>\n> QUOTED **BOLD** TEXT\n" in out
    assert "| Apple<br>APPLE |" in out
    for kept in KEPT:
        assert kept in out


def test_files_it_cannot_read_are_refused_and_nothing_is_written(tmp_path):
    (tmp_path / "latin.md").write_bytes("Caf\xe9 cr\xe8me".encode("latin-1"))
    (tmp_path / "junk.md").write_bytes(bytes(range(256)) * 4)
    for name in ("latin.md", "junk.md"):
        with pytest.raises(FormatProblem):
            open_file(tmp_path / name)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["junk.md", "latin.md"]
    (tmp_path / "empty.md").write_bytes(b"")
    assert open_file(tmp_path / "empty.md").segments == []


def test_the_source_is_never_written_over(tmp_path):
    (tmp_path / "a.md").write_text(SOURCE, "utf-8")
    document = open_file(tmp_path / "a.md")
    with pytest.raises(FormatProblem):
        document.write(tmp_path / "a.md", [shout(s.text) for s in document.segments])
    assert (tmp_path / "a.md").read_text("utf-8") == SOURCE
