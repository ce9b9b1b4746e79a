"""Before Qt starts on Linux: can it open a window here? Qt aborts the whole process (SIGABRT, "Reinstalling the
application may fix this problem") when its platform plugin cannot load or reach a display, which tells a user of
``pip install`` nothing. These checks run first and say in one line what is missing and how to get it.

They load no Qt code of their own: system libraries are probed with the dynamic loader, displays by their sockets.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import socket
import sys
from pathlib import Path

from assistant import APP_NAME, command_name

# The system libraries Qt's X11 plugin links to and that desktops often lack, with the package that provides each
# under each package manager. Qt 6.5+ added libxcb-cursor, which most distributions do not install by default.
X11_LIBRARIES: dict[str, dict[str, str]] = {
    "libxcb-cursor.so.0": {"apt": "libxcb-cursor0", "dnf": "xcb-util-cursor", "pacman": "xcb-util-cursor",
                           "zypper": "libxcb-cursor0"},
    "libxkbcommon-x11.so.0": {"apt": "libxkbcommon-x11-0", "dnf": "libxkbcommon-x11", "pacman": "libxkbcommon-x11",
                              "zypper": "libxkbcommon-x11-0"},
    "libxcb-icccm.so.4": {"apt": "libxcb-icccm4", "dnf": "xcb-util-wm", "pacman": "xcb-util-wm",
                          "zypper": "libxcb-icccm4"},
    "libxcb-keysyms.so.1": {"apt": "libxcb-keysyms1", "dnf": "xcb-util-keysyms", "pacman": "xcb-util-keysyms",
                            "zypper": "libxcb-keysyms1"},
    "libxcb-render-util.so.0": {"apt": "libxcb-render-util0", "dnf": "xcb-util-renderutil",
                                "pacman": "xcb-util-renderutil", "zypper": "libxcb-render-util0"},
    "libxcb-image.so.0": {"apt": "libxcb-image0", "dnf": "xcb-util-image", "pacman": "xcb-util-image",
                          "zypper": "libxcb-image0"},
    "libxcb-shape.so.0": {"apt": "libxcb-shape0", "dnf": "libxcb", "pacman": "libxcb", "zypper": "libxcb-shape0"},
    "libxcb-randr.so.0": {"apt": "libxcb-randr0", "dnf": "libxcb", "pacman": "libxcb", "zypper": "libxcb-randr0"},
    "libEGL.so.1": {"apt": "libegl1", "dnf": "libglvnd-egl", "pacman": "libglvnd", "zypper": "libEGL1"},
    "libGL.so.1": {"apt": "libgl1", "dnf": "libglvnd-glx", "pacman": "libglvnd", "zypper": "libGL1"},
    "libfontconfig.so.1": {"apt": "libfontconfig1", "dnf": "fontconfig", "pacman": "fontconfig",
                           "zypper": "libfontconfig1"},
}
INSTALL_COMMANDS = {"apt": "sudo apt install", "dnf": "sudo dnf install", "pacman": "sudo pacman -S",
                    "zypper": "sudo zypper install"}
# /etc/os-release ID and ID_LIKE words, to the package manager they use.
DISTRIBUTIONS = {"debian": "apt", "ubuntu": "apt", "fedora": "dnf", "rhel": "dnf", "centos": "dnf", "arch": "pacman",
                 "manjaro": "pacman", "opensuse": "zypper", "suse": "zypper"}
MISSING_FILE = re.compile(r"(lib[\w.+-]+\.so[\w.]*): cannot open shared object file|([^\s:]*lib[\w.+-]+\.so[\w.]*): "
                          r"(?:file too short|invalid ELF header|wrong ELF class)")


def check() -> str | None:
    """Set Qt up for this session's display and return None, or return the one line that says why no window can
    open here. Only Linux desktops need this; a platform chosen by the user (QT_QPA_PLATFORM) is left alone except
    that X11 is still checked."""
    if not sys.platform.startswith("linux"):
        return None
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith("xcb"):
        return None  # offscreen, wayland, vnc...: the user knows what they asked for
    if not chosen and _wayland_session():
        os.environ["QT_QPA_PLATFORM"] = "wayland;xcb"  # the session's own; X11 through XWayland if it fails
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        return (f"{APP_NAME} cannot open its window: this session has no display (DISPLAY and WAYLAND_DISPLAY are "
                f"not set). Without one, '{command_name()} serve --model FILE.gguf' and "
                f"'{command_name()} run --model FILE.gguf \"…\"' work.")
    if not _reachable(display):
        return (f"{APP_NAME} cannot open its window: the display {display} does not answer. Without a display, "
                f"'{command_name()} serve --model FILE.gguf' and '{command_name()} run --model FILE.gguf \"…\"' "
                f"work.")
    if getattr(sys, "frozen", False):
        return None  # the installers bundle these libraries beside the app
    missing = missing_libraries()
    if missing:
        return _missing_message(missing)
    return None


def _wayland_session() -> bool:
    if not os.environ.get("WAYLAND_DISPLAY"):  # XDG_SESSION_TYPE alone survives sudo and su, the socket does not
        return False
    return _qt_has_plugin("libqwayland") and _loads("libwayland-client.so.0") is None


def _qt_has_plugin(prefix: str) -> bool:
    folder = _qt_platform_plugins()
    return folder is not None and any(p.name.startswith(prefix) for p in folder.glob("*.so"))


def _qt_platform_plugins() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("PySide6")  # found, not imported: importing it loads Qt
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms"
    return folder if folder.is_dir() else None


def _reachable(display: str) -> bool:
    """A local display (":0", "unix:0") answers on its socket; a remote one (over ssh -X) is taken on trust."""
    match = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if match is None:
        return True
    path = f"/tmp/.X11-unix/X{match.group(1)}"
    for address in (path, "\0" + path):  # the file, or Linux's abstract namespace (Xvfb, XWayland listen on both)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            try:
                sock.connect(address)
                return True
            except OSError:
                continue
    return False


def _loads(name: str) -> str | None:
    """None when the dynamic loader can load ``name``, else the library it could not load (``name`` itself or one
    it needs)."""
    try:
        ctypes.CDLL(name)
    except OSError as exc:
        found = MISSING_FILE.search(str(exc))
        return os.path.basename(found.group(1) or found.group(2)) if found else name
    return None


def missing_libraries() -> list[str]:
    """The system libraries Qt's X11 plugin needs and this machine cannot load; then the plugin itself, for any
    library not in the list."""
    missing = [name for name in X11_LIBRARIES if _loads(name) is not None]
    if missing:
        return missing
    folder = _qt_platform_plugins()
    plugin = folder / "libqxcb.so" if folder else None
    if plugin is not None and plugin.is_file():
        failed = _loads(str(plugin))
        if failed is not None:
            return [failed]
    return []


def package_manager() -> str | None:
    words: list[str] = []
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition("=")
            if key in ("ID", "ID_LIKE"):
                words += value.strip('"').lower().split()
    except OSError:
        pass
    for word in words:
        for name, manager in DISTRIBUTIONS.items():
            if word.startswith(name):
                return manager
    return next((manager for manager in INSTALL_COMMANDS if shutil.which(manager if manager != "apt" else "apt-get")),
                None)


def _missing_message(missing: list[str]) -> str:
    manager = package_manager()
    packages = [X11_LIBRARIES.get(name, {}).get(manager or "") for name in missing]
    names = ", ".join(missing)
    start = (f"{APP_NAME} cannot open its window: Qt needs the system "
             f"{'library' if len(missing) == 1 else 'libraries'} {names}, which {'is' if len(missing) == 1 else 'are'}"
             f" not installed.")
    if manager and all(packages):
        unique = list(dict.fromkeys(packages))
        return f"{start} Install {'it' if len(missing) == 1 else 'them'} with: {INSTALL_COMMANDS[manager]} " \
               f"{' '.join(unique)}"
    return f"{start} Install the package that provides {'it' if len(missing) == 1 else 'them'} with your " \
           f"distribution's package manager."
