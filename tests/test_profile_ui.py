"""The profile in the real window (issue 35): filled in Settings › Profile and shown in full, sent in each pane's
prompts to the real SmolLM2 (Chat's system prompt, Drafting's actions and Compose, Feedback, Translation) and left
out where it is switched off, the model's suggestions confirmed one by one, and File › Back up all data keeping it
with the recurring mistakes."""

from __future__ import annotations

import json

import pytest
from conftest import open_main_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog

from assistant.core.engines.types import GenerationResult
from assistant.core.storage.database import connect
from assistant.core.storage.history import History
from assistant.core.storage.mistakes import Mistake, Mistakes
from assistant.core.storage.settings import ProfileChoices, Settings
from assistant.core.writing.profile import Profile, Profiles

pytestmark = pytest.mark.model
TIMEOUT = 180_000
WORK = Profile("Work", name_and_role="Li Wei, product manager at Acme", tone="formal", spelling="uk",
               sign_off="Best regards, Li Wei", keep_words=("Acme",), glossary=(("release", "发布"),))


def sent_messages(window) -> list[list[dict]]:
    """Every request the window's engine client is asked for, as it is asked."""
    seen: list[list[dict]] = []
    real = window.client.generate

    def generate(messages, params, **options):
        seen.append(messages)
        return real(messages, params, **options)

    window.client.generate = generate
    return seen


def system_of(messages: list[dict]) -> str:
    return next((m["content"] for m in messages if m["role"] == "system"), "")


def use(window, profile: Profile = WORK) -> Profiles:
    profiles = Profiles(window.settings)
    profiles.save(profile)
    profiles.set_active(profile.label)
    return profiles


def test_settings_profile_page_fills_shows_and_keeps_a_profile(qtbot, monkeypatch, tmp_path):
    window = open_main_window(qtbot)
    window.edit_settings()
    dialog = window.settings_dialog
    page = dialog.profile_page
    assert page.chooser.currentData() == "" and not page.fields.isVisibleTo(page)  # none until the user fills one
    assert "no profile is in use" in page.preview.toPlainText()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Work", True))
    page.new_button.click()
    assert page.chooser.currentText() == "Work" and page.fields.isVisibleTo(page)
    page.person.setText("Li Wei, product manager at Acme")
    page.spelling.setCurrentIndex(page.spelling.findData("uk"))
    page.keep.setPlainText("Acme\nHearth")
    page.glossary.setPlainText("release = 发布\nthis line has no translation")
    preview = page.preview.toPlainText()
    assert "Li Wei, product manager at Acme" in preview and "British" in preview and "Acme; Hearth" in preview
    dialog.tabs.setCurrentIndex(0)
    dialog.done(QDialog.Accepted)  # a glossary line it cannot read: the dialog stays, on the profile, saying which
    assert dialog.isVisible() and dialog.tabs.currentWidget() is page
    assert page.error.text() == "Glossary line 2 is not “term = translation”: correct it or remove it."
    assert page.error.isVisible() and page.error.visibleRegion().boundingRect().height() > 0  # scrolled into view
    page.chooser.setCurrentIndex(0)  # nor can another profile be chosen before it is put right
    assert page.chooser.currentText() == "Work"
    page.glossary.setPlainText("release = 发布")
    with qtbot.waitSignal(dialog.finished):
        dialog.done(QDialog.Accepted)
    kept = Profiles(window.settings).active()
    assert kept == Profile("Work", "Li Wei, product manager at Acme", spelling="uk", keep_words=("Acme", "Hearth"),
                           glossary=(("release", "发布"),))
    window.edit_settings()
    page = window.settings_dialog.profile_page
    assert page.chooser.currentText() == "Work" and page.keep.toPlainText() == "Acme\nHearth"  # shown in full
    exported = tmp_path / "profiles.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(exported), ""))
    page.export_button.click()  # as a user does: the button asks where
    assert json.loads(exported.read_text(encoding="utf-8"))["profiles"][0]["keep_words"] == ["Acme", "Hearth"]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(exported), ""))
    page.import_button.click()
    assert [p.label for p in Profiles(window.settings).all()] == ["Work", "Work (2)"]
    (tmp_path / "bad.json").write_text('{"kind": "hearth-profiles", "profiles": [{"label": "X", "tone": 1}]}')
    assert page.import_file(str(tmp_path / "bad.json")) == [] and "Nothing was imported" in page.error.text()
    page.chooser.setCurrentIndex(0)  # None: nothing is applied, and the profiles stay
    window.settings_dialog.done(QDialog.Accepted)
    assert Profiles(window.settings).active() is None and len(Profiles(window.settings).all()) == 2
    window.close()


def test_chat_sends_the_profile_with_the_system_prompt_until_the_conversation_leaves_it_out(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=4)
    use(window)
    seen = sent_messages(window)
    chat = window.chat
    for text in ("Hello", "Again"):
        with qtbot.waitSignal(window.client.generation_ended, timeout=TIMEOUT):
            chat.input.setPlainText(text)
            chat.send()
    assert "Li Wei, product manager at Acme" in system_of(seen[-1]) and "British" in system_of(seen[-1])
    assert system_of(seen[0]) == system_of(seen[1])  # the same prefix each turn, for the engine's cache

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert "Li Wei" in dialog.profile_view.toPlainText() and dialog.use_profile.isChecked()
        dialog.editor.setPlainText("Answer briefly.")
        dialog.use_profile.setChecked(False)
        dialog.accept()

    QTimer.singleShot(0, answer)
    chat.edit_system_prompt()
    assert History(window.history.conn).conversation(chat.conversation_id).profile_on is False
    with qtbot.waitSignal(window.client.generation_ended, timeout=TIMEOUT):
        chat.input.setPlainText("Once more")
        chat.send()
    assert system_of(seen[-1]) == "Answer briefly."
    window.close()


