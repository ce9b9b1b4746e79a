"""The Drafting and Translation panes' decisions without Qt (core/writing/drafting_session.py, draft_run.py,
review.py, translation_session.py), on real SQLite files, storage failures made by SQLite itself: a full disk
(max_page_count), a read-only database (query_only) and a file another connection holds (BEGIN EXCLUSIVE)."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.core.storage.database import connect
from assistant.core.storage.drafts import Drafts
from assistant.core.storage.write_failure import FULL, LOCKED, OTHER, READ_ONLY, WriteFailure, write_failure
from assistant.core.writing.draft_run import ACTION, ASK, COMPOSE, DraftRun
from assistant.core.writing.drafting import Action, built_in_actions
from assistant.core.writing.drafting_session import (
    APPLY,
    FAILURE,
    NOTHING_ACCEPTED,
    TEXT_MOVED,
    VERSIONS,
    DraftingSession,
)
from assistant.core.writing.review import ACCEPTED, REJECTED, UNDECIDED, Review
from assistant.core.writing.revision import compare, count_words
from assistant.core.writing.translation import Glossary
from assistant.core.writing.translation_session import ALTERNATIVES, CHECKED, TRANSLATE, TranslationSession
from assistant.core.writing.translation_store import TranslationStore

TEXT = "Our team will ship the new app next week. It is fast."


def action(action_id: str) -> Action:
    return next(a for a in built_in_actions() if a.id == action_id)


# Faults, as SQLite gives them ------------------------------------------------------------------------------


def fill_the_disk(conn: sqlite3.Connection) -> None:
    """The database may not grow by a page: a write that needs one fails as on a full disk (SQLITE_FULL)."""
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")


def free_the_disk(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA max_page_count = 1073741823")


def big(text: str) -> str:
    return text + " " + "more words " * 4000  # more than a page's room is left


@pytest.fixture
def path(tmp_path):
    return tmp_path / "db.sqlite3"


def test_a_failed_write_says_what_happened_and_what_to_do(path):
    conn = connect(path)
    drafts = Drafts(conn)
    draft = drafts.create("x")
    fill_the_disk(conn)
    with pytest.raises(sqlite3.OperationalError) as full:
        drafts.save(draft.id, big("x"))
    free_the_disk(conn)
    conn.execute("PRAGMA query_only = 1")
    with pytest.raises(sqlite3.OperationalError) as read_only:
        drafts.save(draft.id, "y")
    conn.execute("PRAGMA query_only = 0")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    conn.execute("PRAGMA busy_timeout = 10")
    with pytest.raises(sqlite3.OperationalError) as locked:
        drafts.save(draft.id, "z")
    other.execute("ROLLBACK")
    kinds = [write_failure(error.value) for error in (full, read_only, locked)]
    assert [k.kind for k in kinds] == [FULL, READ_ONLY, LOCKED]
    assert "Free some space" in kinds[0].advice()
    assert "permissions" in kinds[1].advice()
    assert "Close it" in kinds[2].advice()
    assert write_failure(sqlite3.OperationalError("disk I/O error")) == WriteFailure(OTHER, "disk I/O error")
    assert "disk I/O error" in WriteFailure(OTHER, "disk I/O error").advice()
    assert drafts.get(draft.id).content == "x"  # no write half done


# Review ---------------------------------------------------------------------------------------------------


def test_a_review_keeps_each_decision_until_it_is_applied():
    review = Review("Rewrite", compare("the quick brown fox", "a quick red fox"), start=4)
    first, second = (change.index for change in review.revision.changes)
    assert review.end == 4 + len("the quick brown fox")
    review.decide(first, ACCEPTED)
    review.decide(second, REJECTED)
    assert review.result() == "a quick brown fox"
    review.decide(first, UNDECIDED)
    assert review.decisions == {second: REJECTED} and review.result() == "the quick brown fox"
    review.accept_all()
    assert review.result() == "a quick red fox"
    assert review.fits("Re: the quick brown fox.") and not review.fits("Re: the quick brown cat.")
    with pytest.raises(ValueError):
        review.decide(first, "maybe")


def test_word_count_counts_chinese_characters():
    assert count_words("Hello, world! 你好世界。") == 6


# A run of the model on a draft ------------------------------------------------------------------------------


def test_an_action_on_a_part_becomes_a_review_of_that_part():
    document = "Intro. " + TEXT
    assert DraftRun.on_part(action("rewrite"), document, 0, 3).original == "Int"
    assert DraftRun.on_part(action("rewrite"), "   \n", 0, 4) is None  # nothing to work on
    run = DraftRun.on_part(action("shorten"), document, 7, len(document))
    for chunk in ("Here's the shorter version:\n", "Our team ships ", "next week."):
        assert run.feed(chunk) == 0  # an action's text is reviewed, never written into the draft as it comes
    review = run.review()
    assert (review.start, review.end, review.revision.original) == (7, len(document), TEXT)
    assert review.revision.revised == "Our team ships next week."  # its lead-in is no part of it
    assert DraftRun.on_part(action("shorten"), document, 7, 9).review() is None  # the model wrote nothing


def test_continue_and_summaries_are_reviewed_as_additions():
    run = DraftRun.on_part(action("continue"), TEXT, 0, len(TEXT))
    run.feed("Users will like it.")
    assert run.review().revision.revised == TEXT + " Users will like it."
    run = DraftRun.on_part(action("summarize"), TEXT, 0, len(TEXT))
    run.feed("A fast app, next week.")
    assert run.review().revision.revised == TEXT + "\n\nA fast app, next week."


def test_proofreading_reasons_go_with_their_changes():
    run = DraftRun.on_part(action("proofread"), "I has a apple.", 0, 14)
    run.feed("CORRECTED:\nI have an apple.\nREASONS:\n- has -> have: agreement\n")
    [change] = run.review().revision.changes  # "has a" → "have an": one change, joined over the space
    assert (change.new, change.reason) == ("have an", "agreement")


def test_a_composed_text_grows_at_its_place_and_loses_its_lead_in_as_it_shows():
    run = DraftRun.composing("Composed an email", 5)
    assert run.kind == COMPOSE and (run.start, run.end) == (5, 5)
    taken = [run.feed(chunk) for chunk in ("Here is the email:", "\n\n", "Dear team,", " thank you.")]
    assert sum(taken) == len("Here is the email:\n\n")  # taken back from the draft, where it showed
    assert run.text == "Dear team, thank you." and run.end == 5 + len(run.text)
    assert run.finish() == 0
    asked = DraftRun.asking("Answer")
    asked.feed("The answer is: Friday.")
    assert asked.kind == ASK and asked.answer() == "The answer is: Friday."


# The Drafting session ---------------------------------------------------------------------------------------


def session_on(path) -> tuple[DraftingSession, list[str]]:
    session = DraftingSession(Drafts(connect(path)))
    heard: list[str] = []
    session.subscribe(heard.append)
    return session, heard


def test_drafts_open_save_and_keep_their_versions(path):
    session, heard = session_on(path)
    first = session.create("First draft.")
    assert session.open(first.id).content == "First draft." and session.draft_id == first.id
    assert session.save("First draft, longer.") and session.title(first.id) == "First draft, longer."
    assert session.add_version("First draft, longest.", "Rewrite: accepted 1 of 1")
    assert [v.note for v in session.versions()] == ["Rewrite: accepted 1 of 1", "Created"]
    assert VERSIONS in heard and FAILURE not in heard
    second = session.create("")
    assert session.open(second.id, "First draft, the last words.").id == second.id  # the first is saved on leaving
    assert Drafts(connect(path)).get(first.id).content == "First draft, the last words."
    assert session.delete() and session.draft_id is None
    assert [d.id for d in session.list()] == [first.id]


def test_a_full_disk_keeps_the_text_and_its_version_and_the_next_save_writes_them(path):
    session, heard = session_on(path)
    draft = session.create("A short draft.")
    session.open(draft.id)
    other = session.create("Another draft.")
    conn = session.drafts.conn
    fill_the_disk(conn)
    text = big("A short draft, now long.")
    assert not session.save(text)
    assert session.failure.kind == FULL and heard[-1] == FAILURE
    assert not session.add_version(text, "Proofread: accepted 2 of 2")
    assert session.versions()[0].note == "Proofread: accepted 2 of 2"  # listed, though not written yet
    assert session.open(other.id, text) is None and session.draft_id == draft.id  # it stays open, with its text
    assert session.create(big("A third.")) is None
    free_the_disk(conn)
    heard.clear()
    assert session.save(text + " And more.")
    assert session.failure is None and heard == [FAILURE, VERSIONS]  # "saved again", and the versions written
    reopened = Drafts(connect(path))
    assert reopened.get(draft.id).content == text + " And more."
    assert [v.note for v in reopened.versions(draft.id)] == ["Proofread: accepted 2 of 2", "Created"]
    assert reopened.versions(draft.id)[0].content == text  # as it was when the change was applied


def test_a_locked_or_read_only_database_is_said_and_tried_again(path):
    session, _heard = session_on(path)
    session.open(session.create("Draft.").id)
    session.drafts.conn.execute("PRAGMA busy_timeout = 10")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    assert not session.save("Draft, edited.") and session.failure.kind == LOCKED
    assert not session.delete() and session.draft_id is not None
    other.execute("ROLLBACK")
    session.drafts.conn.execute("PRAGMA query_only = 1")
    assert not session.save("Draft, edited.") and session.failure.kind == READ_ONLY
    session.drafts.conn.execute("PRAGMA query_only = 0")
    assert session.save("Draft, edited again.") and session.failure is None
    assert Drafts(connect(path)).get(session.draft_id).content == "Draft, edited again."


def test_a_review_stays_with_its_draft_until_it_is_applied(path):
    session, _heard = session_on(path)
    first, second = session.create(TEXT), session.create("Other.")
    session.open(first.id)
    run = DraftRun.on_part(action("rewrite"), TEXT, 0, len(TEXT))
    session.start(run)
    run.feed("Our team will ship the app next week. It is quick.")
    assert session.end() is run and session.run is None
    review = run.review()
    session.keep_review(review)
    session.open(second.id, TEXT)
    assert session.review is None  # the other draft has none
    session.open(first.id, "Other.")
    assert session.review is review  # back: still there, with its decisions
    assert session.take_review(TEXT) == (NOTHING_ACCEPTED, review) and session.review is None
    session.keep_review(review)
    review.accept_all()
    assert session.take_review("Someone rewrote it.") == (TEXT_MOVED, review)
    session.keep_review(review)
    assert session.take_review(TEXT) == (APPLY, review)
    session.keep_review(review)
    session.drop_review()
    assert session.review is None


# The Translation session -------------------------------------------------------------------------------------

DOCUMENT = "Bonjour à tous.\n\n```\ncode()\n```\n\nLe rapport est sur https://example.com/rapport."


def test_a_translation_goes_piece_by_piece_checks_each_paragraph_and_is_saved_as_it_goes(path):
    session = TranslationSession(TranslationStore(connect(path)))
    heard: list[str] = []
    session.subscribe(heard.append)
    job = session.plan(DOCUMENT, "fr", "en", Glossary([("rapport", "report")]), "default", 2048)
    assert session.job is job and len(job.pieces) == 3
    assert session.next_piece()[1]["content"].endswith("Bonjour à tous.") and session.mode == TRANSLATE
    session.streaming = "Translation:\nHello everyone."
    session.record_piece()
    assert session.checked == [0] and heard == [CHECKED]
    assert session.next_piece() is not None  # the code block was copied on the way
    assert session.checked == [0, 1] and session.job.next_piece == 2
    assert session.job_text() == "Hello everyone.\n\n```\ncode()\n```\n\n"
    assert session.save(DOCUMENT, "shown", "auto", "en", "default", with_history=True)
    session.streaming = "The record is on the site."  # the glossary term and the URL are missing
    session.record_piece()
    assert session.next_piece() is None and session.job.done
    assert [paragraph for paragraph, _problem in session.checks()] == [2, 2]
    assert session.translation_so_far("as shown") == "as shown"  # a finished one is kept as shown
    assert session.save(DOCUMENT, "as shown", "auto", "en", "default", with_history=True)
    [entry] = session.history()
    assert entry.translation == "as shown" and not entry.stopped and entry.id == session.history_id

    session.start_alternatives()
    assert session.mode == ALTERNATIVES and session.streaming == ""
    session.forget()
    assert (session.job, session.history_id, session.checks()) == (None, None, [])


def test_a_translation_that_cannot_be_saved_is_kept_and_saved_at_the_next_step(path):
    conn = connect(path)
    session = TranslationSession(TranslationStore(conn))
    heard: list[str] = []
    session.subscribe(heard.append)
    text = big("Bonjour.")
    session.plan(text, "fr", "en", Glossary(), "default", 2048)
    session.next_piece()
    session.streaming = "Hello."
    session.record_piece()
    fill_the_disk(conn)
    assert not session.save(text, "", "fr", "en", "default", with_history=True)
    assert session.failure.kind == FULL and heard[-1] == "failure" and session.history_id is None
    assert session.job.next_piece == 1  # nothing of the job was dropped
    free_the_disk(conn)
    assert session.save(text, "", "fr", "en", "default", with_history=True) and session.failure is None
    reopened = TranslationSession(TranslationStore(connect(path)))
    saved = reopened.restore()
    assert saved.text == text and reopened.job.next_piece == 1 and reopened.history_id == session.history_id
    assert reopened.load(session.history_id).translation.startswith("Hello.")


def test_the_checks_come_back_after_a_restart_finished_or_not(path):
    session = TranslationSession(TranslationStore(connect(path)))
    glossary = Glossary([("rapport", "report")])
    session.plan(DOCUMENT, "fr", "en", glossary, "default", 2048)
    for piece in ("Hello everyone.", "The record is on https://example.com/rapport."):
        session.next_piece()
        session.streaming = piece
        session.record_piece()
    assert session.next_piece() is None and session.job.done
    checks = session.checks()
    assert [paragraph for paragraph, _problem in checks] == [2]  # the glossary's term
    assert session.save(DOCUMENT, "as shown", "auto", "en", "default", with_history=True)
    again = TranslationSession(TranslationStore(connect(path)))
    assert again.restore().translation == "as shown"
    assert again.job.done and again.checks() == checks
    [entry] = again.history()
    assert not entry.stopped  # the history keeps a finished translation's text, not its job

    stopped = TranslationSession(TranslationStore(connect(path)))
    stopped.plan(DOCUMENT, "fr", "en", glossary, "default", 2048)
    stopped.next_piece()
    stopped.streaming = "Hello everyone."
    stopped.record_piece()
    stopped.next_piece()  # the code block is copied on the way: two paragraphs done
    assert stopped.save(DOCUMENT, "", "auto", "en", "default", with_history=True)
    resumed = TranslationSession(TranslationStore(connect(path)))
    resumed.restore()
    assert resumed.checked == [0, 1] and resumed.job.next_piece == 2
    loaded = TranslationSession(TranslationStore(connect(path)))
    loaded.load(stopped.history_id)
    assert loaded.checked == [0, 1]
