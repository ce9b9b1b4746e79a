"""Hearth's design tokens (docs/design.md): the spacing and type scales, and the colours of the light and dark
themes by role. The palette, the style sheets and the colours drawn in HTML (``theme.colours()``) all take their
values from here, so a colour is chosen once; tests/test_design_tokens.py holds every text colour to a contrast of at
least 4.5:1 (WCAG AA) on each surface it is drawn on, in both themes."""

from __future__ import annotations

# Spacing, in device-independent pixels: every margin and gap is one of these.
SPACING = {"xxs": 2, "xs": 4, "s": 8, "m": 12, "l": 16, "xl": 24, "xxl": 32}

# Type, as multiples of the system font's size (which follows the user's text-size setting).
TYPE_SCALE = {"small": 0.95, "body": 1.0, "larger": 1.1, "title": 1.25}

# Surfaces: where things are drawn.
SURFACES = ("window", "base", "raised", "button")
# Text colours, each readable on every surface.
TEXTS = ("text", "muted", "placeholder", "link", "success", "warning", "danger", "rejected")

LIGHT = {
    # surfaces
    "window": "#efefef", "base": "#ffffff", "raised": "#f5f5f5", "button": "#f3f3f3",
    # text
    "text": "#1e1e1e", "muted": "#555555", "placeholder": "#666666", "link": "#1a5fb4", "disabled": "#9a9a9a",
    "success": "#1a6b2c", "warning": "#8a4f00", "danger": "#ad3125", "rejected": "#676767",
    # the one accent, and text on it
    "accent": "#2f6fd0", "on_accent": "#ffffff",
    # backgrounds behind text: tracked changes, a highlighted paragraph, tooltips
    "deleted_bg": "#fbe3e1", "inserted_bg": "#dff3e3", "highlight_bg": "#fff1b8", "tooltip": "#ffffe1",
    # the window's chrome (resources/style.qss)
    "thread": "#fafafa", "card": "#ffffff", "card_border": "#e4e4e4", "user_card": "#eef3fb",
    "user_card_border": "#d6e0f0", "thinking_bg": "#f6f6f6", "thinking_rule": "#c8c8c8", "rule": "#e2e2e2",
    "dashed_rule": "#bbbbbb", "rail": "#f1f1f1", "rail_border": "#dddddd", "rail_selected": "#dfe8f6",
    "rail_selected_text": "#1a3d7c", "notice_bg": "#fff4d6", "notice_border": "#e8cf8a", "popup_border": "#9fb3d1",
    # the memory bar (Models): the estimate's parts, in shades of the accent, on its track
    "memory_weights": "#2f6fd0", "memory_kv": "#7ea6e6", "memory_buffers": "#bcd0f0", "memory_track": "#e4e4e4",
}

DARK = {
    "window": "#232427", "base": "#1b1c1f", "raised": "#26272b", "button": "#2e3034",
    "text": "#e6e6e6", "muted": "#b8b8b8", "placeholder": "#a0a0a0", "link": "#8ab4f8", "disabled": "#6f6f6f",
    "success": "#7bd88f", "warning": "#f0b45a", "danger": "#ff8a80", "rejected": "#a6a6a6",
    "accent": "#2f6fd0", "on_accent": "#ffffff",
    "deleted_bg": "#5c2b29", "inserted_bg": "#1f4a2a", "highlight_bg": "#5a4a12", "tooltip": "#2e3034",
    "thread": "#1e1f22", "card": "#26272b", "card_border": "#3a3b40", "user_card": "#2a3445",
    "user_card_border": "#3a4a63", "thinking_bg": "#222326", "thinking_rule": "#4a4a4a", "rule": "#3a3b40",
    "dashed_rule": "#555555", "rail": "#202124", "rail_border": "#3a3b40", "rail_selected": "#2c3a52",
    "rail_selected_text": "#cfe0ff", "notice_bg": "#4a3d16", "notice_border": "#7a6524", "popup_border": "#4a5f82",
    "memory_weights": "#5b8fe0", "memory_kv": "#3f6aab", "memory_buffers": "#2c4670", "memory_track": "#3a3b40",
}


def tokens(dark: bool) -> dict[str, str]:
    return DARK if dark else LIGHT


def contrast(foreground: str, background: str) -> float:
    """WCAG 2's contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    def luminance(colour: str) -> float:
        red, green, blue = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)

# Chat's column at most, in average characters of the text size: the thread's cards and the composer under them keep
# to it, centred, in a wide window (lines short enough to read, at any text size).
THREAD_COLUMN_CHARACTERS = 110
