"""The user's profile: who they are and how they want their text, written by them and applied where it matters.

A profile holds a name and role, a preferred tone, Simplified or Traditional Chinese, US or UK spelling, how to sign
letters, words never to change (names, brands) and default glossary entries. There may be several (work, study),
one in use at a time, and none until the user fills one in: an empty profile is never applied.

What it changes, by task (``TASK_PARTS``): Chat's system prompt and Compose get all of it; rewriting (Drafting's
actions and questions) gets the script, the spelling, the words to keep and the glossary, since an action such as
*Make formal* says the tone itself and a proofread text must not gain a signature; Feedback gets the script, the
spelling and the words to keep (a UK writer is not told "colour" is wrong); Translation gets the spelling, while the
words to keep and the glossary join the pane's own glossary (``translation_glossary``), which checks them.

The model never writes a profile. It may suggest entries (``suggestion_messages``, ``parse_suggestions``: only
words it copied from the text are offered), which the user confirms one by one (ui/writing/profile_suggestions).
The profiles are settings (ProfileChoices), so they are in the database and in its backups, and they can be
exported and imported as JSON (``export_profiles``, ``import_profiles``).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, replace

from assistant.core.i18n import translate
from assistant.core.storage.settings import ProfileChoices, Settings
from assistant.core.writing.languages import mostly_chinese
from assistant.core.writing.prompts import fill, prompts
from assistant.core.writing.spelling_variants import variant_direction

TONES = ("", "neutral", "formal", "friendly", "confident", "plain")  # Drafting's tones; "": no preference
SCRIPTS = ("", "simplified", "traditional")
SPELLINGS = ("", "us", "uk")
PARTS = ("person", "tone", "chinese", "spelling", "sign_off", "keep", "glossary")
TASK_PARTS = {
    "chat": PARTS,
    "compose": PARTS,
    "rewrite": ("chinese", "spelling", "keep", "glossary"),
    "feedback": ("chinese", "spelling", "keep"),
    "translation": ("spelling",),
}
MAX_LABEL = 40
MAX_FIELD = 500  # a name and role, a sign-off: a profile is a few lines in every prompt, not a document
MAX_ENTRIES = 200  # words to keep, glossary entries
EXPORT_KIND = "hearth-profiles"
GLOSSARY_ARROWS = re.compile(r"\s*(?:=>|->|→|=|\t)\s*")


class ProfileProblem(ValueError):
    """A profile or an export that cannot be used; the message says what, in the UI's language."""


@dataclass(frozen=True)
class Profile:
    label: str  # the profile's own name, shown in the list ("Work", "Study")
    name_and_role: str = ""
    tone: str = ""
    chinese: str = ""
    spelling: str = ""
    sign_off: str = ""
    keep_words: tuple[str, ...] = ()
    glossary: tuple[tuple[str, str], ...] = ()  # (term, what to write for it)

    def is_empty(self) -> bool:
        return not any((self.name_and_role.strip(), self.tone, self.chinese, self.spelling, self.sign_off.strip(),
                        self.keep_words, self.glossary))

    def record(self) -> dict:
        data = asdict(self)
        data["keep_words"], data["glossary"] = list(self.keep_words), [list(pair) for pair in self.glossary]
        return data

    @classmethod
    def from_record(cls, data: object) -> "Profile":
        """Checked as a file from elsewhere is: each field of its kind and within its bounds."""
        if not isinstance(data, dict):
            raise ProfileProblem(translate("Profile", "A profile must be an object with named fields."))

        def text(key: str, limit: int = MAX_FIELD) -> str:
            value = data.get(key, "")
            if not isinstance(value, str) or len(value) > limit:
                raise ProfileProblem(translate("Profile", "The profile's field \"{field}\" must be text of at most "
                                                          "{limit} characters.").format(field=key, limit=limit))
            return value.strip()

        def choice(key: str, allowed: tuple[str, ...]) -> str:
            value = text(key)
            if value not in allowed:
                raise ProfileProblem(translate("Profile", "The profile's field \"{field}\" cannot be \"{value}\".")
                                     .format(field=key, value=value))
            return value

        words, pairs = data.get("keep_words", []), data.get("glossary", [])
        if (not isinstance(words, list) or len(words) > MAX_ENTRIES
                or not all(isinstance(w, str) and w.strip() for w in words)):
            raise ProfileProblem(translate("Profile", "The words to keep must be a list of words."))
        if (not isinstance(pairs, list) or len(pairs) > MAX_ENTRIES
                or not all(isinstance(p, list) and len(p) == 2 and all(isinstance(s, str) and s.strip() for s in p)
                           for p in pairs)):
            raise ProfileProblem(translate("Profile", "The glossary must be a list of [term, translation] pairs."))
        label = text("label", MAX_LABEL)
        if not label:
            raise ProfileProblem(translate("Profile", "A profile needs a name."))
        return cls(label, text("name_and_role"), choice("tone", TONES), choice("chinese", SCRIPTS),
                   choice("spelling", SPELLINGS), text("sign_off"), unique(w.strip() for w in words),
                   tuple(dict((s.strip(), t.strip()) for s, t in pairs).items()))


def unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))


def parse_words(text: str) -> tuple[str, ...]:
    """Words to keep as the user types them: one per line (a name may hold a comma: "Smith, Jones & Co")."""
    return unique(line.strip() for line in text.splitlines())


def parse_glossary(text: str) -> tuple[tuple[tuple[str, str], ...], list[int]]:
    """Glossary lines, "term = translation" (or →, ->, =>, a tab); the numbers (from 1) of lines that are not."""
    pairs: dict[str, str] = {}
    bad = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = GLOSSARY_ARROWS.split(line.strip(), maxsplit=1)
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            bad.append(number)
            continue
        pairs[parts[0].strip()] = parts[1].strip()
    return tuple(pairs.items()), bad


def glossary_text(pairs: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{term} = {wanted}" for term, wanted in pairs)


# What the model is told ---------------------------------------------------------------------------------------------

def profile_lines(profile: Profile | None, task: str, wording: str = "en") -> list[str]:
    """The lines ``task`` (a key of TASK_PARTS) gets, worded as the rest of its prompt; none without a profile."""
    if profile is None or profile.is_empty():
        return []
    words = prompts(wording)["profile"]
    tones = prompts(wording)["drafting"]["tones"]
    found = {
        "person": profile.name_and_role and fill(words["person"], value=profile.name_and_role),
        "tone": profile.tone and fill(words["tone"], value=tones.get(profile.tone, profile.tone)),
        "chinese": words["chinese"].get(profile.chinese, ""),
        "spelling": words["spelling"].get(profile.spelling, ""),
        # A signature's later lines indented, so the list of lines stays one item each.
        "sign_off": profile.sign_off and fill(words["sign_off"], value=profile.sign_off.replace("\n", "\n  ")),
        "keep": profile.keep_words and fill(words["keep"], value=words["separator"].join(profile.keep_words)),
        "glossary": profile.glossary and fill(words["glossary"], value=words["separator"].join(
            f"{term} → {wanted}" for term, wanted in profile.glossary)),
    }
    return [found[part] for part in TASK_PARTS[task] if found[part]]


def instructions(profile: Profile | None, task: str, wording: str = "en") -> str:
    lines = profile_lines(profile, task, wording)
    return "\n".join([prompts(wording)["profile"]["intro"], *("- " + line for line in lines)]) if lines else ""


def with_profile(messages: list[dict], profile: Profile | None, task: str, wording: str = "en") -> list[dict]:
    """``messages`` with the profile's lines after the system prompt (a system message is added if there is none);
    unchanged when nothing applies. At the end of the system message, so the words before it stay the same."""
    text = instructions(profile, task, wording)
    if not text:
        return messages
    if messages and messages[0].get("role") == "system":
        return [{**messages[0], "content": _after(messages[0]["content"], text)}, *messages[1:]]
    return [{"role": "system", "content": text}, *messages]


def chat_system_prompt(system_prompt: str, profile: Profile | None, wording: str = "en") -> str:
    """A conversation's system prompt followed by the profile's lines (the prompt alone when nothing applies)."""
    text = instructions(profile, "chat", wording)
    return _after(system_prompt, text) if text else system_prompt


def _after(prompt: str, text: str) -> str:
    return f"{prompt.rstrip()}\n\n{text}" if prompt.strip() else text


def translation_glossary(profile: Profile | None) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The pairs and the words to keep that join Translation's glossary (the pane's own entries win). A pair with
    Chinese on one side goes both ways ("release = 发布" also asks for "release" where the source says 发布): the
    profile's glossary is the user's terms, not one language pair's; only the side found in a text applies."""
    if profile is None or profile.is_empty():
        return (), ()
    pairs = dict(profile.glossary)
    for term, wanted in profile.glossary:
        if mostly_chinese(term) != mostly_chinese(wanted):
            pairs.setdefault(wanted, term)
    return tuple(pairs.items()), profile.keep_words


