"""ModelScope chosen in Settings (issue 36): Discover searches it, and a model chosen there downloads from it into
the same library, against the ModelScope look-alike; the Hub's mirror preset fills the Hub's address."""

from __future__ import annotations

from conftest import MODELSCOPE_FILE as FILE
from conftest import MODELSCOPE_REPO as REPO
from conftest import MODELSCOPE_TOKEN
from conftest import open_main_window
from PySide6.QtWidgets import QDialog

from assistant.core.library.models import installed_models
from assistant.core.storage.settings import HubChoices


def test_modelscope_chosen_in_settings_is_searched_and_downloaded_from(qtbot, modelscope):
    window = open_main_window(qtbot, pane="models")
    window.edit_settings()
    dialog = window.settings_dialog
    sources = dialog.sources
    sources.preset_box.setCurrentIndex(1)
    sources.preset_box.activated.emit(1)  # as a click on "Mirror: hf-mirror.com"
    assert dialog.endpoint_edit.text() == "https://hf-mirror.com"
    dialog.endpoint_edit.setText("http://127.0.0.1:8090/")  # a mirror of one's own: the preset follows
    assert sources.preset_box.currentText() == "Custom address"
    dialog.endpoint_edit.setText("https://hf-mirror.com/")
    assert sources.preset_box.currentIndex() == 1
    sources.preset_box.setCurrentIndex(0)
    sources.preset_box.activated.emit(0)
    assert dialog.endpoint_edit.text() == ""  # the official Hub (or HF_ENDPOINT)
    assert sources.preset_box.currentIndex() == 0
    sources.source_box.setCurrentIndex(sources.source_box.findData("modelscope"))
    sources.modelscope_edit.setText("not an address")
    dialog.done(QDialog.Accepted)
    assert dialog.isVisible() and "not a web address. ModelScope's looks like" in sources.status.text()
    sources.modelscope_edit.setText(modelscope.endpoint)
    with qtbot.waitSignal(dialog.finished):
        dialog.done(QDialog.Accepted)
    chosen = window.settings.read(HubChoices)
    assert (chosen.source, chosen.modelscope_endpoint) == ("modelscope", modelscope.endpoint)
    discover = window.models.discover
    assert "ModelScope" in discover.search_box.toolTip()
    discover.search_box.setText("tiny")
    discover.search()
    qtbot.waitUntil(lambda: discover.results.count() > 0 and discover.search_button.isEnabled(), timeout=30_000)
    assert any(REPO in discover.results.item(i).text() for i in range(discover.results.count()))
    repo = window.services.access.client().repo_files(REPO)
    window.models.download(repo.models[0], repo)
    qtbot.waitUntil(lambda: any(m.path.name == FILE for m in installed_models(window.models.models_dir)),
                    timeout=60_000)
    requests = [path for method, path, _said in modelscope.calls if method == "GET"]
    assert f"/api/v1/models/{REPO}/repo" in requests  # the file came through ModelScope's own endpoint
    discover.open_repo(REPO)
    qtbot.waitUntil(lambda: discover.files.rowCount() == 1, timeout=30_000)
    window.services.access.set_source("hub")  # back to the Hub, as Settings does on closing
    window.models.settings_changed()
    assert discover.files.rowCount() == 0 and discover.repo is None and not discover.download_button.isEnabled()
    assert "Hugging Face" in discover.search_box.accessibleName()
    window.close()


def test_a_first_start_that_cannot_reach_the_hub_is_offered_modelscope(qtbot, modelscope, monkeypatch):
    from PySide6.QtCore import Qt

    from assistant.core.hub.files import local_path
    from assistant.core.storage.paths import models_dir
    from assistant.core.storage.settings import ModelSettings
    from test_welcome_ui import entry, open_welcome

    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # nothing listens there: the Hub is out of reach
    window = open_main_window(qtbot)
    window.services.access.set_modelscope_endpoint(modelscope.endpoint)
    target = local_path(models_dir(), REPO, FILE)
    window.settings.set_model_settings(str(target), ModelSettings(temperature=0.0, max_tokens=8, context_length=2048))
    dialog = open_welcome(qtbot, window, [entry("Tiny Instruct", 0.1, repo=REPO, file=FILE)])
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.modelscope_button.isVisible(), timeout=60_000)
    assert "could not reach the Hugging Face Hub, but ModelScope" in dialog.detail.text()
    assert window.services.access.source == "hub"  # asked, not switched
    assert dialog.modelscope_button.isDefault() and dialog.focusWidget() is dialog.modelscope_button  # Enter
    with qtbot.waitSignal(window.client.model_loaded, timeout=120_000):
        qtbot.mouseClick(dialog.modelscope_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=60_000)
    assert window.settings.read(HubChoices).source == "modelscope" and target.is_file()
    assert str(window.model.info.path) == str(target)
    window.close()


def test_discover_offers_modelscope_when_the_hub_is_out_of_reach_and_opens_a_private_repo_by_its_address(
        qtbot, modelscope, tmp_path):
    """The Hub cannot be reached: Discover's note offers ModelScope beside Retry; taking it saves the choice and
    asks ModelScope what failed (the repository opened). A private repository, which no search lists, opens by
    its name or its page's address once the token is saved."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton
    from test_models_fixes_ui import closed_port
    from test_models_look_ui import make_pane

    pane = make_pane(qtbot, tmp_path)
    pane.access.set_endpoint(closed_port())
    pane.access.set_modelscope_endpoint(modelscope.endpoint)
    discover, note = pane.discover, pane.discover.unreachable
    discover.open_repo(REPO)
    qtbot.waitUntil(lambda: not note.isHidden(), timeout=20_000)
    other = note.findChild(QPushButton, "otherSource")
    assert other.text() == "Use ModelScope (魔搭) instead"
    qtbot.mouseClick(other, Qt.LeftButton)
    qtbot.waitUntil(lambda: discover.files.rowCount() == 1, timeout=20_000)
    assert pane.access.source == "modelscope" and note.isHidden()
    assert pane.access.settings.read(HubChoices).source == "modelscope"  # kept, as Settings keeps it
    assert "on ModelScope" in discover.repo_title.text()
    assert "ModelScope" in discover.search_box.accessibleName()
    # A private repository by its page's address: refused without the token, opened with it.
    discover.search_box.setText("https://www.modelscope.cn/models/Private/Secret-GGUF/files")
    discover.search()
    assert discover.status.text() == "" and discover.repo_title.text().startswith("<b>Private/Secret-GGUF</b>")
    qtbot.waitUntil(lambda: "ModelScope token" in discover.fit_label.text(), timeout=20_000)
    qtbot.waitUntil(lambda: not discover.background.busy("card"), timeout=20_000)  # its card failed too: not said twice
    assert "ModelScope token" not in discover.card.toPlainText()
    pane.access.set_token(MODELSCOPE_TOKEN, "modelscope")
    discover.search()
    qtbot.waitUntil(lambda: discover.files.rowCount() == 1, timeout=20_000)
    assert discover.repo.repo_id == "Private/Secret-GGUF"
    # Unreachable ModelScope offers the Hub back.
    pane.access.set_modelscope_endpoint(closed_port())
    discover.search_box.setText("tiny")
    discover.search()
    qtbot.waitUntil(lambda: not note.isHidden(), timeout=20_000)
    assert other.text() == "Use the Hugging Face Hub instead" and "could not reach ModelScope" in note.text.text()
