"""The first-start welcome on real widgets against the Hub look-alike: it checks the computer, picks a model
that fits, downloads it (checked by sha256) and lands in a chat that answers. It can be skipped and reopened."""

from __future__ import annotations

import pytest
from conftest import HUB_FILE, HUB_REPO, open_main_window
from PySide6.QtCore import Qt

from assistant.core.hub.files import local_path
from assistant.core.engines.memory_fit import Verdict
from assistant.core.storage.paths import models_dir
from assistant.core.library.recommended import Recommendation, recommendations
from assistant.core.storage.settings import ModelSettings, WindowRecord
from assistant.ui.models.welcome_dialog import WelcomeDialog, best_choice

TIMEOUT = 60_000


def entry(title, size_gb, uses=("chat",), repo=HUB_REPO, file=HUB_FILE) -> Recommendation:
    return Recommendation("small", "Small", title, repo, file, size_gb, uses, "English", f"{title} for tests")


def test_the_largest_chat_model_that_fits_is_offered_first():
    entries = [(entry("tiny", 0.1), Verdict.FITS), (entry("translator", 3, ("translation",)), Verdict.FITS),
               (entry("medium", 2), Verdict.FITS), (entry("big", 9), Verdict.TIGHT), (entry("huge", 40), Verdict.TOO_BIG)]
    assert best_choice(entries) == 2
    # On the processor alone a 16 GB model fits but crawls; with a 24 GB card it is the one to take.
    roomy = [(entry("small", 1.1), Verdict.FITS), (entry("7b", 4.7), Verdict.FITS), (entry("27b", 16.6), Verdict.FITS)]
    assert best_choice(roomy) == 1 and best_choice(roomy, gpu_free_gb=24) == 2
    assert best_choice([(entry("27b", 16.6), Verdict.FITS), (entry("14b", 9), Verdict.FITS)]) == 1
    assert best_choice([(entry("big", 9), Verdict.TIGHT), (entry("bigger", 12), Verdict.TIGHT)]) == 0
    assert best_choice([(entry("huge", 40), Verdict.TOO_BIG)]) is None


