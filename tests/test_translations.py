"""Chinese and English: every text in the code has its translation, the app switches language while it runs
without losing anything typed, and no English is left on screen in Chinese.

The first tests read the code with Qt's own lupdate, as a translator's tools do; the others look at real windows."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import open_main_window

from assistant.core.storage.settings import Appearance

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
PLACEHOLDER = re.compile(r"\{\w+\}|%L?n")


def lupdate() -> str:
    import PySide6

    return str(Path(PySide6.__file__).parent / "lupdate")


def code_files() -> list[str]:
    """What scripts/update_translations.sh reads: the app's code, not its command-line tools (English only)."""
    skip = {"cli/models_command.py", "cli/hardware_command.py", "cli/self_test.py", "__main__.py"}
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "assistant").rglob("*.py") if p.name not in skip)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"))] = message
    return found


def translations(message: ET.Element) -> list[str]:
    element = message.find("translation")
    forms = [form.text or "" for form in element.iter("numerusform")]
    return forms if message.get("numerus") == "yes" else [element.text or ""]


@pytest.fixture(scope="module")
def texts_in_code(tmp_path_factory) -> dict[tuple[str, str], ET.Element]:
    ts = tmp_path_factory.mktemp("lupdate") / "code.ts"
    subprocess.run([lupdate(), "-silent", "-locations", "none", *code_files(), "-ts", str(ts)], cwd=ROOT,
                   check=True)
    return messages(ts)


def test_the_code_has_texts_to_translate(texts_in_code):
    # A broken lupdate run would find nothing, and every check below would pass on nothing.
    assert len(texts_in_code) > 400
    assert ("ChatPane", "Send") in texts_in_code and ("MemoryFit", "fits") in texts_in_code


def test_every_text_has_a_finished_chinese_translation(texts_in_code):
    committed = messages(I18N / "hearth_zh_CN.ts")
    problems = []
    for key, message in texts_in_code.items():
        found = committed.get(key)
        if found is None:
            problems.append(f"not in hearth_zh_CN.ts: {key}")
            continue
        element = found.find("translation")
        forms = translations(found)
        if element.get("type") in ("unfinished", "vanished", "obsolete") or not all(f.strip() for f in forms):
            problems.append(f"no finished translation: {key}")
            continue
        wanted = sorted(PLACEHOLDER.findall(key[1]))
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != wanted:
                problems.append(f"placeholders differ: {key} -> {form!r}")
        if "&" in key[1].replace("&&", "") and not re.search(r"&[^&\s]", " ".join(forms)):
            problems.append(f"the keyboard mnemonic is lost: {key}")
    assert problems == [], "\n".join(problems) + "\n(run scripts/update_translations.sh, then translate)"


def test_the_committed_files_hold_nothing_the_code_no_longer_says(texts_in_code):
    stale = set(messages(I18N / "hearth_zh_CN.ts")) - set(texts_in_code)
    assert stale == set(), "run scripts/update_translations.sh"


def test_english_has_both_plural_forms_of_every_counted_text(texts_in_code):
    counted = {key for key, message in texts_in_code.items() if message.get("numerus") == "yes"}
    english = messages(I18N / "hearth_en.ts")
    assert counted and counted <= set(english)
    for key in counted:
        singular, plural = translations(english[key])
        assert singular != plural and "%" in singular and "%" in plural, key


def test_a_text_outside_tr_is_caught(tmp_path):
    """The check above is only as good as lupdate's view of the code: a literal it cannot see is not checked.
    This proves that a string passed through tr() is seen, and one that is not, is not."""
    module = tmp_path / "sample.py"
    module.write_text('class Pane:\n    def build(self):\n        self.a = self.tr("Seen")\n        self.b = "Unseen"\n')
    ts = tmp_path / "sample.ts"
    subprocess.run([lupdate(), "-silent", str(module), "-ts", str(ts)], check=True)
    assert set(messages(ts)) == {("Pane", "Seen")}


# On screen ------------------------------------------------------------------------------------------------

