"""ChatGPT's data export (Settings → Data controls → Export data: ``conversations.json`` in the zip it mails), read
into conversations as ``History.import_tree`` takes them.

Each conversation there is a tree too: ``mapping`` holds nodes by id, each with its ``parent``, its ``children`` and
a ``message`` (or none, at the root), and ``current_node`` is the leaf that was on screen. Edited questions and
regenerated answers are sibling nodes, so they become Hearth's branches as they are.

Only what a reader needs comes along: the user's and the assistant's text (``text`` and ``multimodal_text``
parts; ``code`` as a fenced block), the model's name, its thinking (``thoughts``, joined to the answer after it) and
a non-empty system message as the system prompt. Tool calls and their output, browsing quotes, memory and custom
instructions are left out, and an answer the tools split in several messages is joined back into one. Images and
files are not in conversations.json (they are separate files in the export): each leaves a marker, and the report
counts them.
"""

from __future__ import annotations

from assistant.core.i18n import translate

TEXT_TYPES = ("text", "multimodal_text")


def looks_like(document) -> bool:
    return (isinstance(document, list) and bool(document) and isinstance(document[0], dict)
            and isinstance(document[0].get("mapping"), dict))


def conversations(document: list) -> tuple[list[dict], list[str]]:
    images = left_out = 0
    result = []
    for item in document:
        if not isinstance(item, dict) or not isinstance(item.get("mapping"), dict):
            continue
        converted, counts = _conversation(item)
        images += counts[0]
        left_out += counts[1]
        result.append(converted)
    notes = []
    if images:
        notes.append(translate("ChatFiles", "Images and files, which conversations.json does not hold: {count}. "
                                            "Each is marked [image] where it was.").format(count=images))
    if left_out:
        notes.append(translate("ChatFiles", "Tool calls, tool results and other messages that are not text, "
                                            "left out: {count}.").format(count=left_out))
    return result, notes


def _conversation(item: dict) -> tuple[dict, tuple[int, int]]:
    mapping = item["mapping"]
    images = left_out = 0
    kept: dict[str, dict] = {}  # node id -> the message made of it
    system_prompt = ""
    messages: list[dict] = []
    pending_thinking: dict[str, str] = {}  # node id -> thinking for the next assistant message below it

    def kept_parent(node_id):
        """The nearest node at or above ``node_id`` that became a message (or None), and the thinking met on the
        way up."""
        thinking = []
        while node_id is not None and node_id in mapping:
            if node_id in kept:
                return node_id, thinking
            if pending_thinking.get(node_id):
                thinking.insert(0, pending_thinking[node_id])
            node_id = mapping[node_id].get("parent")
        return None, thinking

    for node_id in _in_order(mapping):
        node = mapping[node_id]
        message = node.get("message")
        if not isinstance(message, dict):
            continue
        role = (message.get("author") or {}).get("role")
        content = message.get("content") or {}
        kind = content.get("content_type")
        if kind == "thoughts":
            pending_thinking[node_id] = "\n\n".join(
                str(t.get("content") or t.get("summary") or "") for t in content.get("thoughts") or []
                if isinstance(t, dict)).strip()
            continue
        text, pictures = _text(content)
        images += pictures
        if role == "system":
            if text.strip() and not (message.get("metadata") or {}).get("is_visually_hidden_from_conversation"):
                system_prompt = system_prompt or text
            continue
        if role not in ("user", "assistant") or kind not in (*TEXT_TYPES, "code") or (
                role == "assistant" and message.get("recipient", "all") != "all"):
            left_out += 1
            continue
        if not text.strip() and not pictures:
            continue  # the empty placeholders ChatGPT keeps around tool calls
        parent, thinking = kept_parent(node.get("parent"))
        previous = kept.get(parent) if parent is not None else None
        if (role == "assistant" and previous is not None and previous["role"] == "assistant"
                and previous["_children"] == 0):
            previous["content"] += "\n\n" + text  # an answer that tools split in pieces
            if thinking:
                previous["thinking"] = "\n\n".join(filter(None, [previous.get("thinking", ""), *thinking]))
            kept[node_id] = previous
            continue
        converted = {"id": node_id, "parent": previous["id"] if previous else None, "role": role, "content": text,
                     "_children": 0}
        created = message.get("create_time")
        if isinstance(created, (int, float)):
            converted["created_at"] = created
        model = (message.get("metadata") or {}).get("model_slug")
        if role == "assistant" and isinstance(model, str):
            converted["model"] = model
        if role == "assistant" and thinking:
            converted["thinking"] = "\n\n".join(thinking)
        if previous is not None:
            previous["_children"] += 1
        kept[node_id] = converted
        messages.append(converted)
    for message in messages:
        del message["_children"]
    leaf, _ = kept_parent(item.get("current_node"))
    return ({"title": item.get("title") or "", "system_prompt": system_prompt, "created_at": item.get("create_time"),
             "updated_at": item.get("update_time"), "current_leaf": kept[leaf]["id"] if leaf else None,
             "messages": messages}, (images, left_out))


def _in_order(mapping: dict) -> list[str]:
    """Node ids, parents before children, siblings in the order the file gives them (the order they were made)."""
    roots = [node_id for node_id, node in mapping.items()
             if isinstance(node, dict) and node.get("parent") not in mapping]
    order, stack = [], list(reversed(roots))
    seen = set()
    while stack:
        node_id = stack.pop()
        if node_id in seen or not isinstance(mapping.get(node_id), dict):
            continue
        seen.add(node_id)
        order.append(node_id)
        children = [c for c in mapping[node_id].get("children") or [] if c in mapping]
        stack.extend(reversed(children))
    return order


def _text(content: dict) -> tuple[str, int]:
    """A message's text, and how many images or files it had."""
    if content.get("content_type") == "code":
        language = content.get("language") or ""
        return f"```{language if language != 'unknown' else ''}\n{content.get('text') or ''}\n```", 0
    pieces, pictures = [], 0
    for part in content.get("parts") or []:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, dict):
            pictures += 1
            pieces.append("[image]")
    if not pieces and isinstance(content.get("text"), str):
        pieces.append(content["text"])
    return "\n".join(pieces), pictures
