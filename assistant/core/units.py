"""Sizes, speeds and durations as people read them."""

from __future__ import annotations

from assistant.core.i18n import translate


def human_size(n_bytes: float) -> str:
    """Decimal units, as file managers and the Hugging Face Hub show sizes."""
    if n_bytes < 1000:
        return f"{int(n_bytes)} B"
    size = n_bytes / 1000
    for unit in ("KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            break
        size /= 1000
    return f"{size:.1f} {unit}"


def human_duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return translate("Units", "{s} s").format(s=seconds)
    if seconds < 3600:
        return translate("Units", "{m} min {s} s").format(m=seconds // 60, s=f"{seconds % 60:02d}")
    return translate("Units", "{h} h {m} min").format(h=seconds // 3600, m=f"{seconds % 3600 // 60:02d}")