def test_drafting_actions_compose_and_feedback_send_the_profile_and_its_switch_leaves_it_out(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=24, pane="drafting")
    use(window)
    pane = window.drafting
    seen = sent_messages(window)
    pane.editor.setPlainText("The colour of the Acme logo are red.")
    for action in ("proofread", "feedback"):
        pane.select_action(action)
        with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
            pane.run_selected_action()
    assert all("British English spelling" in system_of(m) and "Acme" in system_of(m) for m in seen[-2:])
    assert all("Li Wei" not in system_of(m) for m in seen[-2:])  # no signature in a corrected text
    items = pane.actions.profile_items
    pane.actions.more_menu.aboutToShow.emit()
    assert items.switch.isEnabled() and items.switch.isChecked() and "Work" in items.switch.text()
    items.switch.trigger()  # off for Drafting
    assert window.settings.read(ProfileChoices).in_drafting is False
    pane.select_action("proofread")
    with qtbot.waitSignal(pane.task.finished, timeout=TIMEOUT):
        pane.run_selected_action()
    assert "About the person" not in system_of(seen[-1])
    window.close()


def test_translation_into_english_sends_the_profile_and_its_words_join_the_glossary(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=24, pane="translation")
    pane = window.translation
    assert not pane.profile_toggle.button.isVisible()  # no profile in use: nothing to switch
    use(window)
    window.profile_changed()  # as when Settings closes
    assert pane.profile_toggle.button.isVisible() and pane.profile_toggle.button.isChecked()
    seen = sent_messages(window)
    pane._select(pane.target_box, "en")
    pane.source.setPlainText("Acme 的新版本明天发布。")
    pane.translate()
    qtbot.waitUntil(lambda: pane.job is not None and pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    assert "British English spelling" in system_of(seen[-1])
    assert "Acme" in seen[-1][-1]["content"]  # a word to keep, in the request's glossary part
    assert "Acme" in pane.job.glossary.keep
    pane.profile_toggle.button.click()  # off for Translation
    assert window.settings.read(ProfileChoices).in_translation is False
    pane.translate()
    qtbot.waitUntil(lambda: pane.job is not None and pane.job.done and not pane.task.busy, timeout=TIMEOUT)
    assert "About the person" not in system_of(seen[-1]) and "Acme" not in pane.job.glossary.keep
    Profiles(window.settings).set_active(None)
    window.profile_changed()  # as when Settings closes
    assert not pane.profile_toggle.button.isVisible()
    window.close()


def test_the_models_suggestions_are_offered_only_from_the_text_and_added_when_ticked(qtbot, model_path):
    window = open_main_window(qtbot, model_path, max_tokens=24, pane="drafting")
    pane = window.drafting
    text = "Dear Ms Chen, the Acme Cloud launch moves to May."
    pane.editor.setPlainText(text)
    said = []
    pane.suggester.said.connect(said.append)
    with qtbot.waitSignal(pane.suggester.task.finished, timeout=TIMEOUT):
        pane.actions.profile_items.suggest.trigger()  # the real model, held to the suggestions' JSON schema
    dialog = pane.suggester.dialog
    if dialog is None:  # the model found nothing in the text: said so, and nothing was added
        assert said[-1] == "The model found nothing new to suggest for your profile."
    else:
        assert all(word in text for _box, word in dialog.word_boxes)
        dialog.reject()
    assert Profiles(window.settings).all() == []
    # What the model answers is checked before it is offered: one name invented, one copied, and a tone.
    pane.suggester.text = text
    answer = json.dumps({"keep_words": ["Acme Cloud", "Globex"], "tone": "formal"})
    pane.suggester._answered(GenerationResult(text=answer))
    dialog = pane.suggester.dialog
    assert [word for _box, word in dialog.word_boxes] == ["Acme Cloud"] and dialog.tone_box is not None
    assert not any(box.isChecked() for box, _word in dialog.word_boxes)  # nothing is ticked for the user
    dialog.word_boxes[0][0].setChecked(True)
    dialog.accept()
    profiles = Profiles(window.settings)
    assert profiles.active() == Profile("My profile", keep_words=("Acme Cloud",))  # the tone was not ticked
    assert said[-1] == "Added 1 entry to your profile “My profile”."
    window.close()


def test_back_up_all_data_keeps_the_profiles_the_mistakes_and_the_chats(qtbot, tmp_path):
    window = open_main_window(qtbot)
    use(window)
    Mistakes(window.history.conn).note([Mistake("en", "spelling", "recieve", "receive")])
    conversation = window.history.create_conversation("Kept in the backup")
    target = tmp_path / "backup.sqlite3"
    with qtbot.waitSignal(window.backup.done, timeout=30_000) as done:
        window.backup.back_up(target)
    assert done.args == [target] and not list(tmp_path.glob(".*partial"))
    assert "Backed up to" in window.backup.box.text() and window.backup.box.isVisible()
    window.backup.box.close()
    copy = connect(target)
    assert Profiles(Settings(copy)).active() == WORK
    assert [m.original for m in Mistakes(copy).all()] == ["recieve"]
    assert History(copy).conversation(conversation).title == "Kept in the backup"
    copy.close()
    with qtbot.waitSignal(window.backup.done, timeout=30_000) as failed:
        window.backup.back_up(tmp_path / "no such folder" / "backup.sqlite3")
    assert failed.args == [None] and "could not be written" in window.backup.box.text()  # in a box, not a status line
    assert window.backup.box.isVisible()
    window.backup.box.close()
    window.close()
