"""Findings of the Models look's tryout on real widgets: the primary button holds its words at 100% and 200% text in
both languages, without an icon drawn in the text colour on the accent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from assistant.core.library.models import installed_models
from assistant.ui.common import theme, ui_language
from assistant.ui.common.background import Background
from assistant.ui.models.installed_view import InstalledView
from assistant.ui.models.primary_button import make_primary


@pytest.fixture
def one_model(tmp_path, model_path) -> Path:
    folder = tmp_path / "models"
    folder.mkdir()
    shutil.copy(model_path, folder / model_path.name)
    return folder


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("scale", [1, 2])
def test_use_in_chat_is_as_wide_as_its_words_once_a_model_is_chosen(qtbot, one_model, language, scale):
    app = QApplication.instance()
    original = app.font()
    theme.apply("light")
    ui_language.apply(language)
    try:
        font = app.font()
        font.setPointSizeF(original.pointSizeF() * scale)
        app.setFont(font)
        view = InstalledView(one_model, Background())
        qtbot.addWidget(view)
        view.resize(790, 560)
        view.show()
        view._show(installed_models(one_model))
        button = view.load_button
        assert not button.isEnabled()  # nothing chosen yet: measured as a disabled button
        view.select(0)
        assert button.isEnabled() and button.icon().isNull()
        # A button made enabled as it is, measured afresh: what its words need with the primary look's padding.
        fresh = make_primary(QPushButton(button.text(), view))
        qtbot.waitUntil(lambda: button.width() >= fresh.sizeHint().width())
        assert button.width() >= button.sizeHint().width() >= fresh.sizeHint().width()
    finally:
        app.setFont(original)
        ui_language.apply("en")
