"""What the Drafting pane asks the model: actions on a text, composing from a brief, questions about a draft;
and reading a proofreading answer back into corrected text and reasons.

A Chinese text is worked on with the Chinese wording of prompts.json, an English (or other) text with the English
wording: small models keep to the language they are instructed in."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.core.i18n import translate
from assistant.core.writing.languages import is_chinese, language, mostly_chinese
from assistant.core.writing.lead_ins import strip_lead_in
from assistant.core.writing.profile import Profile, with_profile
from assistant.core.writing.prompts import fill, prompts
from assistant.core.storage.settings import Settings, WritingChoices


@dataclass(frozen=True)
class Action:
    id: str
    label: str
    instruction: str
    custom: bool = False
    group: str = "yours"  # actions of one group (tones, summaries) sit together in the picker

    @property
    def appends(self) -> bool:
        """Continue writing adds after the text instead of replacing it."""
        return self.id == "continue"


def built_in_actions(wording: str = "en") -> list[Action]:
    """The actions prompts.json defines, labelled in ``wording`` ("en" or "zh") for the UI."""
    return [Action(a["id"], a["label"], a["instruction"], group=a.get("group", "other"))
            for a in prompts(wording)["drafting"]["actions"]]


def text_wording(text: str) -> str:
    return "zh" if mostly_chinese(text) else "en"


def custom_actions(settings: Settings) -> list[Action]:
    stored = settings.read(WritingChoices).custom_actions
    return [Action(f"custom:{i}", a["label"], a["instruction"], custom=True) for i, a in enumerate(stored)
            if isinstance(a, dict) and a.get("label") and a.get("instruction")]


def add_custom_action(settings: Settings, label: str, instruction: str) -> Action:
    label, instruction = label.strip(), instruction.strip()
    if not label or not instruction:
        raise ValueError(translate("Drafting", "A custom action needs a name and an instruction."))
    stored = settings.read(WritingChoices).custom_actions
    stored.append({"label": label, "instruction": instruction})
    settings.update(WritingChoices, custom_actions=stored)
    return custom_actions(settings)[-1]


def remove_custom_action(settings: Settings, action: Action) -> None:
    stored = settings.read(WritingChoices).custom_actions
    index = int(action.id.removeprefix("custom:"))
    if 0 <= index < len(stored):
        del stored[index]
        settings.update(WritingChoices, custom_actions=stored)


def _messages(wording: str, user: str, profile: Profile | None = None, task: str = "rewrite") -> list[dict]:
    return with_profile([{"role": "system", "content": prompts(wording)["drafting"]["system"]},
                         {"role": "user", "content": user}], profile, task, wording)


def action_messages(action: Action, text: str, profile: Profile | None = None) -> list[dict]:
    """A built-in action is worded in the text's language; an action of the user's own keeps the user's words.
    ``profile``: the user's, whose script, spelling, words to keep and terms apply to every rewrite."""
    wording = text_wording(text)
    drafting = prompts(wording)["drafting"]
    instruction = action.instruction
    if not action.custom:
        instruction = next((a["instruction"] for a in drafting["actions"] if a["id"] == action.id), instruction)
    return _messages(wording, fill(drafting["action"], instruction=instruction, text=text), profile)


@dataclass(frozen=True)
class Brief:
    kind: str  # a key of prompts.json's "kinds"
    tone: str  # a key of "tones"
    length: str  # a key of "lengths"
    audience: str
    language: str  # a code of assistant.core.writing.languages: what the text is written in
    brief: str


def compose_messages(brief: Brief, profile: Profile | None = None) -> list[dict]:
    """Worded in Chinese when the text is to be Chinese. ``profile``: all of it applies (who writes, the tone they
    prefer, their signature); the brief's own tone wins, as the profile's lines say."""
    wording = "zh" if is_chinese(brief.language) else "en"
    drafting = prompts(wording)["drafting"]
    return _messages(wording, fill(
        drafting["compose"], kind=drafting["kinds"].get(brief.kind, brief.kind),
        tone=drafting["tones"].get(brief.tone, brief.tone), length=drafting["lengths"].get(brief.length, brief.length),
        audience=brief.audience or drafting["general_audience"], language=language(brief.language).prompt_name(wording),
        brief=brief.brief), profile, "compose")


def ask_messages(document: str, question: str, profile: Profile | None = None) -> list[dict]:
    wording = text_wording(document)
    return _messages(wording, fill(prompts(wording)["drafting"]["ask"], document=document, question=question),
                     profile)


def clean_output(text: str) -> str:
    """A model's answer without the wrapping small models add: a code fence or quotation marks around it all."""
    text = text.strip()
    fenced = re.fullmatch(r"```[\w-]*\n(.*?)\n?```", text, re.DOTALL)
    if fenced:
        text = fenced.group(1).strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'“”" and text.count(text[0]) == 2:
        text = text[1:-1].strip()
    return text


def clean_result(answer: str, original: str = "") -> str:
    """The text a model was asked for, without its lead-in ("Here's the corrected version:") or wrapping.
    ``original``: the text it worked on, whose own first line is never taken for a lead-in."""
    return clean_output(strip_lead_in(answer.strip(), original))


_REASON = re.compile(r"^\s*[-*\d.)]*\s*[\"“']?(?P<wrong>.*?)[\"”']?\s*(?:->|→|=>)\s*[\"“']?(?P<right>.*?)[\"”']?"
                     r"\s*[:：\-–]\s*(?P<reason>.+)$")


def parse_proofreading(answer: str, original: str = "") -> tuple[str, dict[tuple[str, str], str]]:
    """The corrected text and, for each correction the model explained, its reason. An answer that does not follow
    the requested layout is taken as the corrected text, without reasons. A lead-in is no part of the text."""
    text = answer.strip()
    match = re.search(r"CORRECTED:\s*\n?(?P<text>.*?)(?:\n\s*REASONS:\s*\n?(?P<reasons>.*))?\Z", text, re.DOTALL)
    if not match:
        return clean_result(text, original), {}
    reasons = {}
    for line in (match.group("reasons") or "").splitlines():
        found = _REASON.match(line)
        if found and found["wrong"].strip() and found["reason"].strip():
            reasons[(found["wrong"].strip(), found["right"].strip())] = found["reason"].strip()
    return clean_result(match.group("text"), original), reasons

