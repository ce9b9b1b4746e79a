"""The chat turn without Qt: the core session (core/chat) driven on a real SQLite history, by a stub engine whose
events the test hands over, and by the real scheduler and engine host with the test model. Storage faults are real
SQLite ones: a page limit for a full disk, a second connection's exclusive lock, a read-only connection."""

from __future__ import annotations

import os
import sqlite3

import pytest

from assistant.core.chat.chat_session import ChatSession, ReplyEnded, StorageProblem
from assistant.core.chat.documents_choice import Passages
from assistant.core.documents.answer import ASKED_INSTRUCTIONS
from assistant.core.documents.index import Hit
from assistant.core.engines.scheduler import Failed, Finished, Prompt, Text
from assistant.core.engines.types import END_STOPPED, GenerationResult, LoadedModel
from assistant.core.engines.errors import EngineFailure
from assistant.core.engines.chat_template import ChatTemplate
from assistant.core.library.gguf_file import read_gguf
from assistant.core.storage.database import connect
from assistant.core.storage.history import COMPLETE, FAILED, STOPPED, STREAMING, History
from assistant.core.storage.settings import Settings
from conftest import smollm2_path


class StubEngine:
    """Takes the session's requests and lets the test answer them, event by event, on the test's thread."""

    def __init__(self):
        self.requests: list[tuple[list[dict], object, object]] = []
        self.stopped = 0

    def generate(self, messages, params, on_event):
        self.requests.append((messages, params, on_event))
        return self

    def stop(self) -> None:
        self.stopped += 1

    def reply(self, *pieces: str, stopped: bool = False) -> None:
        on_event = self.requests[-1][2]
        on_event(Prompt(100, 0))
        for piece in pieces:
            on_event(Text(piece))
        on_event(Finished(GenerationResult(text="".join(pieces), prompt_tokens=100, generated_tokens=len(pieces),
                                           end=END_STOPPED if stopped else "eos")))


def described_model(context: int = 4096) -> LoadedModel:
    """The test model's own description, as loaded (no engine needed to describe it)."""
    return LoadedModel(info=read_gguf(smollm2_path()), context_length=context, n_threads=1, n_gpu_layers=0,
                       load_seconds=0.0)


def passage(number: int, turn: int) -> Hit:
    return Hit(passage_id=100 * turn + number, path=f"/docs/river-{turn}.txt", page=None, paragraph=number,
               text=f"Passage {number} of question {turn}: the river passes town {number} in the valley.", score=1.0)


@pytest.fixture
def database(tmp_path):
    return tmp_path / "history.db"


def make_session(database, clock=None):
    conn = connect(database)
    engine = StubEngine()
    session = ChatSession(History(conn), Settings(conn), engine.generate, **({"clock": clock} if clock else {}))
    session.set_model(described_model())
    heard = []
    session.subscribe(heard.append)
    return session, engine, heard


def with_documents(session, hits_for_question):
    session.passages = Passages(lambda: ["/docs"], lambda question, sources, done, failed:
                                done(hits_for_question(question)))
    session.set_documents_choice(True, None)


# The messages a turn sends -----------------------------------------------------------------------------------------


