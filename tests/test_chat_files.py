"""Conversations to and from files (core/storage/chat_files, chatgpt_export), in real SQLite files: Hearth's JSON
round trip keeps every branch and every character, Markdown shows the thread on screen, ChatGPT's export comes in
with its branches, and a bad file or a bad conversation is refused with a reason while the rest still comes in."""

from __future__ import annotations

import json
import re

import pytest

from assistant.core.storage.chat_files import ChatFileError, export_json, export_markdown, import_file
from assistant.core.storage.database import connect
from assistant.core.storage.history import STOPPED, History

ODD = "中文 and English, a NUL \x00 and a lone \ud800 surrogate"


def branched(history: History) -> int:
    c = history.create_conversation("Rivers 河流", "Answer briefly.")
    q1 = history.add_message(c, None, "user", "Where does the Danube end?")
    a1 = history.add_message(c, q1, "assistant", "In the Black Sea.", model="SmolLM2")
    history.save_reply(a1, "In the Black Sea.", "complete", thinking="It flows east.", thinking_seconds=1.5,
                       sources=[{"number": 1, "path": "/docs/danube.txt", "paragraph": 2, "text": "…"}],
                       generated_tokens=5, tokens_per_s=40.0)
    history.add_message(c, q1, "assistant", "The Black Sea, in Romania.", model="SmolLM2")  # regenerated
    q2 = history.add_message(c, None, "user", ODD)  # the first question, edited
    a2 = history.add_message(c, q2, "assistant", "Half an answer", model="SmolLM2")
    history.save_reply(a2, "Half an answer", STOPPED)
    history.show_branch(a1)
    return c


def shape(history: History, conversation_id: int) -> list[tuple]:
    """Every message as (role, content, its parent's content, status, thinking, sources), in order."""
    exported = history.export(conversation_id)
    by_id = {m["id"]: m for m in exported["messages"]}
    return [(m["role"], m["content"], by_id[m["parent"]]["content"] if m["parent"] else None,
             m.get("status", "complete"), m.get("thinking", ""), m.get("sources", [])) for m in exported["messages"]]


def test_hearth_json_keeps_every_branch_and_character(tmp_path):
    source = History(connect(tmp_path / "a.sqlite3"))
    c = branched(source)
    path = tmp_path / "chats.json"
    path.write_bytes(export_json(source, [c]))
    assert json.loads(path.read_bytes())["format"] == "hearth-chats"

    target = History(connect(tmp_path / "b.sqlite3"))
    report = import_file(target, path)
    assert report.messages == 5 and not report.skipped and len(report.conversation_ids) == 1
    copy = report.conversation_ids[0]
    assert shape(target, copy) == shape(source, c)
    assert [m.content for m in target.thread(copy)] == [m.content for m in source.thread(c)]
    assert target.conversation(copy).system_prompt == "Answer briefly."
    assert target.conversation(copy).title == "Rivers 河流"
    assert [hit.message_id for hit in target.search("Danube")] == [target.thread(copy)[0].id]
    assert target.search("中文")  # imported messages are searchable
    edited = [m for m in target.export(copy)["messages"] if m["content"] == ODD][0]
    target.show_branch(edited["id"])
    assert [m.content for m in target.thread(copy)] == [ODD, "Half an answer"]


def test_markdown_is_the_thread_on_screen(tmp_path):
    history = History(connect(tmp_path / "a.sqlite3"))
    c = branched(history)
    text = export_markdown(history, [c, history.create_conversation("Empty")]).decode("utf-8")
    assert text.startswith("# Rivers 河流\n")
    assert "> System prompt: Answer briefly." in text
    assert "## You\n\nWhere does the Danube end?" in text
    assert "## Assistant (SmolLM2)" in text and "<summary>Thinking</summary>" in text and "It flows east." in text
    assert "1. /docs/danube.txt, paragraph 2" in text
    assert "in Romania" not in text and ODD not in text  # other branches stay out of a reading copy
    assert "\n---\n\n# Empty" in text


def chatgpt_node(node_id, parent, children, role=None, parts=None, **extra):
    message = None
    if role is not None:
        message = {"id": node_id, "author": {"role": role}, "create_time": 1_700_000_000.0,
                   "content": extra.pop("content", {"content_type": "text", "parts": parts or []}),
                   "metadata": extra.pop("metadata", {}), "recipient": extra.pop("recipient", "all")}
    return node_id, {"id": node_id, "parent": parent, "children": children, "message": message}


