"""Translation recommends a model made for translation once one is installed (issue 36): a note with one button,
which makes it Translation's model and loads it; gone once chosen. The real window, library and model."""

from __future__ import annotations

import os

from conftest import HUB_FILE, HUB_REPO, open_main_window

from assistant.core.hub.files import local_path
from assistant.core.library import recommended
from assistant.core.library.recommended import Recommendation, translation_model
from assistant.core.storage.paths import models_dir
from assistant.core.storage.settings import TaskModels

MADE_FOR_TRANSLATION = Recommendation("small", "Small", "Tiny-MT", HUB_REPO, HUB_FILE, 0.1, ("translation",),
                                      "English, Chinese", "made for translation")


def test_a_model_made_for_translation_is_recognised_and_a_chat_model_is_not(tmp_path):
    from dataclasses import replace

    class Installed:
        repo_id, path, problem = HUB_REPO, tmp_path / HUB_FILE, None

    assert translation_model([Installed()], [MADE_FOR_TRANSLATION])[1] is MADE_FOR_TRANSLATION
    chat = replace(MADE_FOR_TRANSLATION, uses=("chat", "translation"))
    assert translation_model([Installed()], [chat]) is None  # good at it, but not made for it
    assert translation_model([], [MADE_FOR_TRANSLATION]) is None
    # Downloaded from ModelScope, where the catalogue records another owner, or imported as a file with no repository.
    on_modelscope = replace(MADE_FOR_TRANSLATION, modelscope_repo="Tencent-Hunyuan/Tiny-MT-GGUF")

    class FromModelScope(Installed):
        repo_id = "Tencent-Hunyuan/Tiny-MT-GGUF"

    class Imported(Installed):
        repo_id = None

    class Elsewhere(Installed):
        repo_id = "someone/else"

    assert translation_model([FromModelScope()], [on_modelscope])[1] is on_modelscope
    assert translation_model([Imported()], [MADE_FOR_TRANSLATION])[1] is MADE_FOR_TRANSLATION
    assert translation_model([Elsewhere()], [on_modelscope]) is None


def test_translation_offers_the_installed_translation_model_and_loads_it_on_one_click(qtbot, monkeypatch,
                                                                                      model_path):
    target = local_path(models_dir(), HUB_REPO, HUB_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.link(model_path, target)  # installed, as a download leaves it
    monkeypatch.setattr(recommended, "recommendations", lambda text=None: [MADE_FOR_TRANSLATION])
    window = open_main_window(qtbot, pane="translation")
    hint = window.translation.model_hint
    qtbot.waitUntil(hint.isVisible, timeout=30_000)  # once the library has been read
    assert hint.note.text() == "Tiny-MT, a model made for translation, is installed."
    with qtbot.waitSignal(window.client.model_loaded, timeout=120_000):
        hint.button.click()
    assert window.settings.read(TaskModels).translation == str(target)
    assert str(window.model.info.path) == str(target) and not hint.isVisible()
    window.close()
