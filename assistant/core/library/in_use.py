"""Which model files a running Hearth has loaded (the window, ``assistant serve``, a command): a small file per
process in the data folder's ``in-use`` folder, named by the process id and holding the model's path. ``assistant
models remove`` refuses to delete a model listed there; a mark whose process has ended (a crash, a kill) is
ignored and cleared."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from assistant.core.storage.paths import data_dir


def _folder() -> Path:
    return data_dir() / "in-use"


def mark(path: str | None) -> None:
    """This process has ``path`` loaded now (None: no model). Best effort: a data folder that cannot be written
    must not stop a model from loading."""
    own = _folder() / str(os.getpid())
    try:
        if path is None:
            own.unlink(missing_ok=True)
        else:
            own.parent.mkdir(parents=True, exist_ok=True)
            own.write_text(str(Path(path).resolve()), encoding="utf-8")
    except OSError:
        pass


def holders(path: str | os.PathLike) -> list[int]:
    """The ids of the running processes (other than this one) that have ``path`` loaded."""
    wanted = str(Path(path).resolve())
    found = []
    try:
        marks = list(_folder().iterdir())
    except OSError:
        return []
    for entry in marks:
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        pid = int(entry.name)
        if not _alive(pid):
            entry.unlink(missing_ok=True)
            continue
        try:
            if entry.read_text(encoding="utf-8") == wanted:
                found.append(pid)
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True
