"""Conversations to and from files (core/storage/chat_files, chatgpt_export), in real SQLite files: Hearth's JSON
round trip keeps every branch and every character, Markdown shows the thread on screen, ChatGPT's export comes in
with its branches, and a bad file or a bad conversation is refused with a reason while the rest still comes in."""

from __future__ import annotations

import contextlib
import json
import random
import re
import tracemalloc

import pytest
from markdown_it import MarkdownIt

from assistant.core.storage.chat_files import (JSON, MARKDOWN, ChatFileError, Export, ExportCancelled, export_file,
                                               export_json, export_markdown, import_file)
from assistant.core.storage.chat_markdown import inline
from assistant.core.storage.database import connect
from assistant.core.storage.history import FAILED, STOPPED, History

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
    assert "**System prompt**\n\n```\nAnswer briefly.\n```" in text
    assert "## You\n\n```\nWhere does the Danube end?\n```" in text
    assert "## Assistant (SmolLM2)" in text and "<summary>Thinking</summary>" in text and "It flows east." in text
    assert "1. /docs/danube.txt, paragraph 2" in text
    assert "in Romania" not in text and "Half an answer" not in text  # other branches stay out of a reading copy
    assert "\n---\n\n# Empty" in text


def structure(markdown: bytes) -> list[tuple[str, str]]:
    """What a Markdown reader sees as the file's outline: headings, rules and HTML blocks, with their text."""
    tokens = MarkdownIt("commonmark").parse(markdown.decode("utf-8"))
    outline = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            outline.append((token.tag, tokens[i + 1].content))
        elif token.type in ("hr", "html_block"):
            outline.append((token.type, token.content.strip()))
        elif token.type == "inline" and any(child.type == "html_inline" for child in token.children or []):
            outline.append(("html_inline", token.content))
    return outline


HOSTILE_QUESTION = "# Not a title\n---\n## Assistant\n<details>\nA NUL \x00 and ``` a fence and a bell \x07"
HOSTILE_REPLY = ("# Answer\n\nSee </details> and `<b>`.\n\nTitle\n===\n\n---\n\n```python\nprint('stopped in a "
                 "code block')")  # a stopped reply can end inside a code block


def hostile(history: History) -> int:
    c = history.create_conversation("Escapes\n# and <b>", "---\n# Be brief")
    q = history.add_message(c, None, "user", HOSTILE_QUESTION)
    a = history.add_message(c, q, "assistant", HOSTILE_REPLY, model="Qwen3 # 0.6B")
    history.save_reply(a, HOSTILE_REPLY, STOPPED, thinking="Think </details> then # go")
    q2 = history.add_message(c, a, "user", "And then?")
    a2 = history.add_message(c, q2, "assistant", "", model="Qwen3")
    history.save_reply(a2, "", FAILED, error="The model ran out of memory (tried 2.1 GB).")
    return c


@contextlib.contextmanager
def translated_core(language: str):
    """The core's words in ``language``, as the app installs them (needs the qapp fixture)."""
    from assistant.ui.common import ui_language as ui_i18n

    ui_i18n.apply(language)
    try:
        yield
    finally:
        ui_i18n.apply("en")


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_markdown_text_cannot_make_the_files_structure(qapp, tmp_path, language):
    """Whatever a message holds, a reader sees one title per conversation, one heading per message and the status
    of a reply that is not whole, in the app's language; a reply's own headings sit below a message's."""
    history = History(connect(tmp_path / "a.sqlite3"))
    c = hostile(history)
    other = history.create_conversation("Second")
    history.add_message(other, None, "user", "Hello")
    words = {"en": ("You", "Assistant", "This reply was stopped before it finished.",
                    "This reply failed: The model ran out of memory (tried 2.1 GB)."),
             "zh_CN": ("你", "助手", "这条回复在写完之前被停止了。",
                       "这条回复失败了：The model ran out of memory (tried 2.1 GB).")}
    you, assistant, stopped, failed = words[language]
    thinking = {"en": "Thinking", "zh_CN": "思考"}[language]
    with translated_core(language):
        raw = export_markdown(history, [c, other])
    text = raw.decode("utf-8")
    assert "\x00" not in text and "\x07" not in text and "A NUL ␀ and" in text and "bell ␇" in text
    assert structure(raw) == [
        ("h1", "Escapes \\# and \\<b\\>"),
        ("h2", you),
        ("h2", f"{assistant} (Qwen3 \\# 0.6B)"), ("html_block", f"<details><summary>{thinking}</summary>"),
        ("html_block", "</details>"), ("h3", "Answer"), ("hr", ""),  # the reply's own, two levels down
        ("h2", you), ("h2", f"{assistant} (Qwen3)"),
        ("hr", ""), ("h1", "Second"), ("h2", you)]
    assert f"*{stopped}*" in text and f"*{inline(failed)}*" in text
    assert "（stopped）" not in text and "(empty)" not in text and "（空）" not in text  # a reason, not a blank
    assert HOSTILE_QUESTION.replace("\x00", "␀").replace("\x07", "␇") in text  # typed text is kept as typed
    assert "### Answer" in text and "```python\nprint('stopped in a code block')\n```" in text