# Latin-script words that stay as they are in the Chinese UI: names, key names, units and file formats.
ALLOWED = re.compile(
    r"Hearth|GGUF|Hugging Face|Hub|HF_[A-Z_]+|llama\.cpp|ChatML|Markdown|UTF-8|sha256|Q4_K_M|qwen 7b|hf_|"
    r"huggingface\.co\S*|Ctrl\+\S+|Shift\+\S+|Enter|Esc|Tab|Del|Page Up|Page Down|Up|Down|F2|"
    r"Top-[pk]|Min-p|Flash Attention|KV|GPU|CPU|CUDA|Metal|Vulkan|f16|q8_0|q4_0|GiB|GB|MB|KB|txt|md|"
    r"SmolLM2[\w.-]*|https?://\S+|\(\*\.\w+(?: \*\.\w+)*\)|\*|"
    r"OpenAI|API|CORS|VPN|TLS|CA|PEM|HEARTH_[A-Z_]+|hf-mirror\.com|modelscope\.cn\S*|OCR|PNG|JPEG|WebP|GIF|BMP|TIFF|mmproj|EXIF|Word|LibreOffice|PowerPoint|MCP|JSON|EPUB|HTML|PDF|CSV|DOCX|PPTX"
)


def data_names() -> list[str]:
    """Names that are data, not UI: models, repositories and files, shown as they are in every language."""
    from assistant.core.writing.languages import LANGUAGES
    from assistant.core.library.recommended import recommendations

    names = [language.native for language in LANGUAGES]  # each language is offered in its own script, by design
    for entry in recommendations():
        names += [entry.title, entry.repo_id, entry.file]
    return sorted(names, key=len, reverse=True)


def latin_words(text: str, data: tuple[str, ...] = ()) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # rich text: the words, not the tags
    for name in [*data, *data_names()]:
        text = text.replace(name, " ")
    for cut in re.findall(r"\S[^…]*…", text):  # a name cut short where room is scarce ("Smollm2 135M 8k Lc1…")
        if any(name.startswith(cut[:-1]) for name in data):
            text = text.replace(cut, " ")
    text = re.sub(r"\S*/\S*|\S+\.gguf", " ", text)  # paths and file names
    return re.findall(r"[A-Za-z]{2,}", ALLOWED.sub(" ", text))


def chrome_texts(root) -> dict[str, str]:
    """Every text the app itself puts on screen in ``root`` and its children (not what the user or the model
    wrote), keyed by where it is, so two snapshots can be compared."""
    from PySide6.QtWidgets import (QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QMenu,
                                   QPlainTextEdit, QTableWidget, QTabWidget, QTextEdit, QWidget)

    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what was replaced is gone, as on screen
    found: dict[str, str] = {}
    widgets = [root, *root.findChildren(QWidget)]
    for index, widget in enumerate(widgets):
        where = f"{index}:{type(widget).__name__}:{widget.objectName()}"
        if widget.objectName() in ("ScrollLeftButton", "ScrollRightButton"):
            continue  # QTabBar names its scroll arrows once, when it is made, and never again: Qt's, not ours
        parts = {"tooltip": widget.toolTip(), "accessible": widget.accessibleName()}
        if widget.isWindow():
            parts["title"] = widget.windowTitle()
        if isinstance(widget, QLabel) and widget.objectName() not in ("conversationTitle", "modelsFolder"):
            parts["text"] = widget.text()
        if isinstance(widget, QAbstractButton):
            parts["text"] = widget.text()
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            parts["placeholder"] = widget.placeholderText()
        if isinstance(widget, QTabWidget):
            parts["tabs"] = " | ".join(widget.tabText(i) for i in range(widget.count()))
        if isinstance(widget, QComboBox):
            parts["items"] = " | ".join(widget.itemText(i) for i in range(widget.count()))
        if isinstance(widget, QTableWidget):
            parts["headers"] = " | ".join(widget.horizontalHeaderItem(i).text()
                                          for i in range(widget.columnCount()) if widget.horizontalHeaderItem(i))
        if isinstance(widget, QListWidget) and widget.objectName() in ("paneList", "versionList"):
            parts["items"] = " | ".join(widget.item(i).text() for i in range(widget.count()))
        if isinstance(widget, QMenu) and widget.title():  # untitled: the menu bar's overflow, which depends on width
            parts["title"] = widget.title()
            parts["actions"] = " | ".join(a.text() for a in widget.actions() if not a.isSeparator())
        for kind, text in parts.items():
            if text:
                found[f"{where}:{kind}"] = text
    return found


def english_left(texts: dict[str, str], data: tuple[str, ...] = ()) -> list[str]:
    return [f"{where}: {text!r}" for where, text in texts.items() if latin_words(text, data)]


