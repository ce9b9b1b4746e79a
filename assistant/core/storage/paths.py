"""Where the app keeps its files. platformdirs honours XDG_DATA_HOME on Linux, which the tests rely on."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_path, user_data_path

from assistant import APP_ID


def data_dir() -> Path:
    return user_data_path(APP_ID, appauthor=False, ensure_exists=True)


def database_path() -> Path:
    return data_dir() / "assistant.sqlite3"


def models_dir() -> Path:
    """Downloaded and imported models. Inside the data folder so that one place holds everything the app keeps."""
    path = data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """What the app can make again from what it ships (compiled translations): safe for the system to clear."""
    return user_cache_path(APP_ID, appauthor=False, ensure_exists=True)


def document_index_path() -> Path:
    """The document index (core/documents/index.py): derived from the sources, so kept apart from the history."""
    return data_dir() / "documents.sqlite3"
