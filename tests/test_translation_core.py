"""Document splitting, glossary and placeholder checks, prompts and language detection, on real multilingual text."""

from __future__ import annotations

import pytest

from assistant.core.storage.database import connect
from assistant.core.writing.languages import LANGUAGES, detect
from assistant.core.storage.settings import Settings
from assistant.core.writing.translation import (
    Glossary,
    paragraphs,
    parse_alternatives,
    piece_messages,
    preserved_problems,
    split_paragraph,
)

SAMPLES = {
    "en": "The committee will meet again next week to discuss the budget for the new library.",
    "zh-Hans": "委员会将于下周再次开会，讨论新图书馆的预算问题。",
    "zh-Hant": "委員會將於下週再次開會，討論新圖書館的預算問題。",
    "ja": "委員会は来週再び会合を開き、新しい図書館の予算について話し合う予定です。",
    "ko": "위원회는 다음 주에 다시 모여 새 도서관 예산을 논의할 예정입니다.",
    "fr": "Le comité se réunira à nouveau la semaine prochaine pour discuter du budget de la nouvelle bibliothèque.",
    "de": "Der Ausschuss wird nächste Woche erneut zusammentreten, um das Budget der neuen Bibliothek zu besprechen.",
    "es": "El comité se reunirá de nuevo la próxima semana para discutir el presupuesto de la nueva biblioteca.",
    "pt": "O comitê se reunirá novamente na próxima semana para discutir o orçamento da nova biblioteca.",
    "ru": "Комитет снова соберётся на следующей неделе, чтобы обсудить бюджет новой библиотеки.",
    "ar": "ستجتمع اللجنة مرة أخرى الأسبوع المقبل لمناقشة ميزانية المكتبة الجديدة.",
    "hi": "समिति अगले सप्ताह नए पुस्तकालय के बजट पर चर्चा करने के लिए फिर से बैठक करेगी।",
}


@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_detects_the_language_offline(code):
    found, confidence = detect(SAMPLES[code])
    assert found == code and 0 < confidence <= 1


def test_no_letters_no_guess():
    assert detect("12345 ... !!!") is None


def test_at_least_thirty_languages_with_the_ones_users_need():
    codes = {lang.code for lang in LANGUAGES}
    assert len(codes) >= 30
    assert {"zh-Hans", "zh-Hant", "ja", "ko", "en", "fr", "de", "es", "pt", "ru", "ar", "hi"} <= codes


def test_paragraphs_keep_code_blocks_whole():
    text = "# Title\n\nFirst para\nstill first.\n\n```python\nx = 1\n\ny = 2\n```\n\n\nLast."
    assert paragraphs(text) == ["# Title", "First para\nstill first.", "```python\nx = 1\n\ny = 2\n```", "Last."]


def test_a_long_paragraph_is_split_on_sentences_within_the_budget():
    def count(text):
        return len(text.split())

    text = " ".join(f"Sentence number {i} has some words." for i in range(40))
    pieces = split_paragraph(text, 30, count)
    assert len(pieces) > 1 and all(count(p) <= 30 for p in pieces)
    assert "".join(pieces) == text
    assert all(p.rstrip().endswith(".") for p in pieces)
    chinese = "这是第一句。" * 50
    pieces = split_paragraph(chinese, 20, len)
    assert "".join(pieces) == chinese and all(len(p) <= 20 for p in pieces)


def test_glossary_terms_are_in_the_prompt_and_checked(tmp_path):
    settings = Settings(connect(tmp_path / "db.sqlite3"))
    Glossary([("library", "图书馆"), ("budget", "预算")], ["Hearth"]).save(settings, "en", "zh-Hans")
    glossary = Glossary.load(settings, "en", "zh-Hans")
    assert Glossary.load(settings, "zh-Hans", "en").pairs == []  # per language pair
    source = "Hearth will fund the library next year."
    prompt = piece_messages(source, "en", "zh-Hans", glossary, previous="Earlier text.")[1]["content"]
    assert "library → 图书馆" in prompt and "budget" not in prompt  # only the terms this piece uses
    assert "原样保留：Hearth" in prompt and "Earlier text." in prompt  # into Chinese: the Chinese wording
    assert "从英语翻译成简体中文" in prompt
    assert glossary.problems(source, "Hearth 明年将资助图书馆。") == []
    assert glossary.problems(source, "炉火明年将资助书馆。") == [
        "Glossary: “library” should be translated as “图书馆”.", "Glossary: “Hearth” should stay untranslated."]


def test_user_text_with_braces_is_not_read_as_a_placeholder():
    prompt = piece_messages("Hello {name}, you owe %s.", "en", "fr", Glossary())[1]["content"]
    assert prompt.endswith("Hello {name}, you owe %s.")