def test_allowed_words_do_not_hide_english():
    assert latin_words("发送 · GGUF · Ctrl+K · 简体中文 · Français · 法语") == []
    assert latin_words("发送 Send") == ["Send"]
    assert latin_words("<b>Installed models</b>") == ["Installed", "models"]
    assert latin_words("Qwen3 8B · /models/x.gguf · 约 5.0 GB") == []
    assert latin_words("My Model · Q4_1 · CPU", ("My Model",)) == []
    assert latin_words("My Lovely M…", ("My Lovely Model",)) == []
    assert latin_words("Your Lovely M…", ("My Lovely Model",)) == ["Your", "Lovely"]


def choose_language(qtbot, window, choice: str) -> None:
    """As a user does: Settings › Appearance › Language."""
    window.edit_settings()
    dialog = window.settings_dialog
    dialog.language_box.setCurrentIndex(dialog.language_box.findData(choice))
    qtbot.waitUntil(lambda: (window.chat.send_button.text() == "发送") == (choice == "zh_CN"), timeout=5000)
    dialog.accept()
    qtbot.waitUntil(lambda: not window.findChildren(type(dialog)), timeout=5000)  # closed and gone


def test_switching_language_while_the_app_runs_keeps_everything_typed(qtbot, model_path):
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot, model_path)
    window.chat.input.setPlainText("A message I am still writing")
    # The live count comes from its own thread after a debounce; snapshot the chrome once it is on screen, or the
    # English snapshot and the one after the round trip differ by when the count happened to land.
    qtbot.waitUntil(lambda: window.chat.token_label.text().endswith("tokens"), timeout=10_000)
    window.show_pane(window.drafting)
    window.drafting.editor.setPlainText("My draft, not yet saved.")
    window.drafting.editor.moveCursor(window.drafting.editor.textCursor().MoveOperation.End)
    english = chrome_texts(window)

    choose_language(qtbot, window, "zh_CN")
    assert ui_language.current() == "zh_CN"
    assert window.settings.read(Appearance).language == "zh_CN"
    assert window.chat.send_button.text() == "发送"
    assert window.menuBar().actions()[0].text() == "文件(&F)"
    assert window.nav.item(1).text() == "写作"
    assert window.drafting.action_box.currentText() == "校对"
    assert window.model_label.text().startswith(window.model.info.name)
    assert window.chat.input.toPlainText() == "A message I am still writing"
    assert window.drafting.editor.toPlainText() == "My draft, not yet saved."
    assert window.panes.currentWidget() is window.drafting
    left = english_left(chrome_texts(window), (window.model.info.name,))
    assert left == [], "\n".join(left)

    choose_language(qtbot, window, "en")
    assert chrome_texts(window) == english  # every text is back, word for word
    assert window.chat.input.toPlainText() == "A message I am still writing"
    window.close()


def test_no_english_is_left_in_any_pane_or_dialog_in_chinese(qtbot, model_path):
    from assistant.ui.common import ui_language
    from assistant.ui.writing.drafting_pane import ComposeDialog
    from assistant.ui.models.model_settings_dialog import ModelSettingsDialog
    from assistant.ui.writing.translation_pane import GlossaryDialog

    ui_language.apply("zh_CN")
    window = open_main_window(qtbot, model_path)
    seen = {}
    for pane in (window.chat, window.drafting, window.translation, window.models):
        window.show_pane(pane)
        seen.update(chrome_texts(window))
    for tab in range(window.models.tabs.count()):
        window.models.tabs.setCurrentIndex(tab)
        seen.update(chrome_texts(window.models))
    window.edit_settings()
    window.edit_task_models()
    window.show_shortcuts()
    window.show_command_palette()
    dialogs = [window.settings_dialog, window.task_dialog, window.shortcuts_dialog, window.command_palette,
               ComposeDialog(window), GlossaryDialog(window.translation.glossary(), "英语 → 简体中文", window),
               ModelSettingsDialog(window.settings.model_settings(str(model_path)), 8192, window, n_layers=30,
                                   plan_lines=window.session.plan.lines() if window.session.plan else None)]
    for dialog in dialogs:
        seen.update({f"{type(dialog).__name__}/{k}": v for k, v in chrome_texts(dialog).items()})
    assert len(seen) > 300  # the walk found the windows' texts, not an empty shell
    left = english_left(seen, (window.model.info.name,))
    assert left == [], "\n".join(left)
    for dialog in dialogs:
        dialog.close()
    window.close()


