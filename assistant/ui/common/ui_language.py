"""The language the app is shown in: English or Simplified Chinese, following the system unless Settings says
otherwise, and changed while the app runs without rebuilding anything.

Where the words live:
- ``resources/i18n/hearth_zh_CN.ts`` holds every text of the UI and the core with its Chinese translation, and
  ``hearth_en.ts`` the English plural forms ("1 token", "2 tokens"). They are Qt Linguist files: ``bash
  scripts/update_translations.sh`` adds new texts from the code, a translator fills them in with Linguist.
- The ``.qm`` files Qt reads are compiled from them with Qt's ``lrelease``: by the installer build, and otherwise
  on first use into the cache folder (again whenever a ``.ts`` is newer). No compiled file is kept in git.

How a widget takes part: its class mixes in ``Translatable`` and keeps ``self.texts = Texts(self)``;
``self.texts.bind(label.setText, lambda: self.tr("Send"))`` sets the text now and again after every language
change, and ``self.texts.on_change(callback)`` redraws texts that are composed at run time.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QPushButton

from assistant.core import i18n as core_i18n
from assistant.ui.common.resources import resource_path

log = logging.getLogger(__name__)

CHOICES = ("system", "en", "zh_CN")
# Each language is offered in its own words, so that someone who cannot read the current one still finds theirs.
NATIVE_NAMES = {"en": "English", "zh_CN": "简体中文"}
SHIPPED = ("en", "zh_CN")

_state: dict = {"language": "en", "translators": []}


def current() -> str:
    """The language the app is shown in now: "en" or "zh_CN"."""
    return _state["language"]


def system_language() -> str:
    """Chinese for a Chinese system (Traditional too: Simplified reads better to most of them than English)."""
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def resolve(choice: str | None) -> str:
    return choice if choice in SHIPPED else system_language()


def apply(choice: str | None, app: QCoreApplication | None = None) -> str:
    """Show the app in ``choice`` ("system", "en" or "zh_CN") from now on; returns the language used.

    Every ``Texts`` hears of it and sets its texts again: open windows keep what was typed in them, their selection
    and their scroll position."""
    app = app or QCoreApplication.instance()
    language = resolve(choice)
    if _state.get("applied") and language == _state["language"]:
        return language  # start-up applies the system's language, then the setting: mostly the same one
    for translator in _state["translators"]:
        app.removeTranslator(translator)
        translator.deleteLater()
    _state["translators"] = []
    for path in (_qt_catalogue(language), _compiled(language)):
        translator = QTranslator(app)
        if path is not None and translator.load(str(path)):
            app.installTranslator(translator)
            _state["translators"].append(translator)
        else:
            translator.deleteLater()
    _state.update(language=language, applied=True)
    QLocale.setDefault(QLocale(language))
    core_i18n.install(QCoreApplication.translate, language)
    notifier().changed.emit()
    return language


def _qt_catalogue(language: str) -> Path | None:
    """Qt's own words (OK, Cancel, the file dialog), translated by the Qt project."""
    if language == "en":
        return None
    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)) / f"qtbase_{language}.qm"
    return path if path.is_file() else None


def source_file(language: str) -> Path:
    return Path(resource_path(f"i18n/hearth_{language}.ts"))


def _compiled(language: str) -> Path | None:
    """The .qm for ``language``: the one built into an installer, or one compiled from the .ts (and cached)."""
    source = source_file(language)
    shipped = source.with_suffix(".qm")
    if not source.is_file():  # an installer: only the compiled file was shipped
        return shipped if shipped.is_file() else None
    if shipped.is_file() and shipped.stat().st_mtime >= source.stat().st_mtime:
        return shipped
    from assistant.core.storage.paths import cache_dir

    try:
        cached = cache_dir() / "i18n" / shipped.name
        if cached.is_file() and cached.stat().st_mtime >= source.stat().st_mtime:
            return cached
        return compile_catalogue(source, cached)
    except (TranslationToolMissing, OSError, subprocess.CalledProcessError) as exc:
        # The app still starts, in English, and says why in the log rather than not starting at all.
        log.warning("the %s translation could not be compiled: %s", language, exc)
        return None


class TranslationToolMissing(RuntimeError):
    pass


def lrelease() -> str:
    """Qt's compiler for translations, which the PySide6 wheel ships beside the module."""
    import PySide6

    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    for candidate in (Path(PySide6.__file__).parent / name, shutil.which("pyside6-lrelease")):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    raise TranslationToolMissing("Qt's lrelease was not found (it comes with PySide6)")


def compile_catalogue(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.part")
    subprocess.run([lrelease(), "-silent", str(source), "-qm", str(partial)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.replace(partial, target)  # two apps starting at once never read a half-written file
    return target


class _Notifier(QObject):
    changed = Signal()


_notifier: _Notifier | None = None


def notifier() -> _Notifier:
    """Emits ``changed`` once the new language is installed."""
    global _notifier
    if _notifier is None:
        _notifier = _Notifier()
    return _notifier


class Texts:
    """The translated texts of one widget and its parts, set again whenever the language changes.

    A plain Python object kept by the widget (``self.texts = Texts(self)``). ``apply`` announces a change on
    ``notifier().changed``, connected to the widget's ``retranslate_texts`` (from ``Translatable``): a method of a
    QObject, so Qt disconnects it when the widget is deleted. This is synchronous (the whole window speaks the new
    language when ``apply`` returns) and costs no Python call per event, as a ``changeEvent`` override would.

    Bind only setters of QObjects (widgets, actions, menus), never of a list or table *item*: a reference kept to an
    item outlives it when Qt deletes its list, and PySide then releases it twice, which crashes."""

    def __init__(self, owner: "Translatable"):
        self._bound: list[tuple[Callable[[str], object], Callable[[], str]]] = []
        self._callbacks: list[Callable[[], object]] = []
        notifier().changed.connect(owner.retranslate_texts)

    def bind(self, setter: Callable[[str], object], text: Callable[[], str]) -> None:
        setter(text())
        self._bound.append((setter, text))

    def on_change(self, callback: Callable[[], object]) -> None:
        self._callbacks.append(callback)

    def retranslate(self) -> None:
        for setter, text in self._bound:
            setter(text())
        for callback in self._callbacks:
            callback()


class Translatable:
    """Mixed into a widget class before its Qt base: keeps ``self.texts`` in the language the app is shown in."""

    def retranslate_texts(self) -> None:
        self.texts.retranslate()

    def text_button(self, text: Callable[[], str]) -> QPushButton:
        """A push button of this widget whose label ``text()`` is kept in the current language."""
        button = QPushButton(self)
        self.texts.bind(button.setText, text)
        return button


def main(argv: list[str] | None = None) -> int:
    """``python -m assistant.ui.common.ui_language FOLDER``: compile every shipped language into FOLDER (the installer build)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m assistant.ui.common.ui_language")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    for language in SHIPPED:
        source = source_file(language)
        print(compile_catalogue(source, args.folder / source.with_suffix(".qm").name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
