"""Sizes, speeds and durations as people read them."""

from __future__ import annotations


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
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