def test_what_must_survive_translation():
    source = "See https://example.com/a for {count} items at 1,500.25 USD, run `make test` and print %s."
    good = "Voir https://example.com/a pour {count} articles à 1 500,25 USD, lancez `make test` et affichez %s."
    assert preserved_problems(source, good) == []
    bad = "Voir le site pour {compte} articles à 1 400 USD, lancez make test."
    problems = preserved_problems(source, bad)
    assert any("https://example.com/a" in p for p in problems)
    assert any("{count}" in p for p in problems) and any("%s" in p for p in problems)
    assert any("`make test`" in p for p in problems) and any("150025" in p for p in problems)
    assert preserved_problems("## Heading", "Titre") == [
        "The Markdown structure changed (“## ” became “plain text”)."]
    assert preserved_problems("```\ncode\n```", "```\ncódigo\n```") == [
        "A code block was changed; code is kept as it is."]


def test_alternatives_are_read_from_a_numbered_list():
    assert parse_alternatives("1. Bonjour.\n2) Salut.\n\n3. Coucou.\n4. Extra.") == ["Bonjour.", "Salut.", "Coucou."]


def test_paragraph_spans_point_into_the_text():
    from assistant.core.writing.translation import paragraph_spans

    text = "One.\n\n  Two\nlines.\n\n\n```\na\n\nb\n```\nThree."
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["One.", "  Two\nlines.", "```\na\n\nb\n```\nThree."]


def test_a_job_goes_piece_by_piece_and_can_stop_and_go_on():
    from assistant.core.writing.translation import TranslationJob

    long = " ".join(f"Sentence {i} is here." for i in range(30))
    text = f"# Title\n\n{long}\n\n```\ncode()\n```\n\nThe end, see {{name}}."
    job = TranslationJob.plan(text, "en", "fr", Glossary(), budget=40)
    assert [p.paragraph for p in job.pieces][:2] == [0, 1] and len(job.pieces) > 5
    assert next(p for p in job.pieces if p.paragraph == 2).copy
    assert job.record("# Titre") == 0
    assert job.translation(0) == "# Titre" and job.translation(1) is None
    first_part = job.current.text
    assert job.record("Phrases, partie un.") is None  # paragraph 1 is not finished yet
    assert job.translation(1) is None
    assert first_part in job.messages()[1]["content"]  # the next piece sees the one before it as context
    stopped_at = job.next_piece  # a stop here loses nothing: the job goes on from this piece
    while job.current.paragraph == 1:
        job.record("Suite.")
    assert stopped_at < job.next_piece and job.translation(1).startswith("Phrases, partie un. Suite.")
    assert job.record("ignored for code") == 2 and job.translation(2) == "```\ncode()\n```"
    assert job.record("La fin, voir {nom}.") == 3 and job.done and job.progress == 1.0
    assert job.problems(3) == ["The placeholder {name} is missing or changed."]
    assert len(job.finished_paragraphs()) == 4


def test_label_lines_before_a_translation_are_dropped():
    from assistant.core.writing.translation import clean_translation

    assert clean_translation("Translation:\nHello everyone.") == "Hello everyone."
    assert clean_translation("Here is the translation in English:\nText:\nHello.") == "Hello."
    assert clean_translation("Text: it matters.") == "Text: it matters."  # a sentence, not a label line


def test_a_full_stop_after_a_url_is_not_part_of_it():
    assert preserved_problems("Read https://example.com/a.", "Lisez https://example.com/a.") == []
    assert preserved_problems("Read https://example.com/a.", "Lisez https://example.com/b.") != []


# A paragraph in the wrong language (issue 29, item 24) -----------------------------------------------------------


def _translated(source_paragraphs, outputs, source="fr", target="en", glossary=None):
    from assistant.core.writing.translation import TranslationJob

    job = TranslationJob.plan("\n\n".join(source_paragraphs), source, target, glossary or Glossary())
    for text in outputs:
        job.record(text)
    assert job.done
    return job


def test_a_paragraph_left_in_the_source_language_is_flagged():
    french = ["Le comité se réunira à nouveau la semaine prochaine pour discuter du budget.",
              "La bibliothèque restera ouverte tout l'été, du lundi au samedi."]
    job = _translated(french, ["The committee will meet again next week to discuss the budget.", french[1]])
    assert job.problems(0) == []
    assert job.problems(1) == ["This paragraph is in French, not in English."]


def test_the_language_check_leaves_alone_what_it_cannot_judge():
    source = ["Bonjour à tous.", "Alice Martin, Bob Dupont et Claire Petit", "Voir https://example.com/rapport.",
              "```\nprint('bonjour le monde, encore une fois')\n```", "Python 3.11, NumPy 2.0"]
    # Each came back as it was: too short, names, a URL, code, numbers: none of it is said to be French.
    job = _translated(source, source)
    assert [job.problems(i) for i in range(len(source))] == [[]] * len(source)


def test_kept_terms_do_not_count_as_the_wrong_language():
    glossary = Glossary([], ["Le Petit Prince de Saint-Exupéry"])
    job = _translated(["Nous lisons Le Petit Prince de Saint-Exupéry avec les enfants ce soir."],
                      ["Tonight we read Le Petit Prince de Saint-Exupéry with the children at home."],
                      glossary=glossary)
    assert job.problems(0) == []


