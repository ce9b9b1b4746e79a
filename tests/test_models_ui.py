"""The Models pane on real widgets against the Hub look-alike: search, a repository's files, downloads with pause
and resume, checksum failures, tokens, offline mode, and the installed list."""

from __future__ import annotations

import shutil

import keyring
import keyring.backends.fail
import pytest
from conftest import HUB_FILE, HUB_REPO, open_main_window
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from assistant.core.hub.download_queue import State
from assistant.core.hub.downloads import part_path
from assistant.core.storage.paths import models_dir
from assistant.ui.models.model_cards import NOTE_ROLE, TITLE_ROLE

TIMEOUT = 30_000


def open_window(qtbot):
    return open_main_window(qtbot, pane="models")


@pytest.fixture
def window(qtbot, hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    window = open_window(qtbot)
    yield window
    window.close()


def result_texts(view) -> list[str]:
    return [view.results.item(i).text() for i in range(view.results.count())]


def open_repo(qtbot, window, repo_id, file=None):
    view = window.models.discover
    view.open_repo(repo_id, file)
    qtbot.waitUntil(lambda: view.repo is not None or "·" not in view.repo_title.text()
                    or "loading" not in view.repo_title.text(), timeout=TIMEOUT)
    return view


def download_row(qtbot, window, key):
    view = window.models.downloads
    qtbot.waitUntil(lambda: key in view.rows, timeout=TIMEOUT)
    return view.rows[key]


def test_recommended_models_come_first_then_search_results(qtbot, window, hub):
    view = window.models.discover
    texts = result_texts(view)
    assert texts[0].startswith("Recommended · Small")
    assert any("Gemma 3 4B" in t and "reads images" in t for t in texts)
    assert any("Qwen3 8B" in t and "thinks (can be turned off)" in t for t in texts)
    assert any("gpt-oss 20B" in t and "always thinks" in t for t in texts)
    qtbot.keyClicks(view.search_box, "hearthtest")
    qtbot.keyClick(view.search_box, Qt.Key_Return)
    qtbot.waitUntil(lambda: any(t.startswith("Found on the Hugging Face Hub") for t in result_texts(view)), timeout=TIMEOUT)
    texts = result_texts(view)
    results = texts[texts.index(next(t for t in texts if t.startswith("Found on the Hugging Face Hub"))) + 1:]
    assert results[0].startswith(HUB_REPO) and "5,000 downloads" in results[0]
    assert any("gated: needs a token" in t for t in results)
    search = [r for r in hub.requests if r.path == "/api/models"]
    assert len(search) == 1


def test_a_repository_shows_its_models_with_size_memory_and_card(qtbot, window):
    view = open_repo(qtbot, window, HUB_REPO)
    qtbot.waitUntil(lambda: view.files.rowCount() == 1, timeout=TIMEOUT)
    cells = [view.files.item(0, c).text() for c in range(4)]
    assert cells[:3] == ["Q4_1", HUB_FILE, "98.4 MB"]
    assert cells[3].startswith(("fits", "tight"))
    assert view.fit_label.text().startswith(("Fits:", "Tight:")) and view.download_button.isEnabled()
    qtbot.waitUntil(lambda: "SmolLM2 135M" in view.card.toPlainText(), timeout=TIMEOUT)
    assert "license" not in view.card.toPlainText()  # the YAML header is not shown

    view = open_repo(qtbot, window, "HearthTest/Tiny-Split-GGUF")
    qtbot.waitUntil(lambda: view.files.rowCount() == 2, timeout=TIMEOUT)
    assert view.files.item(1, 1).text() == "tiny-q8_0.gguf (2 parts)"


def test_download_with_progress_pause_resume_then_use_in_chat(qtbot, window, hub, model_path):
    hub.faults.rate = 6_000_000
    view = open_repo(qtbot, window, HUB_REPO)
    qtbot.waitUntil(view.download_button.isEnabled, timeout=TIMEOUT)
    qtbot.mouseClick(view.download_button, Qt.LeftButton)
    assert window.models.tabs.currentWidget() is window.models.downloads
    row = download_row(qtbot, window, f"{HUB_REPO}/{HUB_FILE}")
    qtbot.waitUntil(lambda: row.progress.value() > 30 and "/s" in row.detail.text(), timeout=TIMEOUT)
    assert "Downloads (1)" == window.models.tabs.tabText(1)
    assert row.pause_button.isVisible() and not row.resume_button.isVisible()

    qtbot.mouseClick(row.pause_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: row.resume_button.isVisible(), timeout=TIMEOUT)
    assert row.detail.text().startswith("Paused") and row.detail.text().count("Paused") == 1  # said once
    partial = part_path(models_dir() / HUB_REPO / HUB_FILE)
    kept = partial.stat().st_size
    qtbot.wait(300)
    assert partial.stat().st_size == kept

    hub.faults.rate = None
    qtbot.mouseClick(row.resume_button, Qt.LeftButton)
    installed = window.models.installed
    qtbot.waitUntil(lambda: installed.cards.count() == 1, timeout=TIMEOUT)
    assert row.detail.text().startswith("Installed and verified")
    assert installed.fields(0) == [
        "Smollm2 135M 8k Lc100K Mix1 Ep2",  # general.name in the file's header
        HUB_FILE, "llama", "135 M", "Q4_1", "8,192", "98.4 MB", HUB_REPO]
    assert [r.range for r in hub.content_requests() if r.path.startswith("/cdn/")][-1] == f"bytes={kept}-"
    assert [a.text() for a in window.installed_menu.actions()][0].endswith("98.4 MB")

    window.models.tabs.setCurrentWidget(installed)
    installed.select(0)
    with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(installed.load_button, Qt.LeftButton)
    assert window.panes.currentWidget() is window.chat
    assert window.model.info.path == models_dir() / HUB_REPO / HUB_FILE


def test_a_bad_checksum_is_shown_with_retry_and_never_installed(qtbot, window, hub):
    hub.faults.corrupt = True
    view = open_repo(qtbot, window, HUB_REPO)
    qtbot.waitUntil(view.download_button.isEnabled, timeout=TIMEOUT)
    view.download_selected()
    row = download_row(qtbot, window, f"{HUB_REPO}/{HUB_FILE}")
    qtbot.waitUntil(lambda: row.resume_button.isVisible(), timeout=TIMEOUT)
    assert "does not match the checksum" in row.detail.text() and row.resume_button.text() == "Retry"
    assert window.models.installed.cards.count() == 0 and not (models_dir() / HUB_REPO / HUB_FILE).exists()

    hub.faults.corrupt = False
    qtbot.mouseClick(row.resume_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.models.installed.cards.count() == 1, timeout=TIMEOUT)


CANCEL_QUESTION = {
    "en": ("Cancel the download of {name}? The {done} downloaded so far (of 98.4 MB) will be deleted. Pause keeps it "
           "for later.", "Cancel and delete", "Keep it", "Cancelled"),
    "zh_CN": ("取消下载 {name}？已下载的 {done}（共 98.4 MB）将被删除。“暂停”可以留着以后继续。", "取消并删除", "保留",
              "已取消"),
}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_cancel_asks_first_then_removes_the_partial_file(qtbot, window, hub, language):
    from assistant.core.units import human_size
    from assistant.ui.common import ui_language

    hub.faults.rate = 3_000_000
    view = open_repo(qtbot, window, HUB_REPO)
    qtbot.waitUntil(view.download_button.isEnabled, timeout=TIMEOUT)
    view.download_selected()
    key = f"{HUB_REPO}/{HUB_FILE}"
    row = download_row(qtbot, window, key)
    qtbot.waitUntil(lambda: row.progress.value() > 5, timeout=TIMEOUT)
    question, delete, keep, cancelled = CANCEL_QUESTION[language]
    partial = part_path(models_dir() / HUB_REPO / HUB_FILE)
    try:
        ui_language.apply(language)
        qtbot.mouseClick(row.pause_button, Qt.LeftButton)  # the amount in the question is then the amount deleted
        qtbot.waitUntil(lambda: window.models.queue.status(key).state is State.PAUSED, timeout=TIMEOUT)
        qtbot.mouseClick(row.cancel_button, Qt.LeftButton)
        box = row.cancel_box
        done = human_size(window.models.queue.status(key).done)
        assert box.isVisible() and box.text() == question.format(name=HUB_FILE, done=done)
        assert box.defaultButton().text() == keep
        qtbot.mouseClick(box.defaultButton(), Qt.LeftButton)  # kept: nothing deleted, nothing cancelled
        assert window.models.queue.status(key).state is State.PAUSED and partial.exists()

        qtbot.mouseClick(row.cancel_button, Qt.LeftButton)
        box = row.cancel_box
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == delete), Qt.LeftButton)
        qtbot.waitUntil(lambda: row.detail.text().startswith(cancelled), timeout=TIMEOUT)
        assert row.detail.text().count(cancelled) == 1 and not partial.exists()
        qtbot.mouseClick(row.remove_button, Qt.LeftButton)
        qtbot.waitUntil(lambda: not window.models.downloads.rows, timeout=TIMEOUT)
    finally:
        ui_language.apply("en")


