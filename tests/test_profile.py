"""The user's profile (issue 35): kept in the settings of a real SQLite file, checked as a file from elsewhere is,
in the prompts of each task (Chat, Compose, rewriting, Feedback, Translation) as the task needs it and absent when
switched off, its words to keep enforced on Feedback's output, exported and imported, and the model's suggestions
offered only when the text holds them."""

from __future__ import annotations

import json

import pytest

from assistant.core.chat.chat_session import ChatSession
from assistant.core.storage import database
from assistant.core.storage.database import SCHEMA_VERSION, connect
from assistant.core.storage.history import History
from assistant.core.storage.settings import ProfileChoices, Settings
from assistant.core.writing import feedback
from assistant.core.writing.drafting import Brief, action_messages, ask_messages, built_in_actions, compose_messages
from assistant.core.writing.file_translation import FileJob
from assistant.core.writing.profile import (Profile, ProfileProblem, Profiles, chat_system_prompt, export_profiles,
                                            import_profiles, instructions, parse_glossary, parse_suggestions,
                                            parse_words, profile_lines, with_profile)
from assistant.core.writing.translation import Glossary, TranslationJob, piece_messages, run_glossary

WORK = Profile("Work", name_and_role="Li Wei, product manager at Acme", tone="formal", chinese="traditional",
               spelling="uk", sign_off="Best regards,\nLi Wei", keep_words=("Acme", "Hearth"),
               glossary=(("release", "发布"),))


@pytest.fixture
def settings(tmp_path):
    return Settings(connect(tmp_path / "hearth.sqlite3"))


def system_of(messages: list[dict]) -> str:
    return next(m["content"] for m in messages if m["role"] == "system")


def test_a_profile_reads_back_what_it_stored_and_refuses_what_is_not_a_profile():
    assert Profile.from_record(json.loads(json.dumps(WORK.record()))) == WORK
    for bad in ({"label": "X", "tone": "sarcastic"}, {"label": "X", "spelling": "au"}, {"label": ""},
                {"label": "X", "keep_words": "Acme"}, {"label": "X", "glossary": [["only one"]]},
                {"label": "X", "name_and_role": "x" * 501}, {"label": "X", "sign_off": 7}, ["Work"]):
        with pytest.raises(ProfileProblem):
            Profile.from_record(bad)
    assert Profile("Empty").is_empty() and not WORK.is_empty()
    assert Profile("Blank", name_and_role="   ").is_empty()


def test_words_and_glossary_lines_as_the_user_types_them():
    assert parse_words("Acme\n\n  Smith, Jones & Co \nAcme\n") == ("Acme", "Smith, Jones & Co")
    pairs, bad = parse_glossary("release = 发布\nhearth → 炉边\n\nmodel -> 模型\nno separator here\n= 空\nterm\tterm2")
    assert pairs == (("release", "发布"), ("hearth", "炉边"), ("model", "模型"), ("term", "term2"))
    assert bad == [5, 6]


def test_each_task_gets_what_it_needs_of_the_profile():
    chat = profile_lines(WORK, "chat")
    assert len(chat) == 7 and "Li Wei, product manager at Acme" in chat[0] and "formal" in chat[1]
    assert any("Traditional" in line for line in chat) and any("British" in line for line in chat)
    assert any("Best regards,\n  Li Wei" in line for line in chat) and any("Acme; Hearth" in line for line in chat)
    assert any("release → 发布" in line for line in chat)
    rewrite = "\n".join(profile_lines(WORK, "rewrite"))
    assert "British" in rewrite and "Acme; Hearth" in rewrite and "Traditional" in rewrite
    assert "Li Wei" not in rewrite and "formal" not in rewrite  # no signature in a proofread text
    feedback_lines = "\n".join(profile_lines(WORK, "feedback"))
    assert "British" in feedback_lines and "Acme" in feedback_lines and "发布" not in feedback_lines
    assert profile_lines(WORK, "translation") == ["Use British English spelling (colour, organise)."]
    assert profile_lines(None, "chat") == profile_lines(Profile("Empty"), "chat") == []
    chinese = instructions(WORK, "chat", "zh")
    assert chinese.startswith("关于你正在帮助的这个人") and "繁体字" in chinese and "英式拼写" in chinese
    assert "正式" in chinese  # the tone's Chinese name, as Drafting's menu shows it