def test_chinese_in_the_other_script_and_close_languages():
    from assistant.core.writing.languages import other_language

    assert other_language(SAMPLES["zh-Hant"], "zh-Hans") == "zh-Hant"
    assert other_language(SAMPLES["zh-Hans"], "zh-Hant") == "zh-Hans"
    assert other_language(SAMPLES["zh-Hans"], "zh-Hans") is None
    assert other_language("天上白日，山中古木，水中明月。", "zh-Hant") is None  # characters both scripts share
    assert other_language(SAMPLES["ja"], "zh-Hans") == "ja"
    assert other_language(SAMPLES["en"], "zh-Hans") == "en"
    # Indonesian and Malay share most words: neither is said to be the other.
    assert other_language("Saya suka makan nasi goreng di pagi hari bersama keluarga.", "ms") is None


def test_the_check_speaks_the_apps_language(monkeypatch):
    from assistant.core import i18n

    chinese = {"This paragraph is in {found}, not in {target}.": "这一段是{found}，不是{target}。"}
    monkeypatch.setattr(i18n, "_translator", lambda _context, text, _d, _n: chinese.get(text, text))
    monkeypatch.setattr(i18n, "_language", "zh_CN")
    french = ["La bibliothèque restera ouverte tout l'été, du lundi au samedi, pour tous les lecteurs."]
    assert _translated(french, french).problems(0) == ["这一段是法语，不是英语。"]


# Kept between starts (issue 29, item 3) --------------------------------------------------------------------------


def test_a_stopped_job_and_the_pane_survive_reopening_the_database(tmp_path):
    from assistant.core.writing.translation import TranslationJob
    from assistant.core.writing.translation_store import TranslationStore, Workspace

    text = "Premier paragraphe.\n\n```\ncode()\n```\n\nTroisième, avec \ud800 et \0 dedans.\n\nQuatrième."
    glossary = Glossary([("paragraphe", "paragraph")], ["Hearth"])
    job = TranslationJob.plan(text, "fr", "en", glossary, "formal", budget=40)
    job.record("First paragraph.")
    job.record("")  # the code block, copied
    store = TranslationStore(connect(tmp_path / "db.sqlite3"))
    entry_id = store.save_entry(None, job, text, "First paragraph.\n\n```\ncode()\n```\n\n")
    store.save_workspace(Workspace(text, "First paragraph.\n\n```\ncode()\n```\n\n", "auto", "en", "formal", job,
                                   entry_id))

    reopened = TranslationStore(connect(tmp_path / "db.sqlite3"))
    saved = reopened.workspace()
    assert (saved.text, saved.source_language, saved.target_language, saved.formality, saved.history_id) == (
        text, "auto", "en", "formal", entry_id)
    assert saved.job.to_dict() == job.to_dict() and saved.job.current.text == "Troisième, avec \ud800 et \0 dedans."
    assert saved.job.messages() == job.messages()  # the same prompt, glossary and register as before the restart
    [entry] = reopened.history()
    assert entry.stopped and (entry.paragraphs_done, len(entry.job.paragraphs)) == (2, 4)

    saved.job.record("Third.")
    saved.job.record("Fourth.")
    assert reopened.save_entry(entry_id, saved.job, text, "done") == entry_id
    [entry] = reopened.history()
    assert not entry.stopped and entry.job is None and entry.translation == "done"


def test_history_shows_each_text_once_the_newest_and_keeps_the_rest(tmp_path):
    from assistant.core.writing.translation import TranslationJob
    from assistant.core.writing.translation_store import TranslationStore

    conn = connect(tmp_path / "db.sqlite3")
    store = TranslationStore(conn)
    first = TranslationJob.plan("Bonjour.", "fr", "en", Glossary())
    first.record("Hello.")
    store.save_entry(None, first, "Bonjour.", "Hello.")
    again = TranslationJob.plan("Bonjour.", "fr", "en", Glossary())
    store.save_entry(None, again, "Bonjour.", "Hi")  # translated again, stopped before the end
    german = TranslationJob.plan("Bonjour.", "fr", "de", Glossary())
    german.record("Hallo.")
    store.save_entry(None, german, "Bonjour.", "Hallo.")
    assert [(e.target_language, e.translation, e.stopped) for e in store.history()] == [
        ("de", "Hallo.", False), ("en", "Hi", True)]
    assert conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0] == 3  # nothing deleted


def test_a_damaged_job_record_gives_back_the_texts_without_a_resume(tmp_path):
    from assistant.core.writing.translation_store import TranslationStore, Workspace

    conn = connect(tmp_path / "db.sqlite3")
    store = TranslationStore(conn)
    store.save_workspace(Workspace("Bonjour.", "Hello", "fr", "en", "default"))
    conn.execute("UPDATE translation_workspace SET job = ?", (b'{"source": "fr", "pieces": 3}',))
    saved = store.workspace()
    assert (saved.text, saved.translation, saved.job) == ("Bonjour.", "Hello", None)