def test_each_turn_begins_with_the_previous_one_as_far_as_its_question_and_the_system_prompt_never_changes(database):
    """The prefix the engine reuses: the next turn's prompt, rendered by the test model's own chat template, begins
    with this turn's prompt byte for byte up to the end of this question's own words; what follows is only the
    newest reply and the new question with its passages. The earlier passages are not carried along."""
    session, engine, _heard = make_session(database)
    template = ChatTemplate(read_gguf(smollm2_path()).chat_template)
    with_documents(session, lambda question: [passage(n, int(question.split()[-1])) for n in range(1, 9)])
    for turn in range(1, 7):
        assert session.send(f"Where does the river go, question {turn}")
        engine.reply(f"It goes to the sea [1], says answer {turn}.")
    messages = [request[0] for request in engine.requests]
    for turn, (before, after) in enumerate(zip(messages, messages[1:]), start=1):
        asked = f"Where does the river go, question {turn}"
        assert after[:len(before) - 1] == before[:-1] and after[len(before) - 1]["content"] == asked
        assert before[-1]["content"].startswith(asked + "\n\n" + ASKED_INSTRUCTIONS)
        assert [m["role"] for m in after[len(before) - 1:]] == ["user", "assistant", "user"]
        rendered_before, rendered_after = template.render(before), template.render(after)
        shared = len(os.path.commonprefix([rendered_before, rendered_after]))
        assert shared >= rendered_before.index(asked + "\n\n") + len(asked)
        new = rendered_after[shared:]
        assert f"says answer {turn}." in new and f"question {turn + 1}" in new and f"river-{turn}.txt" not in new
    last = messages[-1][-1]["content"]
    assert last.endswith("The question again: Where does the river go, question 6")
    assert "[8] (river-6.txt, paragraph 8)" in last
    assert not any("river-5.txt" in m["content"] for m in messages[-1])  # answered questions go without passages
    assert all(m["role"] != "system" for m in messages[-1])  # no system prompt was set, and none was made up
    # The sources are saved on each reply, numbered as the model cites them.
    thread = session.history.thread(session.conversation_id)
    replies = [m for m in thread if m.role == "assistant"]
    assert [len(r.sources) for r in replies] == [8] * 6 and replies[2].sources[0]["path"] == "/docs/river-3.txt"
    assert all(r.status == COMPLETE for r in replies)


def test_a_system_prompt_stays_first_and_a_question_is_asked_alone_once_documents_are_off(database):
    session, engine, _heard = make_session(database)
    with_documents(session, lambda question: [passage(1, 1), passage(2, 1)])
    session.send("First question")
    session.history.set_system_prompt(session.conversation_id, "Answer briefly.")
    engine.reply("First answer [1].")
    assert "[2] (river-1.txt, paragraph 2)" in engine.requests[-1][0][-1]["content"]
    session.set_documents_choice(False, None)
    session.send("Second question")
    messages = engine.requests[-1][0]
    assert messages[0] == {"role": "system", "content": "Answer briefly."}
    assert [m["content"] for m in messages[1:]] == ["First question", "First answer [1].", "Second question"]


def test_nothing_found_is_said_in_the_reply_and_the_model_is_not_asked(database):
    session, engine, heard = make_session(database)
    with_documents(session, lambda question: [])
    session.send("quantum chromodynamics")
    assert engine.requests == []
    reply = session.history.thread(session.conversation_id)[-1]
    assert reply.status == COMPLETE and reply.content.startswith("Nothing in your documents matches")
    assert not session.busy


# A reply's life in the history -------------------------------------------------------------------------------------


def test_the_reply_is_saved_while_it_streams_and_when_it_ends(database):
    now = [0.0]
    session, engine, heard = make_session(database, clock=lambda: now[0])
    session.send("Tell me a story")
    turn = session.active
    reply = session.history.message(turn.message_id)
    assert reply.status == STREAMING and reply.content == ""  # the row exists before the first token
    on_event = engine.requests[-1][2]
    on_event(Text("Once "))
    assert session.history.message(turn.message_id).content == ""  # saved about once a second, not each piece
    now[0] = 1.5
    on_event(Text("upon "))
    assert session.history.message(turn.message_id).content == "Once upon "
    on_event(Text("a time."))
    on_event(Finished(GenerationResult(text="Once upon a time.", prompt_tokens=12, generated_tokens=4,
                                       tokens_per_second=9.0)))
    stored = session.history.message(turn.message_id)
    assert (stored.status, stored.content, stored.prompt_tokens, stored.generated_tokens) == \
        (COMPLETE, "Once upon a time.", 12, 4)
    assert session.active is None and isinstance(heard[-1], ReplyEnded) or any(isinstance(e, ReplyEnded)
                                                                              for e in heard)


def test_stopped_failed_and_kept_on_quit(database):
    session, engine, _heard = make_session(database)
    session.send("One")
    engine.reply("Half a", stopped=True)
    assert session.history.thread(session.conversation_id)[-1].status == STOPPED
    session.send("Two")
    engine.requests[-1][2](Text("Some"))
    engine.requests[-1][2](Failed(EngineFailure("The engine host stopped.")))
    failed = session.history.thread(session.conversation_id)[-1]
    assert (failed.status, failed.content, failed.error) == (FAILED, "Some", "The engine host stopped.")
    session.send("Three")
    engine.requests[-1][2](Text("Partial"))
    session.keep_partial_and_stop()  # quitting: kept as it is, marked stopped
    assert engine.stopped == 1
    kept = session.history.thread(session.conversation_id)[-1]
    assert (kept.status, kept.content) == (STOPPED, "Partial")