@pytest.fixture
def window(qtbot, hub, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", hub.endpoint)
    window = open_main_window(qtbot)
    # Greedy and short, so that the chat at the end answers quickly and the same way every time.
    target = local_path(models_dir(), HUB_REPO, HUB_FILE)
    window.settings.set_model_settings(str(target), ModelSettings(temperature=0.0, seed=1, max_tokens=12,
                                                                  context_length=2048))
    yield window
    window.close()


def open_welcome(qtbot, window, choices) -> WelcomeDialog:
    window.show_welcome(choices)
    dialog = window.welcome_dialog
    qtbot.waitUntil(lambda: dialog.hardware is not None and dialog.list.currentItem() is not None, timeout=TIMEOUT)
    return dialog


def test_a_new_user_gets_from_the_welcome_to_a_working_chat_in_one_click(qtbot, window, hub):
    assert window.first_start()
    choices = [entry("SmolLM2 135M Instruct", 0.1), entry("Too big to run here", 4000)]
    dialog = open_welcome(qtbot, window, choices)
    assert "Memory:" in dialog.machine.text()
    assert dialog.list.currentItem().data(Qt.ItemDataRole.UserRole).title == "SmolLM2 135M Instruct"
    too_big = dialog.list.item(1)
    assert not too_big.flags() & Qt.ItemFlag.ItemIsEnabled and "too big" in too_big.text()

    with qtbot.waitSignal(window.client.model_loaded, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT)

    installed = local_path(models_dir(), HUB_REPO, HUB_FILE)
    assert installed.is_file() and str(window.model.info.path) == str(installed)
    assert any(HUB_FILE in str(request) for request in hub.requests)  # fetched from the Hub, not found lying about
    assert window.panes.currentWidget() is window.chat and window.settings.read(WindowRecord).welcome_done is True
    assert not window.first_start()

    # The chat works: a real reply from the model that was just downloaded.
    window.chat.input.setPlainText("Say hello.")
    with qtbot.waitSignal(window.client.replies.finished, timeout=TIMEOUT):
        window.chat.send()
    reply = window.chat.thread_view.message_widgets()[-1]
    assert reply.message.role == "assistant" and reply.plain_text().strip()


def shown_entries(dialog: WelcomeDialog) -> list[Recommendation]:
    return [dialog.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(dialog.list.count())]


def test_the_welcome_offers_only_models_that_can_chat(qtbot, window):
    window.show_welcome()  # the recommended models, as at a first start
    dialog = window.welcome_dialog
    qtbot.waitUntil(lambda: not dialog._checking, timeout=TIMEOUT)
    titles = [entry.title for entry in shown_entries(dialog)]
    assert titles == [entry.title for entry in recommendations() if "chat" in entry.uses] and titles
    assert not {"BGE-M3", "Qwen3-Embedding 0.6B"} & set(titles)  # they find passages; they cannot chat
    dialog.close()

    dialog = open_welcome(qtbot, window, [entry("An embedder", 0.1, ("documents",)), entry("SmolLM2", 0.1)])
    assert [e.title for e in shown_entries(dialog)] == ["SmolLM2"]
    dialog.close()

    # The embedding models stay offered where they serve: among the recommended models under Models › Discover.
    window.show_models()
    results = window.models.discover.results
    listed = [results.item(row).text() for row in range(results.count())]
    assert any(text.startswith("BGE-M3") for text in listed)
    assert any(text.startswith("Qwen3-Embedding") for text in listed)


def test_the_welcome_says_what_went_wrong_and_downloads_nothing(qtbot, window):
    dialog = open_welcome(qtbot, window, [entry("Missing file", 0.1, file="not-there-Q4_K_M.gguf")])
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no longer in" in dialog.detail.text(), timeout=TIMEOUT)
    assert dialog.retry_button.isVisible() and dialog.key is None
    assert not any(models_dir().rglob("*.gguf"))
    dialog.close()


def test_skipping_the_welcome_keeps_it_closed_until_help_opens_it(qtbot, window):
    dialog = open_welcome(qtbot, window, [entry("SmolLM2 135M Instruct", 0.1)])
    qtbot.mouseClick(dialog.skip_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and window.settings.read(WindowRecord).welcome_done is True
    assert not window.first_start()
    window.maybe_welcome()
    assert window.welcome_dialog is dialog  # nothing new opened by itself
    help_menu = window.menuBar().actions()[-1].menu()
    welcome_action = next(a for a in help_menu.actions() if a.text() == "&Welcome…")
    welcome_action.trigger()
    assert window.welcome_dialog is not dialog and window.welcome_dialog.isVisible()
    window.welcome_dialog.close()


def test_every_model_line_of_the_welcome_is_read_whole_without_scrolling_sideways(qtbot, window):
    window.show_welcome()
    dialog = window.welcome_dialog
    qtbot.waitUntil(lambda: not dialog._checking, timeout=TIMEOUT)
    dialog.resize(640, dialog.height())  # narrower than the longest line, as the tryout's screen was
    qtbot.waitUntil(lambda: dialog.list.viewport().width() < 640)
    bar = dialog.list.horizontalScrollBar()
    assert not bar.isVisible() and bar.maximum() == 0
    widest = max(dialog.list.visualItemRect(dialog.list.item(row)).width() for row in range(dialog.list.count()))
    assert widest <= dialog.list.viewport().width()
    dialog.close()


def test_a_model_that_reads_images_loads_once_its_projector_is_in_too(qtbot, window, hub):
    from hub_server import VISION_FILE, VISION_PROJECTOR, VISION_REPO

    dialog = open_welcome(qtbot, window, [entry("Tiny vision", 0.1, repo=VISION_REPO, file=VISION_FILE)])
    projector = local_path(models_dir(), VISION_REPO, VISION_PROJECTOR)
    loads = []
    # The file has a real header but no weights to load: what matters is what is there when loading starts.
    dialog.load_model = lambda path: loads.append((path, projector.is_file()))
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(loads), timeout=TIMEOUT)
    assert loads == [(str(local_path(models_dir(), VISION_REPO, VISION_FILE)), True)]
    assert len(dialog.keys) == 2 and dialog.progress.value() == 1000
    dialog.close()