def test_unfinished_downloads_come_back_paused_after_a_restart(qtbot, hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    hub.faults.rate = 3_000_000
    first = open_window(qtbot)
    view = open_repo(qtbot, first, HUB_REPO)
    qtbot.waitUntil(view.download_button.isEnabled, timeout=TIMEOUT)
    view.download_selected()
    key = f"{HUB_REPO}/{HUB_FILE}"
    qtbot.waitUntil(lambda: first.models.queue.status(key).done > 1_000_000, timeout=TIMEOUT)
    first.close()  # pauses the transfer; the partial file and its plan stay

    second = open_window(qtbot)
    row = download_row(qtbot, second, key)
    assert second.models.queue.status(key).state is State.PAUSED
    assert row.resume_button.isVisibleTo(row) and "The app closed during the download" in row.detail.text()
    assert row.detail.text().count("Paused") == 1
    second.close()


def test_gated_repository_asks_for_a_token_and_works_with_one(qtbot, window, hub):
    view = open_repo(qtbot, window, "HearthTest/Gated-GGUF")
    qtbot.waitUntil(lambda: "gated" in view.fit_label.text(), timeout=TIMEOUT)
    assert "token in Settings" in view.fit_label.text()

    window.edit_settings()
    dialog = window.settings_dialog
    dialog.token_edit.setText("hf_valid_test_token")
    dialog.accept()
    assert window.access.has_token and window.access.tokens.persistent
    view = open_repo(qtbot, window, "HearthTest/Gated-GGUF")
    qtbot.waitUntil(lambda: view.files.rowCount() == 1, timeout=TIMEOUT)
    assert keyring.get_password("hearth-assistant", "huggingface-token") == "hf_valid_test_token"


def test_without_a_keyring_the_settings_say_the_token_is_for_this_session(qtbot, hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    keyring.set_keyring(keyring.backends.fail.Keyring())
    window = open_window(qtbot)
    window.edit_settings()
    dialog = window.settings_dialog
    assert "only until you quit" in dialog.token_status.text()
    dialog.token_edit.setText("hf_valid_test_token")
    dialog.save_token()
    assert "for this session only" in dialog.token_status.text()
    assert window.access.has_token
    window.close()


def test_a_keyring_that_forgets_the_token_is_said_in_settings(qtbot, hub, monkeypatch):
    from test_api_ui import ForgetfulKeyring

    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    keyring.set_keyring(ForgetfulKeyring())  # says yes and keeps nothing
    window = open_window(qtbot)
    window.edit_settings()
    dialog = window.settings_dialog
    dialog.token_edit.setText("hf_valid_test_token")
    dialog.save_token()
    assert "for this session only" in dialog.token_status.text()
    assert "did not keep the token" in dialog.token_status.text() and window.access.has_token
    window.close()


def test_offline_mode_contacts_nothing(qtbot, window, hub):
    window.edit_settings()
    dialog = window.settings_dialog
    dialog.offline_box.setChecked(True)
    dialog.accept()
    assert window.models.offline_note.isVisibleTo(window)
    view = window.models.discover
    view.search_box.setText("smol")
    view.search()
    qtbot.waitUntil(lambda: "Offline mode is on" in view.status.text(), timeout=TIMEOUT)
    assert hub.requests == []


def test_bad_hub_address_is_refused_in_settings(qtbot, window):
    window.edit_settings()
    dialog = window.settings_dialog
    dialog.endpoint_edit.setText("ftp://mirror.example")
    dialog.accept()
    assert "not a web address" in dialog.error.text() and window.access.endpoint_setting == ""


def test_import_link_and_copy_then_delete(qtbot, window, model_path, monkeypatch):
    installed = window.models.installed
    installed.import_file(model_path, link=True)
    qtbot.waitUntil(lambda: installed.cards.count() == 1, timeout=TIMEOUT)
    assert installed.fields(0)[7] == "linked file"
    qtbot.waitUntil(lambda: installed.hardware is not None, timeout=TIMEOUT)  # found at start-up, off the GUI
    installed.select(0)
    assert "Fits on the CPU: 8,192-token context" in installed.detail.text()  # the load plan, this build has no GPU
    installed.import_file(model_path, link=False)
    qtbot.waitUntil(lambda: "already in the library" in installed.detail.text(), timeout=TIMEOUT)

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    installed.select(0)
    installed.delete_selected()
    qtbot.waitUntil(lambda: installed.cards.count() == 0, timeout=TIMEOUT)
    assert model_path.is_file()  # deleting a link never deletes the user's own file

    installed.import_file(model_path, link=False)
    qtbot.waitUntil(lambda: installed.cards.count() == 1, timeout=TIMEOUT)
    assert installed.fields(0)[7] == "imported"
    assert (models_dir() / "local" / model_path.name).stat().st_size == model_path.stat().st_size


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_two_copies_of_one_model_are_told_apart_by_their_files(qtbot, window, model_path, tmp_path, language):
    from assistant.ui.common import ui_language

    copy = tmp_path / "smollm2-second-copy.gguf"
    shutil.copyfile(model_path, copy)
    installed = window.models.installed
    installed.import_file(model_path, link=True)
    qtbot.waitUntil(lambda: installed.cards.count() == 1, timeout=TIMEOUT)
    installed.import_file(copy, link=False)
    qtbot.waitUntil(lambda: installed.cards.count() == 2, timeout=TIMEOUT)
    try:
        ui_language.apply(language)
        cards = installed.cards
        origin = {"en": "linked file", "zh_CN": "链接的文件"}[language]
        assert cards.item(0).data(TITLE_ROLE) == cards.item(1).data(TITLE_ROLE)  # the same header: only the file differs
        rows = {installed.fields(row)[1]: row for row in range(2)}
        assert set(rows) == {model_path.name, copy.name}
        assert cards.item(rows[model_path.name]).data(NOTE_ROLE) == f"{model_path.name} · {origin}"  # on the card
        link = models_dir() / "local" / model_path.name
        installed.select(rows[model_path.name])
        said = {"en": f"{link}, a link to {model_path.resolve()}", "zh_CN": f"{link}，链接到 {model_path.resolve()}"}
        assert installed.detail.text().startswith(said[language] + "\n")
        assert cards.item(rows[model_path.name]).toolTip().endswith(said[language])
        installed.select(rows[copy.name])
        assert installed.detail.text().startswith(f"{models_dir() / 'local' / copy.name}\n")
    finally:
        ui_language.apply("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_show_file_without_a_file_manager_shows_the_path_to_copy(qtbot, window, model_path, language):
    """The offscreen platform, like a desktop without a file manager, opens no folder: QDesktopServices says so."""
    from PySide6.QtGui import QGuiApplication

    from assistant.ui.common import ui_language

    installed = window.models.installed
    installed.import_file(model_path, link=False)
    qtbot.waitUntil(lambda: installed.cards.count() == 1, timeout=TIMEOUT)
    installed.select(0)
    try:
        ui_language.apply(language)
        qtbot.mouseClick(installed.reveal_button, Qt.LeftButton)
        box = installed.path_box
        assert box is not None and box.isVisible()
        path = str(models_dir() / "local" / model_path.name)
        opening = {"en": "No file manager opened the folder. The file is here:",
                   "zh_CN": "没有文件管理器打开这个文件夹。文件在这里："}[language]
        assert box.text() == f"{opening}\n\n{path}"
        assert box.textInteractionFlags() & Qt.TextSelectableByMouse
        copy = next(b for b in box.buttons() if b.text() == {"en": "Copy path", "zh_CN": "复制路径"}[language])
        qtbot.mouseClick(copy, Qt.LeftButton)
        assert QGuiApplication.clipboard().text() == path
    finally:
        ui_language.apply("en")


def test_importing_a_file_that_is_not_a_model_says_why(qtbot, window, tmp_path):
    bad = tmp_path / "notes.gguf"
    bad.write_bytes(b"hello")
    installed = window.models.installed
    installed.import_file(bad, link=False)
    qtbot.waitUntil(lambda: installed.detail.text().startswith("Not imported"), timeout=TIMEOUT)
    assert "notes.gguf cannot be used" in installed.detail.text()
    assert not (models_dir() / "local" / "notes.gguf").exists()


def test_a_bad_hf_endpoint_is_a_message_not_a_crash(qtbot, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", "not a url")
    window = open_window(qtbot)
    view = window.models.discover
    view.search()
    qtbot.waitUntil(lambda: "not a web address" in view.status.text(), timeout=TIMEOUT)
    window.close()


def test_settings_show_the_hardware_report(qtbot, window, monkeypatch):
    import threading

    from assistant.ui.shell import settings_dialog

    real_report, threads = settings_dialog.hardware_report, []

    def report_on(*args, **kwargs):
        threads.append(threading.current_thread())
        return real_report(*args, **kwargs)

    monkeypatch.setattr(settings_dialog, "hardware_report", report_on)
    window.hardware = None  # as if the check at start-up had not answered yet
    window.edit_settings()
    dialog = window.settings_dialog
    assert dialog.tabs.tabText(2) == "Hardware"
    qtbot.waitUntil(lambda: dialog.hardware_text.toPlainText().startswith("llama.cpp backend: "), timeout=TIMEOUT)
    assert threads and threading.main_thread() not in threads  # NVML and the drivers never freeze the window
    report = dialog.hardware_text.toPlainText()
    assert report.startswith("llama.cpp backend: ") and "Memory:" in report and "llama.cpp build:" in report


def test_a_repository_with_a_projector_reads_images_and_its_download_brings_it(qtbot, window, hub):
    from hub_server import VISION_FILE, VISION_PROJECTOR, VISION_REPO

    view = open_repo(qtbot, window, VISION_REPO)
    qtbot.waitUntil(lambda: view.files.rowCount() == 1, timeout=TIMEOUT)
    assert "reads images" in view.repo_title.text()
    assert view.files.item(0, 1).text() == VISION_FILE  # the projectors are never offered as models
    assert f"Reads images: its image projector {VISION_PROJECTOR}" in view.fit_label.text()
    qtbot.mouseClick(view.download_button, Qt.LeftButton)
    row = download_row(qtbot, window, f"{VISION_REPO}/{VISION_PROJECTOR}")
    assert "image projector" in row.source.text()
    assert "image projector" not in download_row(qtbot, window, f"{VISION_REPO}/{VISION_FILE}").source.text()

    installed = window.models.installed
    qtbot.waitUntil(lambda: installed.cards.count() == 1 and "reads images" in installed.fields(0)[0],
                    timeout=TIMEOUT)
    assert installed.fields(0)[1] == VISION_FILE
    installed.select(0)
    assert f"Reads images, with the projector {VISION_PROJECTOR}." in installed.detail.text()
    assert not (models_dir() / VISION_REPO / "mmproj-tiny-vision-Q8_0.gguf").exists()  # one projector: the F16


def test_installed_says_why_a_projector_beside_a_model_cannot_serve_it(qtbot, window, tmp_path):
    from gguf_headers import write_projector, write_text_model

    folder = models_dir() / "local"
    folder.mkdir(parents=True)
    write_text_model(folder / "blind-Q4_0.gguf", 576)
    write_projector(folder / "mmproj-wide-f16.gguf", 2048)
    installed = window.models.installed
    installed.refresh()
    qtbot.waitUntil(lambda: installed.cards.count() == 1, timeout=TIMEOUT)
    assert "reads images" not in installed.fields(0)[0]
    installed.select(0)
    assert ("Cannot read images: mmproj-wide-f16.gguf feeds 2048-wide embeddings; this model takes 576"
            in installed.detail.text())