# Storage failures ------------------------------------------------------------------------------------------------


def fill_the_disk(conn: sqlite3.Connection) -> None:
    """As on a full disk: the file may not grow by one page more."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def free_the_disk(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA max_page_count = 1073741823")


@pytest.mark.parametrize("fault", ["full", "locked", "read_only"])
def test_a_question_that_cannot_be_stored_leaves_nothing_and_says_what_to_do(database, fault):
    session, engine, heard = make_session(database)
    conn = session.history.conn
    other = None
    if fault == "full":
        fill_the_disk(conn)
        text = "A long question. " * 400  # needs new pages
    elif fault == "locked":
        conn.execute("PRAGMA busy_timeout = 50")  # the app waits 5 s; the test need not
        other = sqlite3.connect(database, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        text = "A question"
    else:
        conn.execute("PRAGMA query_only = ON")
        text = "A question"
    assert not session.send(text)
    problems = [e.message for e in heard if isinstance(e, StorageProblem)]
    wanted = {"full": "the disk is full. Free some space", "locked": "another program is using it. Close that",
              "read_only": "read-only. Check that you may write to " + str(database.parent)}[fault]
    assert problems and wanted in problems[-1]
    assert session.conversation_id is None and engine.requests == []
    if other is not None:
        other.execute("ROLLBACK")
    assert session.history.list_conversations() == []
    assert conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0] == 0
    # Once the storage works again the same text is sent, once.
    free_the_disk(conn)
    conn.execute("PRAGMA query_only = OFF")
    assert session.send(text)
    assert [m.content for m in session.history.thread(session.conversation_id)][:1] == [text]
    assert isinstance([e for e in heard if isinstance(e, StorageProblem)][-1], StorageProblem)
    assert [e for e in heard if isinstance(e, StorageProblem)][-1].message is None


def test_a_reply_that_cannot_be_saved_is_kept_and_saved_once_the_disk_works_again(database):
    now = [0.0]
    session, engine, heard = make_session(database, clock=lambda: now[0])
    session.send("Tell me a long story")
    conn = session.history.conn
    conn.execute("PRAGMA query_only = ON")  # from here every write fails
    on_event = engine.requests[-1][2]
    for second in range(1, 4):
        now[0] = second * 1.1
        on_event(Text(f"Part {second}. "))
    problems = [e for e in heard if isinstance(e, StorageProblem)]
    assert len(problems) == 1 and "read-only" in problems[0].message  # said once, not at every piece
    on_event(Finished(GenerationResult(text="Part 1. Part 2. Part 3. ", generated_tokens=6)))
    message_id = session.history.thread(session.conversation_id)[-1].id
    assert session.history.message(message_id).status == STREAMING  # the history has not got it yet
    shown = session.thread()[-1]
    assert (shown.content, shown.status) == ("Part 1. Part 2. Part 3. ", COMPLETE)  # but the screen has
    conn.execute("PRAGMA query_only = OFF")
    assert session.send("And then?")  # the next write saves the held reply first
    stored = session.history.message(message_id)
    assert (stored.status, stored.content) == (COMPLETE, "Part 1. Part 2. Part 3. ")
    assert heard[-1] is not None and session.problem is None


def test_on_quit_a_reply_that_could_not_be_saved_is_saved_if_it_can_be(database):
    session, engine, _heard = make_session(database)
    session.send("Say something")
    session.history.conn.execute("PRAGMA query_only = ON")
    engine.reply("Something.")
    message_id = session.history.thread(session.conversation_id)[-1].id
    session.keep_partial_and_stop()  # still read-only: nothing raised, the row stays for the next start
    assert session.history.message(message_id).content == ""
    session.history.conn.execute("PRAGMA query_only = OFF")
    session.keep_partial_and_stop()
    stored = session.history.message(message_id)
    assert (stored.status, stored.content) == (COMPLETE, "Something.")