def refusal(profile: Profile | None, text: str, start: int, end: int, corrected: str) -> str | None:
    """Why changing ``text[start:end]`` into ``corrected`` goes against ``profile``: "keep" when it would change a
    word never to change, "spelling" when it only turns the chosen spelling into the other; None otherwise.

    Judged on the words the change touches as the review applies it, whole words, widened to every word to keep
    that overlaps them: a correction of "A" to "B" inside "Acme" changes "Acme"."""
    if profile is None:
        return None
    left, right = word_bounds(text, start, end)
    for word in profile.keep_words:
        for match in re.finditer(re.escape(word), text):
            if match.start() < right and left < match.end():
                left, right = min(left, match.start()), max(right, match.end())
    before = text[left:right]
    after = text[left:start] + corrected + text[end:right]
    if any(before.count(word) > after.count(word) for word in profile.keep_words):
        return "keep"
    if profile.spelling and variant_direction(before, after) == {"uk": "us", "us": "uk"}[profile.spelling]:
        return "spelling"
    return None


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` widened to whole words (letters and digits on either side)."""
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


# Stored as settings -------------------------------------------------------------------------------------------------

class Profiles:
    """The profiles in the settings: the list, the one in use (None: none), and the switches of Drafting and
    Translation. Chat's switch is each conversation's (History.set_profile_on)."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def all(self) -> list[Profile]:
        found = []
        for record in self.settings.read(ProfileChoices).profiles:
            try:
                found.append(Profile.from_record(record))
            except ProfileProblem:
                continue  # a record edited by hand into nonsense is not applied; the rest still are
        return found

    def get(self, label: str | None) -> Profile | None:
        return next((p for p in self.all() if p.label == label), None) if label else None

    def active_label(self) -> str | None:
        """The label of the profile chosen to be in use, filled in or not (None: none is)."""
        label = self.settings.read(ProfileChoices).active
        return label if self.get(label) is not None else None

    def active(self) -> Profile | None:
        """The profile in use, if it says anything."""
        profile = self.get(self.settings.read(ProfileChoices).active)
        return profile if profile is not None and not profile.is_empty() else None

    def for_task(self, task: str) -> Profile | None:
        """The profile a writing task applies: the one in use, unless that pane's switch is off."""
        choices = self.settings.read(ProfileChoices)
        if (task in ("compose", "rewrite", "feedback") and not choices.in_drafting) or (
                task == "translation" and not choices.in_translation):
            return None
        return self.active()

    def set_active(self, label: str | None) -> None:
        self.settings.update(ProfileChoices, active=label if self.get(label) is not None else None)

    def save(self, profile: Profile, replacing: str | None = None) -> None:
        """Adds ``profile``, or replaces the one labelled ``replacing`` (its old label, when it is renamed)."""
        Profile.from_record(profile.record())  # what is stored can be read back
        choices = self.settings.read(ProfileChoices)
        old = replacing or profile.label
        records = [r for r in choices.profiles if not (isinstance(r, dict) and r.get("label") in (old, profile.label))]
        position = next((i for i, r in enumerate(choices.profiles) if isinstance(r, dict) and r.get("label") == old),
                        len(records))
        records.insert(min(position, len(records)), profile.record())
        active = profile.label if choices.active == old else choices.active
        self.settings.update(ProfileChoices, profiles=records, active=active)

    def remove(self, label: str) -> None:
        choices = self.settings.read(ProfileChoices)
        records = [r for r in choices.profiles if not (isinstance(r, dict) and r.get("label") == label)]
        self.settings.update(ProfileChoices, profiles=records,
                             active=None if choices.active == label else choices.active)

    def free_label(self, wanted: str) -> str:
        taken = {p.label for p in self.all()}
        label, number = wanted, 2
        while label in taken:
            label, number = f"{wanted} ({number})", number + 1
        return label

    def add_entries(self, label: str | None, keep_words=(), glossary=(), tone: str = "") -> Profile:
        """What the user confirmed of a model's suggestions, added to ``label`` (or to a new profile, put in use)."""
        profile = self.get(label) or Profile(self.free_label(translate("Profile", "My profile")))
        pairs = dict(profile.glossary)
        pairs.update((term, wanted) for term, wanted in glossary if term not in pairs)
        updated = replace(profile, keep_words=unique([*profile.keep_words, *keep_words]),
                          glossary=tuple(pairs.items()), tone=tone or profile.tone)
        self.save(updated, replacing=profile.label)
        if self.get(label) is None or self.settings.read(ProfileChoices).active is None:
            self.set_active(updated.label)
        return updated


def export_profiles(profiles: list[Profile]) -> str:
    return json.dumps({"kind": EXPORT_KIND, "version": 1, "profiles": [p.record() for p in profiles]},
                      ensure_ascii=False, indent=2)


def import_profiles(store: Profiles, text: str) -> list[str]:
    """Adds the profiles of an export; one whose name is taken gets a number. Checked whole before anything is
    added, so a bad file adds nothing. The labels added, in order."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ProfileProblem(translate("Profile", "This file is not a profiles export ({error}).")
                             .format(error=exc)) from exc
    if not isinstance(data, dict) or data.get("kind") != EXPORT_KIND or not isinstance(data.get("profiles"), list):
        raise ProfileProblem(translate("Profile", "This file is not a profiles export from Hearth."))
    found = [Profile.from_record(record) for record in data["profiles"]]
    added = []
    for profile in found:
        profile = replace(profile, label=store.free_label(profile.label))
        store.save(profile)
        added.append(profile.label)
    return added


# Suggestions by the model, confirmed by the user ----------------------------------------------------------------

SUGGESTION_SCHEMA = {
    "type": "object",
    "properties": {
        "keep_words": {"type": "array", "items": {"type": "string"}, "maxItems": 12},
        "tone": {"type": "string", "enum": list(TONES)},
    },
    "required": ["keep_words", "tone"],
}


def suggestion_messages(text: str, wording: str = "en") -> list[dict]:
    words = prompts(wording)["profile"]
    return [{"role": "system", "content": prompts(wording)["drafting"]["system"]},
            {"role": "user", "content": fill(words["suggest"], tones=", ".join(t for t in TONES if t), text=text)}]


@dataclass(frozen=True)
class Suggestions:
    keep_words: tuple[str, ...] = ()
    tone: str = ""
    dropped: int = 0  # offered but not in the text, or already in the profile


def parse_suggestions(answer: str, text: str, profile: Profile | None = None) -> Suggestions:
    """Only names the model copied from ``text`` are offered: an invented one is dropped and counted, as Feedback's
    corrections are. Malformed output offers nothing."""
    match = re.search(r"\{.*\}", answer, re.S)
    try:
        data = json.loads(match.group(0)) if match else {}
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    raw = data.get("keep_words") if isinstance(data.get("keep_words"), list) else []
    known = set(profile.keep_words) if profile else set()
    words = unique(w.strip() for w in raw if isinstance(w, str) and w.strip() in text and w.strip() not in known)
    tone = data.get("tone") if data.get("tone") in TONES else ""
    if profile is not None and tone == profile.tone:
        tone = ""
    return Suggestions(words, tone, dropped=len(raw) - len(words))