def test_the_profile_follows_the_system_prompt_and_leaves_messages_alone_when_it_says_nothing():
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]
    added = with_profile(messages, WORK, "rewrite")
    assert added[0]["content"].startswith("Be brief.\n\nAbout the person you are helping")
    assert added[1] == messages[1] and messages[0]["content"] == "Be brief."  # the caller's list is not changed
    assert with_profile([{"role": "user", "content": "Hi"}], WORK, "rewrite")[0]["role"] == "system"
    assert with_profile(messages, None, "chat") is messages
    assert with_profile(messages, Profile("Empty"), "chat") is messages
    assert chat_system_prompt("", None) == "" and chat_system_prompt("Be brief.", None) == "Be brief."
    assert chat_system_prompt("", WORK).startswith("About the person")


def test_drafting_compose_rewrite_ask_and_feedback_carry_the_profile_only_when_given():
    proofread = next(a for a in built_in_actions() if a.id == "proofread")
    text = "The colour of the Acme logo are red."
    for with_it, without in (
            (action_messages(proofread, text, WORK), action_messages(proofread, text)),
            (ask_messages(text, "What colour?", WORK), ask_messages(text, "What colour?")),
            (feedback.messages(text, feedback.INTERMEDIATE, "en", WORK),
             feedback.messages(text, feedback.INTERMEDIATE, "en"))):
        assert "British English spelling" in system_of(with_it) and "Acme; Hearth" in system_of(with_it)
        assert "About the person" not in system_of(without)
        assert [m for m in with_it if m["role"] == "user"] == [m for m in without if m["role"] == "user"]
    brief = Brief("email", "friendly", "short", "", "en", "Thank the team for the release")
    composed = system_of(compose_messages(brief, WORK))
    assert "Best regards,\n  Li Wei" in composed and "Li Wei, product manager at Acme" in composed
    assert "About the person" not in system_of(compose_messages(brief))


def correction(original: str, corrected: str, category: str = "spelling") -> dict:
    return {"original": original, "corrected": corrected, "category": category, "explanation": "", "example": ""}


def test_feedback_never_changes_a_word_the_profile_keeps_nor_its_chosen_spelling():
    text = "We shiped the Acmee app yesterday. The Acme Cloud launch are in the colour red."
    profile = Profile("Study", spelling="uk", keep_words=("Acmee", "Acme Cloud"))
    answer = json.dumps({"corrections": [
        correction("shiped", "shipped"),
        correction("Acmee", "Acme"),  # the word itself
        correction("A", "B"),  # part of it: the review changes whole words, so "Acmee" would become "Bcmee"
        correction("Cloud launch are", "cloud launch is", "grammar"),  # half of "Acme Cloud" changed
        correction("launch are", "launch is", "grammar"),  # beside the words to keep, which stay
        correction("colour", "color"),  # American for a British writer
    ]})
    assert len(feedback.parse(answer, text).corrections) == 5  # without a profile only the overlap is dropped
    kept = feedback.parse(answer, text, profile=profile)
    assert [(c.original, c.corrected) for c in kept.corrections] == [("shiped", "shipped"),
                                                                      ("launch are", "launch is")]
    assert kept.dropped == {feedback.KEPT_WORD: 3, feedback.CHOSEN_SPELLING: 1}
    assert kept.revision().apply({0, 1}) == text.replace("shiped", "shipped").replace("are", "is")
    lines = "\n".join(feedback.summary_lines(kept))
    assert "profile keeps" in lines and "spelling your profile chose" in lines
    american = feedback.parse(json.dumps({"corrections": [correction("colour", "color")]}), text,
                              profile=Profile("US", spelling="us"))
    assert [c.corrected for c in american.corrections] == ["color"]  # what an American writer asked for


