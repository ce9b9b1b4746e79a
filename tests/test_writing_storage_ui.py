"""Drafting and Translation when the database refuses a save, in the real window on the real database file, with
faults SQLite makes itself: a full disk (PRAGMA max_page_count at the file's size), a file another connection holds
(BEGIN EXCLUSIVE) and a read-only database (PRAGMA query_only). The pane says so on its status line and the
window's, with what to do; nothing typed is lost; the next save tries again."""

from __future__ import annotations

import sqlite3

from conftest import open_main_window
from PySide6.QtCore import Qt

from assistant.core.storage.database import connect
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.paths import database_path
from assistant.core.writing.translation_store import TranslationStore

LONG = "A long paragraph the disk has no room for. " * 600  # more than the pages the file has free


def fill_the_disk(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")


def free_the_disk(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA max_page_count = 1073741823")


def autosaved(qtbot, pane) -> None:
    qtbot.waitUntil(lambda: not pane.autosave.isActive(), timeout=5000)


def test_a_draft_the_full_disk_refuses_stays_and_is_saved_once_there_is_room(qtbot):
    window = open_main_window(qtbot, pane="drafting")
    pane = window.drafting
    conn = pane.drafts.conn
    pane.new_draft("The other draft.")
    pane.new_draft("")
    mine, count = pane.draft_id, pane.draft_list.count()
    fill_the_disk(conn)
    pane.editor.setPlainText(LONG)
    autosaved(qtbot, pane)
    said = pane.status.text()
    assert said.startswith("Not saved. The disk is full. Free some space.") and "Nothing is lost" in said
    assert window.generation_label.text() == said  # the window's status line says it too
    assert Drafts(connect(database_path())).get(mine).content == ""

    qtbot.mouseClick(pane.new_button, Qt.LeftButton)  # a new draft would take the text's place
    other_row = next(i for i in range(pane.draft_list.count()) if pane.draft_list.item(i).data(Qt.UserRole) != mine)
    pane.draft_list.setCurrentRow(other_row)  # and so would another draft
    assert pane.draft_id == mine and pane.editor.toPlainText() == LONG
    assert pane.draft_list.currentItem().data(Qt.UserRole) == mine and pane.draft_list.count() == count

    free_the_disk(conn)
    pane.editor.appendPlainText("The end.")  # the next change saves it all
    autosaved(qtbot, pane)
    assert pane.status.text() == "Saved again; nothing was lost."
    assert Drafts(connect(database_path())).get(mine).content == LONG + "\nThe end."
    window.close()


def test_a_version_the_full_disk_refuses_is_listed_and_written_with_the_next_save(qtbot):
    drafts = Drafts(connect(database_path()))
    draft = drafts.create(LONG)
    drafts.save(draft.id, "Short now.")
    drafts.add_version(draft.id, "Short now.", "Shortened")
    window = open_main_window(qtbot, pane="drafting")
    pane = window.drafting
    assert pane.draft_id == draft.id and pane.version_list.count() == 2
    fill_the_disk(pane.drafts.conn)
    pane.version_list.setCurrentRow(1)  # the long first version
    qtbot.mouseClick(pane.restore_button, Qt.LeftButton)
    assert pane.editor.toPlainText() == LONG and pane.status.text().startswith("Not saved. The disk is full.")
    assert pane.version_list.count() == 3 and pane.version_list.item(0).text().endswith(" · Restored the version of "
                                                                                      + pane.version_list.item(2)
                                                                                      .text().split(" · ")[0])
    assert [v.note for v in Drafts(connect(database_path())).versions(draft.id)] == ["Shortened", "Created"]

    free_the_disk(pane.drafts.conn)
    pane.editor.appendPlainText("More.")
    autosaved(qtbot, pane)
    saved = Drafts(connect(database_path())).versions(draft.id)
    assert saved[0].note.startswith("Restored the version of") and saved[0].content == LONG
    assert pane.version_list.count() == 3 and pane.status.text() == "Saved again; nothing was lost."
    window.close()


def test_a_database_another_program_holds_or_that_is_read_only_is_said_with_what_to_do(qtbot):
    window = open_main_window(qtbot, pane="drafting")
    pane = window.drafting
    conn = pane.drafts.conn
    conn.execute("PRAGMA busy_timeout = 20")  # the app waits 5 s; the test need not
    holder = sqlite3.connect(database_path(), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    pane.editor.setPlainText("Typed while another program held the file.")
    count = pane.draft_list.count()
    qtbot.mouseClick(pane.new_button, Qt.LeftButton)
    assert pane.status.text().startswith("Not saved. Another program is using the app's data. Close it")
    assert pane.draft_list.count() == count and pane.editor.toPlainText() == "Typed while another program held the file."
    holder.execute("ROLLBACK")
    holder.close()

    conn.execute("PRAGMA query_only = 1")
    pane.editor.appendPlainText("And more.")
    autosaved(qtbot, pane)
    assert "Check the permissions of its folder" in pane.status.text()
    actions = pane.action_box.count()
    pane.add_action("Headline", "Write a headline.")  # an action of the user's own is kept in the database too
    assert pane.status.text().startswith("The action was not added. The app's data cannot be written.")
    assert pane.action_box.count() == actions
    conn.execute("PRAGMA query_only = 0")
    pane.shutdown()  # the window closes: the text is saved
    assert Drafts(connect(database_path())).get(pane.draft_id).content.endswith("And more.")
    window.close()


def test_a_translation_the_database_refuses_stays_and_is_kept_at_the_next_save(qtbot):
    window = open_main_window(qtbot, pane="translation")
    pane = window.translation
    conn = pane.store.conn
    fill_the_disk(conn)
    pane.source.setPlainText(LONG)
    autosaved(qtbot, pane)
    said = pane.status.text()
    assert said.startswith("Not saved. The disk is full. Free some space.")
    assert window.generation_label.text() == said
    assert (TranslationStore(connect(database_path())).workspace() or None) is None
    qtbot.mouseClick(pane.translate_button, Qt.LeftButton)  # no model: the job is planned, kept in the pane
    assert pane.job is not None and pane.source.toPlainText() == LONG

    free_the_disk(conn)
    pane.source.appendPlainText("Fin.")
    autosaved(qtbot, pane)
    assert pane.status.text() == "Saved again; nothing was lost."
    saved = TranslationStore(connect(database_path())).workspace()
    assert saved.text == LONG + "\nFin." and saved.job is not None  # Resume goes on after a restart
    window.close()
