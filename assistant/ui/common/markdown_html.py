"""Markdown to the HTML subset QTextBrowser renders, with highlighted code blocks and a copy link for each.

Model output is untrusted text: raw HTML in it is shown as text, never interpreted, and links are inert.
"""

from __future__ import annotations

import html

from assistant.core.i18n import translate

COPY_SCHEME = "copy-code"


class MarkdownRenderer:
    """markdown-it and pygments are imported at the first render, not when the window is built."""

    def __init__(self, dark: bool | None = None):
        self._dark = dark  # None: whatever the app's theme is at each render
        self._md = None
        self._formatters: dict[bool, object] = {}
        self._code_blocks: list[str] = []

    @property
    def dark(self) -> bool:
        if self._dark is not None:
            return self._dark
        from assistant.ui.common.theme import is_dark

        return is_dark()

    def _parser(self):
        if self._md is None:
            from markdown_it import MarkdownIt

            self._md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
            self._md.enable(["table", "strikethrough"])

            def fence(_renderer, tokens, idx, options, env):  # markdown-it binds rules to its own renderer
                return self._fence(tokens[idx])

            self._md.add_render_rule("fence", fence)
            self._md.add_render_rule("code_block", fence)
        return self._md

    def render(self, text: str) -> tuple[str, list[str]]:
        """Return the HTML and the raw source of each code block, indexed by the copy links' numbers."""
        self._code_blocks = []
        body = self._parser().render(text)
        return body, list(self._code_blocks)

    def _highlight(self, code: str, language: str) -> str | None:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import get_lexer_by_name
        from pygments.util import ClassNotFound

        try:
            lexer = get_lexer_by_name(language)
        except ClassNotFound:
            return None
        dark = self.dark
        if dark not in self._formatters:
            self._formatters[dark] = HtmlFormatter(noclasses=True, nowrap=True, style="monokai" if dark else "friendly")
        return highlight(code, lexer, self._formatters[dark])

    def _fence(self, token) -> str:
        code = token.content
        language = token.info.strip().split(" ")[0] if token.info else ""
        index = len(self._code_blocks)
        self._code_blocks.append(code)
        highlighted = self._highlight(code, language) if language else None
        inner = highlighted if highlighted is not None else html.escape(code)
        dark = self.dark
        background = "#272822" if dark else "#f4f4f4"
        header_color = "#aaaaaa" if dark else "#666666"
        code_color = "#f8f8f2" if dark else "#1e1e1e"  # text Pygments leaves uncoloured
        label = html.escape(language or "code")
        copy = html.escape(translate("Markdown", "Copy"))  # outside the f-string, where lupdate can see it
        return (
            f'<table width="100%" cellspacing="0" cellpadding="6" style="background-color:{background};'
            f'margin-top:4px;margin-bottom:4px;"><tr>'
            f'<td><span style="color:{header_color};font-size:small;">{label}</span></td>'
            # Copy at the block's top right, quiet as its language's name beside it: a word, not a blue underline.
            f'<td align="right"><a href="{COPY_SCHEME}:{index}" style="font-size:small;color:{header_color};'
            f'text-decoration:none;">{copy}</a></td></tr>'
            f'<tr><td colspan="2" style="padding-top:0;">'
            f'<pre style="margin:0;font-family:monospace;color:{code_color};">{inner.rstrip()}</pre></td></tr></table>'
        )