def test_translation_joins_the_profile_to_the_glossary_and_its_spelling_to_an_english_target():
    pane = Glossary([("release", "上线")], ["Hearth"])
    joined = run_glossary(pane, WORK)
    assert ("release", "上线") in joined.pairs and ("release", "发布") not in joined.pairs  # the pane's own wins
    assert set(joined.keep) == {"Acme", "Hearth"}
    assert run_glossary(pane, None) == Glossary(pane.pairs, pane.keep)
    into_english = run_glossary(Glossary(), WORK).relevant("新版本明天发布。")
    assert into_english.pairs == [("发布", "release")]  # the user's terms go both ways, where the source has them
    assert run_glossary(Glossary(), Profile("Same script", glossary=(("e-mail", "email"),))).pairs == [
        ("e-mail", "email")]  # not between two spellings of one language
    into_english = piece_messages("这个颜色很好。", "zh-Hans", "en", joined, profile=WORK)
    assert "British English spelling" in system_of(into_english)
    into_chinese = piece_messages("The Acme release.", "en", "zh-Hans", joined, profile=WORK)
    assert "About the person" not in system_of(into_chinese) and "Acme" in into_chinese[-1]["content"]
    job = TranslationJob.plan("这个颜色很好。", "zh-Hans", "en", joined, profile=WORK)
    assert "British" in system_of(job.messages())


def test_a_file_translation_into_english_follows_the_profile_spelling(tmp_path):
    from assistant.core.formats.opening import open_file

    source = tmp_path / "note.txt"
    source.write_text("这个颜色很好。\n\nAcme 的发布很顺利。\n", encoding="utf-8")
    file = open_file(source)
    job = FileJob(file, "zh-Hans", "en", Glossary(), profile=WORK)
    assert "British English spelling" in system_of(job.messages(0, file.segments[0].text))
    plain = FileJob(file, "zh-Hans", "en", Glossary())
    assert "About the person" not in system_of(plain.messages(0, file.segments[0].text))


def test_profiles_are_kept_in_the_settings_one_in_use_with_each_panes_switch(settings):
    profiles = Profiles(settings)
    assert profiles.all() == [] and profiles.active() is None and profiles.for_task("chat") is None
    profiles.save(WORK)
    assert profiles.active() is None  # off until the user chooses one
    profiles.set_active("Work")
    assert profiles.active() == WORK and profiles.for_task("rewrite") == WORK
    settings.update(ProfileChoices, in_drafting=False)
    assert profiles.for_task("rewrite") is None and profiles.for_task("compose") is None
    assert profiles.for_task("feedback") is None and profiles.for_task("translation") == WORK
    settings.update(ProfileChoices, in_translation=False)
    assert profiles.for_task("translation") is None
    study = Profile("Study", spelling="us")
    profiles.save(study)
    renamed = Profile("Office", **{k: v for k, v in WORK.record().items() if k in ("tone", "spelling")})
    profiles.save(renamed, replacing="Work")
    assert [p.label for p in profiles.all()] == ["Office", "Study"]  # renamed in its place
    assert profiles.active_label() == "Office"  # the one in use follows its new name
    profiles.remove("Office")
    assert profiles.active_label() is None and [p.label for p in profiles.all()] == ["Study"]
    profiles.set_active("Nobody")
    assert profiles.active_label() is None
    assert profiles.free_label("Study") == "Study (2)"
    settings.update(ProfileChoices, profiles=[*settings.read(ProfileChoices).profiles, {"label": 5}])
    assert [p.label for p in profiles.all()] == ["Study"]  # a record edited into nonsense is left out


def test_a_conversation_switches_the_profile_in_its_system_prompt(tmp_path, monkeypatch):
    from assistant.core import i18n

    monkeypatch.setattr(i18n, "_language", "en")  # worded as the window is shown
    conn = connect(tmp_path / "hearth.sqlite3")
    history, settings = History(conn), Settings(conn)
    Profiles(settings).save(WORK)
    Profiles(settings).set_active("Work")
    conversation = history.create_conversation("Plans")
    history.set_system_prompt(conversation, "Answer in one paragraph.")
    session = ChatSession(history, settings, generate=None)
    said = session.system_prompt(conversation)
    assert said.startswith("Answer in one paragraph.\n\nAbout the person") and "Li Wei" in said
    monkeypatch.setattr(i18n, "_language", "zh_CN")
    assert "关于你正在帮助的这个人" in session.system_prompt(conversation)
    session.open(conversation)
    assert session.set_profile_on(False)
    assert session.system_prompt(conversation) == "Answer in one paragraph."
    assert history.conversation(conversation).profile_on is False
    other = history.create_conversation("Other")
    assert history.conversation(other).profile_on is True