def chatgpt_export() -> list:
    """Shaped as ChatGPT's conversations.json: a hidden system node, an edited question, a regenerated answer, a
    reasoning model's thoughts, a tool call split across messages, an image and a code block."""
    mapping = dict([
        chatgpt_node("root", None, ["sys"]),
        chatgpt_node("sys", "root", ["u1", "u1b"], "system", [""],
                     metadata={"is_visually_hidden_from_conversation": True}),
        chatgpt_node("u1", "sys", ["a1", "a1b"], "user", ["What is 2+2?"]),
        chatgpt_node("a1", "u1", [], "assistant", ["4"], metadata={"model_slug": "gpt-4o"}),
        chatgpt_node("a1b", "u1", [], "assistant", ["Four."], metadata={"model_slug": "gpt-4o"}),
        chatgpt_node("u1b", "sys", ["t1"], "user", ["What is 3+3? Here is a photo:",
                                                     {"content_type": "image_asset_pointer"}]),
        chatgpt_node("t1", "u1b", ["call"], "assistant",
                     content={"content_type": "thoughts", "thoughts": [{"summary": "Adding", "content": "3+3=6"}]}),
        chatgpt_node("call", "t1", ["out"], "assistant", recipient="python",
                     content={"content_type": "code", "language": "python", "text": "print(3+3)"}),
        chatgpt_node("out", "call", ["a2"], "tool",
                     content={"content_type": "execution_output", "text": "6"}),
        chatgpt_node("a2", "out", ["a2more"], "assistant", ["It is 6."], metadata={"model_slug": "o3"}),
        chatgpt_node("a2more", "a2", ["u3"], "assistant",
                     content={"content_type": "code", "language": "python", "text": "3 + 3"}),
        chatgpt_node("u3", "a2more", [], "user", ["Thanks!"]),
    ])
    return [{"title": "Sums", "create_time": 1_700_000_000.0, "update_time": 1_700_000_100.0, "mapping": mapping,
             "current_node": "u3"},
            {"title": "Empty one", "mapping": {"r": {"id": "r", "parent": None, "children": [], "message": None}},
             "current_node": "r"}]


def test_a_chatgpt_export_comes_in_with_its_branches(tmp_path):
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(chatgpt_export()), encoding="utf-8")
    history = History(connect(tmp_path / "h.sqlite3"))
    report = import_file(history, path)
    assert len(report.conversation_ids) == 1 and report.skipped == ["Empty one: it has no messages"]
    assert report.notes == ["Images and files, which conversations.json does not hold: 1. Each is marked [image] "
                            "where it was.", "Tool calls, tool results and other messages that are not text, left "
                                             "out: 2."]
    c = report.conversation_ids[0]
    assert history.conversation(c).title == "Sums" and history.conversation(c).system_prompt == ""
    thread = history.thread(c)  # the leaf that was on screen
    assert [m.role for m in thread] == ["user", "assistant", "user"]
    assert thread[0].content == "What is 3+3? Here is a photo:\n[image]"
    assert thread[1].content == "It is 6.\n\n```python\n3 + 3\n```" and thread[1].model == "o3"
    assert thread[1].thinking == "3+3=6"
    assert (thread[0].sibling_index, thread[0].sibling_count) == (1, 2)  # the edited question
    history.show_branch(history.sibling_ids(thread[0].id)[0])
    first = history.thread(c)
    assert [m.content for m in first] == ["What is 2+2?", "Four."]  # the newest answer of the two
    assert first[1].sibling_count == 2 and history.message(history.sibling_ids(first[1].id)[0]).content == "4"


def test_bad_files_are_refused_with_a_reason(tmp_path):
    history = History(connect(tmp_path / "h.sqlite3"))
    cases = {
        "broken.json": (b'{"format": "hearth-chats", "version": 1, "conversations": [', "not valid JSON (line 1"),
        "other.json": (b'{"hello": "world"}', "neither a Hearth export nor ChatGPT"),
        "newer.json": (b'{"format": "hearth-chats", "version": 99, "conversations": []}', "newer Hearth"),
        "binary.json": (bytes(range(256)), "not text"),
    }
    for name, (raw, reason) in cases.items():
        (tmp_path / name).write_bytes(raw)
        with pytest.raises(ChatFileError, match=re.escape(reason)):
            import_file(history, tmp_path / name)
    with pytest.raises(ChatFileError, match="Could not read missing.json"):
        import_file(history, tmp_path / "missing.json")
    assert history.list_conversations() == []


def test_a_bad_conversation_is_skipped_whole_and_the_others_come_in(tmp_path):
    good = {"title": "Good", "messages": [{"id": 1, "parent": None, "role": "user", "content": "hello"},
                                          {"id": 2, "parent": 1, "role": "assistant", "content": "hi"}]}
    bad = {"title": "Bad", "messages": [{"id": 1, "parent": None, "role": "user", "content": "kept?"},
                                        {"id": 2, "parent": 1, "role": "wizard", "content": "no"}]}
    path = tmp_path / "chats.json"
    path.write_text(json.dumps({"format": "hearth-chats", "version": 1, "conversations": [bad, good]}))
    history = History(connect(tmp_path / "h.sqlite3"))
    report = import_file(history, path)
    assert [c.title for c in history.list_conversations()] == ["Good"]
    assert len(report.skipped) == 1 and report.skipped[0].startswith("Bad: a message that is not")
    assert not history.search("kept")  # nothing of the bad one stayed behind, not even in the index
