"""Icons and the stylesheet, found through importlib.resources so a checkout and an install behave the same."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon


def resource_path(name: str) -> str:
    return str(files("assistant.resources") / name)


def app_icon() -> QIcon:
    return QIcon(resource_path("icons/hearth.svg"))


def stylesheet(dark: bool = False) -> str:
    return (files("assistant.resources") / ("style-dark.qss" if dark else "style.qss")).read_text(encoding="utf-8")