def test_a_version_13_database_gains_the_conversations_switch_on_and_keeps_them(tmp_path, monkeypatch):
    path = tmp_path / "v13.sqlite3"
    monkeypatch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:13])
    monkeypatch.setattr(database, "SCHEMA_VERSION", 13)
    old = connect(path)
    conversation = History(old).create_conversation("Kept")
    History(old).set_system_prompt(conversation, "Be kind.")
    old.close()
    monkeypatch.undo()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 14
    kept = History(conn).conversation(conversation)
    assert (kept.title, kept.system_prompt, kept.profile_on) == ("Kept", "Be kind.", True)


def test_profiles_export_and_import_and_a_bad_file_adds_nothing(settings):
    profiles = Profiles(settings)
    profiles.save(WORK)
    text = export_profiles(profiles.all())
    assert json.loads(text)["kind"] == "hearth-profiles"
    assert import_profiles(profiles, text) == ["Work (2)"]  # a name taken gets a number
    assert profiles.get("Work (2)") == Profile(**{**WORK.__dict__, "label": "Work (2)"})
    broken = json.loads(text)
    broken["profiles"].append({"label": "Bad", "tone": "shouting"})
    for bad in (json.dumps(broken), "not json", json.dumps({"kind": "something else", "profiles": []})):
        with pytest.raises(ProfileProblem):
            import_profiles(profiles, bad)
    assert [p.label for p in profiles.all()] == ["Work", "Work (2)"]


def test_the_model_may_only_suggest_names_that_are_in_the_text(settings):
    text = "Dear Ms Chen, the Acme Cloud launch moves to May. Regards, Li"
    answer = json.dumps({"keep_words": ["Acme Cloud", "Ms Chen", "Google", "Acme Cloud", 7], "tone": "formal"})
    found = parse_suggestions(answer, text)
    assert found.keep_words == ("Acme Cloud", "Ms Chen") and found.tone == "formal" and found.dropped == 3
    known = parse_suggestions(answer, text, Profile("Work", tone="formal", keep_words=("Ms Chen",)))
    assert known.keep_words == ("Acme Cloud",) and known.tone == ""
    for broken in ("no json at all", '{"keep_words": "Acme"}', '{"keep_words": [], "tone": "angry"}', "[1, 2]"):
        assert parse_suggestions(broken, text).keep_words == () and parse_suggestions(broken, text).tone == ""
    profiles = Profiles(settings)
    made = profiles.add_entries(None, ["Acme Cloud"], tone="formal")  # none in use: a new one, put in use
    assert made.label == "My profile" and profiles.active() == made and made.keep_words == ("Acme Cloud",)
    again = profiles.add_entries("My profile", ["Ms Chen", "Acme Cloud"])
    assert again.keep_words == ("Acme Cloud", "Ms Chen") and again.tone == "formal"


def test_american_and_british_forms_are_told_from_real_corrections():
    from assistant.core.writing.spelling_variants import variant_direction

    for british, american in (("colour", "color"), ("organised", "organized"), ("centre", "center"),
                              ("travelled", "traveled"), ("catalogue", "catalog"), ("defence", "defense"),
                              ("analyse", "analyze"), ("The favourite colours", "The favorite colors")):
        assert variant_direction(british, american) == "us" and variant_direction(american, british) == "uk"
    for old, new in (("colour", "colours"), ("recieve", "receive"), ("colour red", "color blue"),
                     ("colour", "colour"), ("the colour", "a color")):
        assert variant_direction(old, new) is None, (old, new)
