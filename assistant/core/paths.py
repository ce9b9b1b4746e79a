"""Where the app keeps its files. platformdirs honours XDG_DATA_HOME on Linux, which the tests rely on."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path

from assistant import APP_ID


def data_dir() -> Path:
    return user_data_path(APP_ID, appauthor=False, ensure_exists=True)


def database_path() -> Path:
    return data_dir() / "assistant.sqlite3"