def test_json_export_is_lossless_and_streams_into_the_same_format(tmp_path):
    """Written a conversation at a time, the file is byte for byte what one ``json.dumps`` of the whole document
    gives (the format import reads), and keeps the NUL and the control characters Markdown shows as pictures."""
    history = History(connect(tmp_path / "a.sqlite3"))
    ids = [hostile(history), branched(history), history.create_conversation("Empty")]
    raw = export_json(history, ids)
    document = json.loads(raw)
    assert raw == json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8", "backslashreplace")
    assert [c["title"] for c in document["conversations"]] == ["Escapes\n# and <b>", "Rivers 河流", "Empty"]
    assert document["conversations"][0]["messages"][0]["content"] == HOSTILE_QUESTION
    empty = json.loads(export_json(history, []))
    assert (empty["format"], empty["version"], empty["conversations"]) == ("hearth-chats", 1, [])


def test_a_cancelled_or_failed_export_leaves_no_file(tmp_path):
    history = History(connect(tmp_path / "a.sqlite3"))
    ids = [branched(history) for _ in range(5)]
    target = tmp_path / "chats.json"
    target.write_text("the previous export")
    seen = []
    job = Export.to(target, MARKDOWN)  # the name's extension decides: JSON
    with pytest.raises(ExportCancelled):
        job.write(history, ids, lambda done, total: seen.append((done, total)) or done < 3)
    assert seen == [(1, 5), (2, 5), (3, 5)] and job.cancelled
    assert target.read_text() == "the previous export" and not job.partial.exists()

    cancelled_first = Export.to(tmp_path / "never", JSON)
    assert cancelled_first.path.name == "never.json" and cancelled_first.cancel()
    with pytest.raises(ExportCancelled):
        cancelled_first.write(history, ids)
    assert list(tmp_path.glob("never*")) == []

    with pytest.raises(ChatFileError, match="Could not write"):
        export_file(history, ids, tmp_path / "missing-folder" / "chats.md")

    assert export_file(history, ids + [9999], target) == 5  # a conversation deleted meanwhile is left out
    assert len(json.loads(target.read_text("utf-8"))["conversations"]) == 5
    done = Export.to(target, JSON)
    done.write(history, ids[:1])
    assert not done.cancel()  # too late: the file is in place, and stays


def peak_export_memory(history: History, ids: list[int], path) -> int:
    tracemalloc.start()
    try:
        export_file(history, ids, path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_does_not_grow_with_the_history(tmp_path):
    """The peak memory of an export is that of one conversation: 2,000 conversations cost what 200 do. (Here
    0.12 MB and 0.17 MB, the difference the list of ids; held in memory, as before, they took 4 MB and 41 MB.)"""
    history = History(connect(tmp_path / "a.sqlite3"))
    rng = random.Random(29)
    words = ["river", "河流", "mountain", "山", "sea", "海", "the", "a", "of"]
    ids = []
    with history.conn:
        for n in range(2000):
            c = history.create_conversation(f"Conversation {n}")
            q = history.add_message(c, None, "user", " ".join(rng.choice(words) for _ in range(300)))
            history.add_message(c, q, "assistant", " ".join(rng.choice(words) for _ in range(300)))
            ids.append(c)
    small = peak_export_memory(history, ids[:200], tmp_path / "small.json")
    large = peak_export_memory(history, ids, tmp_path / "large.json")
    assert len(json.loads((tmp_path / "large.json").read_bytes())["conversations"]) == 2000
    assert (tmp_path / "large.json").stat().st_size > 9 * (tmp_path / "small.json").stat().st_size
    # The list of 1,800 more ids, and nothing that grows with the 6 MB of conversations exported.
    assert large - small < 250_000, (small, large)


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
