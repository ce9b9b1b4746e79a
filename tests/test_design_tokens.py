"""The design tokens (docs/design.md): every text colour readable on every surface it is drawn on, in both themes,
and the palette and the HTML colours taken from the tokens rather than chosen twice."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from assistant.ui.common import theme
from assistant.ui.common.design_tokens import DARK, LIGHT, SPACING, SURFACES, TEXTS, TYPE_SCALE, contrast

THEMES = {"light": LIGHT, "dark": DARK}
AA = 4.5  # WCAG 2 AA for body text


def test_the_contrast_formula_is_wcags():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes on white


@pytest.mark.parametrize("name", THEMES)
def test_every_text_colour_is_readable_on_every_surface(name):
    tokens = THEMES[name]
    failing = [f"{text} on {surface}: {contrast(tokens[text], tokens[surface]):.2f}"
               for text in TEXTS for surface in SURFACES if contrast(tokens[text], tokens[surface]) < AA]
    assert failing == []


@pytest.mark.parametrize("name", THEMES)
def test_text_on_the_accent_and_on_marked_backgrounds_is_readable(name):
    tokens = THEMES[name]
    assert contrast(tokens["on_accent"], tokens["accent"]) >= AA
    for background in ("deleted_bg", "inserted_bg", "highlight_bg", "tooltip"):
        assert contrast(tokens["text"], tokens[background]) >= AA, background


def test_both_themes_name_the_same_roles_and_the_scales_grow():
    assert set(LIGHT) == set(DARK)
    assert list(SPACING.values()) == sorted(SPACING.values())
    assert TYPE_SCALE["small"] < TYPE_SCALE["body"] < TYPE_SCALE["larger"] < TYPE_SCALE["title"]


@pytest.mark.parametrize("name", THEMES)
def test_the_palette_and_the_html_colours_come_from_the_tokens(qapp, name):
    tokens = THEMES[name]
    dark = theme.apply(name)
    try:
        assert dark == (name == "dark")
        palette = qapp.palette()
        assert palette.color(QPalette.Base).name() == tokens["base"]
        assert palette.color(QPalette.Text).name() == tokens["text"]
        assert palette.color(QPalette.Highlight).name() == tokens["accent"]
        assert palette.color(QPalette.PlaceholderText).name() == tokens["placeholder"]
        assert palette.color(QPalette.Disabled, QPalette.Text).name() == tokens["disabled"]
        assert theme.colours()["error"] == tokens["danger"] and theme.colours()["note"] == tokens["muted"]
    finally:
        theme.apply("light")


QSS_TEXT_SURFACES = ("window", "base", "card", "thread")  # where a rule's text sits when it names no background


@pytest.mark.parametrize("name", THEMES)
def test_the_style_sheet_takes_every_colour_from_the_tokens_and_its_text_is_readable(name):
    import re

    from assistant.ui.common.resources import style_sources, stylesheet

    source = "\n".join(path.read_text(encoding="utf-8") for path in style_sources())
    assert len(style_sources()) > 1  # the areas' own sheets are read too
    declarations = re.findall(r"\{([^}]*)\}", source)
    assert not [d for d in declarations if re.search(r"#[0-9a-fA-F]{3,8}\b", d)], "a colour written by hand"
    assert not re.search(r"\b(?:rgb|rgba|hsl)\(", source)
    tokens = THEMES[name]
    sheet = stylesheet(dark=name == "dark", base_points=10.0)
    rules = re.sub(r"/\*.*?\*/", "", sheet, flags=re.DOTALL)
    assert not re.findall(r"@\w+@", rules)  # every colour and size filled in
    low = []
    for rule in declarations:
        text = re.search(r"(?<![-\w])color:\s*@(\w+)@", rule)
        if not text or text[1] == "disabled":  # WCAG exempts inactive controls (docs/design.md)
            continue
        background = re.search(r"background:\s*@(\w+)@", rule)
        surfaces = (background[1],) if background else QSS_TEXT_SURFACES
        low += [f"{text[1]} on {surface}" for surface in surfaces
                if contrast(tokens[text[1]], tokens[surface]) < AA]
    assert low == []