def test_the_core_speaks_chinese_once_the_app_has_installed_a_translator(qtbot):
    from assistant.core.engines.hardware import SystemMemory
    from assistant.core.engines.memory_fit import Verdict, explain, need_from_size
    from assistant.core.units import human_duration
    from assistant.ui.common import ui_language

    need = need_from_size(4_000_000_000, "Q4_K_M")
    memory = SystemMemory(total=64_000_000_000, available=48_000_000_000)
    assert explain(need, memory).startswith("Fits: needs about")
    ui_language.apply("zh_CN")
    assert Verdict.TOO_BIG.label() == "太大"
    assert explain(need, memory).startswith("装得下：")
    assert human_duration(125) == "2 分 05 秒"
    ui_language.apply("en")
    assert human_duration(125) == "2 min 05 s"


def test_system_follows_the_desktop_and_a_choice_overrides_it(qtbot, monkeypatch):
    from PySide6.QtCore import QLocale

    from assistant.ui.common import ui_language

    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("zh_TW")))
    assert ui_language.apply("system") == "zh_CN"  # Simplified reads better to a Traditional reader than English
    assert ui_language.apply("en") == "en"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert ui_language.apply("system") == "en"
    assert ui_language.apply("nonsense") == "en"  # a damaged setting falls back to the system's


def test_translations_are_compiled_once_and_again_when_the_source_changes(qtbot, tmp_path, monkeypatch):
    from assistant.ui.common import ui_language

    source = tmp_path / "hearth_zh_CN.ts"
    source.write_bytes((I18N / "hearth_zh_CN.ts").read_bytes())
    monkeypatch.setattr(ui_language, "source_file", lambda language: tmp_path / f"hearth_{language}.ts")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = ui_language._compiled("zh_CN")
    assert first is not None and first.stat().st_size > 10_000 and first.is_relative_to(tmp_path / "cache")
    stamp = first.stat().st_mtime_ns
    assert ui_language._compiled("zh_CN").stat().st_mtime_ns == stamp  # reused, not compiled again
    import os
    os.utime(source, ns=(stamp + 10**9, stamp + 10**9))
    assert ui_language._compiled("zh_CN").stat().st_mtime_ns != stamp


def test_texts_inside_rendered_replies_are_translated_too(qtbot):
    """Code blocks carry a copy link in the reply's HTML, which no widget walk sees."""
    from assistant.ui.common import ui_language
    from assistant.ui.common.markdown_html import MarkdownRenderer

    ui_language.apply("zh_CN")
    html, blocks = MarkdownRenderer(dark=False).render("```python\nprint(1)\n```")
    assert blocks == ["print(1)\n"] and ">复制</a>" in html
    ui_language.apply("en")
    assert ">Copy</a>" in MarkdownRenderer(dark=False).render("```python\nprint(1)\n```")[0]


def test_a_translation_that_cannot_be_compiled_leaves_the_app_in_english(qtbot, tmp_path, monkeypatch):
    """A damaged .ts (or a read-only cache) must not stop the app from starting."""
    from assistant.ui.common import ui_language

    (tmp_path / "hearth_zh_CN.ts").write_text("<TS version='2.1'><context><name>X</name><message>", "utf-8")
    monkeypatch.setattr(ui_language, "source_file", lambda language: tmp_path / f"hearth_{language}.ts")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert ui_language._compiled("zh_CN") is None  # lrelease refused it ...
    assert ui_language.apply("zh_CN") == "zh_CN"  # ... and the app goes on, its own words in English
    from PySide6.QtCore import QCoreApplication

    assert QCoreApplication.translate("ChatPane", "Send") == "Send"


def test_the_core_reads_the_compiled_catalogue_an_installer_ships(tmp_path):
    """The engine host words its warnings in the window's language without Qt: from the .qm where the installer
    ships only that, else from the .ts (core/i18n.py)."""
    from assistant.core import i18n
    from assistant.ui.common.ui_language import compile_catalogue, source_file

    compiled = compile_catalogue(source_file("zh_CN"), tmp_path / "hearth_zh_CN.qm")
    from_qm = i18n.qm_table(compiled.read_bytes())
    from_ts = i18n.ts_table(source_file("zh_CN").read_bytes())
    assert len(from_ts) > 1000 and all(from_qm[key] == value for key, value in from_ts.items())
    assert from_qm[("ChatTemplate", "This model carries no chat template; a generic ChatML template is used, so "
                                    "replies may be off.")].startswith("此模型没有对话模板")
    with pytest.raises(ValueError):
        i18n.qm_table(b"not a catalogue")
