"""A whole file's translation in the core: the job's prompts (one system message every piece shares), its pieces and
checks, each segment kept in a real SQLite file so a run goes on where it stopped, and the runner on the real engine
host with SmolLM2, behind the user's own requests. The file formats have tests of their own (test_*_format.py)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from assistant.core.formats.opening import open_file
from assistant.core.storage.database import connect
from assistant.core.writing.file_translation import FileJob
from assistant.core.writing.file_translation_session import FileTranslationSession, default_output
from assistant.core.writing.file_translation_store import FileTranslationStore
from assistant.core.writing.translation import Glossary
from translators import shout

PARAGRAPHS = ["The engine reads 3 files.", "Hearth keeps the glossary.", "See https://example.org for more.",
              "Thank you for reading."]


def text_file(tmp_path: Path, paragraphs=PARAGRAPHS, name="notes.txt") -> Path:
    path = tmp_path / name
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


def test_every_piece_shares_one_system_message_with_the_files_glossary(tmp_path):
    file = open_file(text_file(tmp_path))
    glossary = Glossary([("engine", "moteur"), ("absent", "absente")], ["Hearth", "Nowhere"])
    job = FileJob(file, "en", "fr", glossary, "formal")
    requests = [job.messages(index, segment.text) for index, segment in enumerate(job.segments)]
    systems = {request[0]["content"] for request in requests}
    assert len(systems) == 1  # the prefix the engine keeps evaluated
    system = systems.pop()
    assert "engine → moteur" in system and "Hearth" in system
    assert "absent" not in system and "Nowhere" not in system  # only the terms this file uses
    assert "<t1>" not in system  # no tags in a plain text file: no word about them
    assert requests[1][1]["content"].endswith("Hearth keeps the glossary.")
    assert "The engine reads 3 files." in requests[1][1]["content"]  # the segment before, as context


def test_a_long_segment_goes_in_pieces_and_comes_back_as_one(tmp_path):
    long = " ".join(f"Sentence number {n} is here." for n in range(40))
    file = open_file(text_file(tmp_path, [long, "Short."]))
    job = FileJob(file, "en", "fr", Glossary(), context_length=640)  # a budget of 80 estimated tokens
    pieces = job.pieces(0)
    assert len(pieces) > 1 and "".join(pieces) == long
    assert job.pieces(1) == ["Short."]
    text = job.accept(0, [f"Translation:\n{shout(piece)}" for piece in pieces])  # a label line small models write
    assert text == " ".join(shout(piece).strip() for piece in pieces)
    assert job.next_segment() == 1
    assert job.accept(1, ["translate into French: Court."]) == "Court."  # the request's line, repeated by the model
    # A one-line segment keeps the first line the model wrote, not the notes it went on with.
    assert job.accept(1, ["Translation:\nCourt.\nNote: this is short.\nShort."]) == "Court."
    assert job.accept(1, ["Translate into English:\n\nCourt."]) == "Court."  # a label line like the request's
    assert job.accept(1, ["Translate into English:"]) == ""  # nothing else: nothing written
    assert job.problems(1) and "wrote nothing" in job.problems(1)[0]


def test_checks_name_what_did_not_survive(tmp_path):
    file = open_file(text_file(tmp_path))
    job = FileJob(file, "en", "fr", Glossary([("engine", "moteur")]))
    job.accept(0, ["Le machin lit 4 fichiers."])
    job.accept(2, ["Voir pour plus."])
    assert {index for index, _problem in job.checks()} == {0, 2}  # segments 1 and 3 have no translation yet
    problems = [problem for index, problem in job.checks() if index == 0]
    assert any("moteur" in problem for problem in problems) and any("3" in problem for problem in problems)
    assert any("https://example.org" in problem for index, problem in job.checks() if index == 2)
    job.accept(1, ["Hearth keeps the glossary."])  # copied as it was
    assert [problem for index, problem in job.checks() if index == 1] == [
        "This segment came back as it was, untranslated."]


def test_broken_tags_are_a_check_and_kept_tags_are_not(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("x", encoding="utf-8")
    file = open_file(path)
    from assistant.core.formats.translatable import Segment

    file.segments = [Segment("Read <t1>the manual</t1> first.", tags=1), Segment("Press <t1>Start</t1>.", tags=1)]
    job = FileJob(file, "en", "fr", Glossary())
    assert "<t1>" in job.messages(0, file.segments[0].text)[0]["content"]  # the system message explains tags
    job.accept(0, ["Lisez d'abord <t1>le manuel</t1>."])
    job.accept(1, ["Appuyez sur Démarrer."])
    assert [index for index, _problem in job.checks()] == [1]


def test_each_segment_is_kept_and_a_new_session_goes_on_from_there(tmp_path):
    conn = connect(tmp_path / "hearth.db")
    path = text_file(tmp_path)
    session = FileTranslationSession(FileTranslationStore(conn))
    opened = session.begin(session.read(path), "en", "fr", Glossary())
    assert opened.resumed == 0
    session.translated(0, ["UN"])
    session.correct(2, "Mine, by hand.")
    # Another start, the file moved meanwhile: found by its content.
    moved = path.rename(tmp_path / "moved.txt")
    again = FileTranslationSession(FileTranslationStore(connect(tmp_path / "hearth.db")))
    reopened = again.begin(again.read(moved), "en", "fr", Glossary())
    assert reopened.resumed == 2
    assert reopened.job.translations == ["UN", None, "Mine, by hand.", None]
    assert reopened.job.edited == {2}
    assert reopened.job.next_segment() == 1 and reopened.job.next_segment(1) == 3  # the correction is never redone
    # Into another language, or asked afresh, it starts from nothing; a changed file is another file.
    assert again.begin(again.read(moved), "en", "de", Glossary()).resumed == 0
    assert again.begin(again.read(moved), "en", "fr", Glossary(), fresh=True).resumed == 0
    changed = text_file(tmp_path, PARAGRAPHS[:3], name="changed.txt")
    assert again.begin(again.read(changed), "en", "fr", Glossary()).resumed == 0


def test_a_database_that_refuses_keeps_the_translation_in_memory(tmp_path):
    conn = connect(tmp_path / "hearth.db")
    session = FileTranslationSession(FileTranslationStore(conn))
    session.begin(session.read(text_file(tmp_path)), "en", "fr", Glossary())
    conn.execute("DROP TABLE file_segments")  # as a full disk or a locked file would refuse the write
    assert session.translated(0, ["UN"]) == "UN"
    assert session.unsaved and session.job.translations[0] == "UN"


def test_save_as_writes_the_format_and_never_the_source(tmp_path):
    path = text_file(tmp_path)
    session = FileTranslationSession(None)
    session.begin(session.read(path), "en", "fr", Glossary())
    session.translated(1, ["HEARTH GARDE LE GLOSSAIRE."])
    session.translated(3, ["Translate into French:"])  # a small model's whole answer: the label, no translation
    out = session.save_as(default_output(path, "fr", "txt"))
    assert out.name == "notes.fr.txt"
    assert out.read_text(encoding="utf-8").split("\n\n") == [PARAGRAPHS[0], "HEARTH GARDE LE GLOSSAIRE.",
                                                             PARAGRAPHS[2], PARAGRAPHS[3] + "\n"]
    from assistant.core.formats.translatable import FormatProblem

    with pytest.raises(FormatProblem):
        session.save_as(path)
    assert path.read_text(encoding="utf-8").startswith(PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[1])


# On the real engine -----------------------------------------------------------------------------------------


@pytest.fixture
def core(tmp_path, model_path):
    from assistant.core.composition import Core
    from assistant.core.engines.scheduler import Loaded

    made = Core.create(connect(tmp_path / "hearth.db"))
    loaded = made.scheduler.load(str(model_path)).wait(300)
    assert isinstance(loaded, Loaded), loaded
    made.model = loaded.model
    yield made
    made.shutdown()


def translator_for(core):
    from assistant.core.engines.types import GenerationParams
    from assistant.core.writing.file_translator import FileTranslator

    def params(tokens: int) -> GenerationParams:
        return GenerationParams(max_tokens=min(tokens, 48), temperature=0.0, seed=7)

    return FileTranslator(core.scheduler, params)


@pytest.mark.model
def test_a_file_is_translated_segment_by_segment_stopped_and_resumed(core, tmp_path):
    from assistant.core.writing.file_translator import DONE, STOPPED, PieceStarted, RunEnded, SegmentTranslated

    path = text_file(tmp_path)
    session = FileTranslationSession(core.file_translations)
    job = session.begin(session.read(path), "en", "fr", Glossary(), context_length=core.model.context_length).job
    translator = translator_for(core)
    seen: list[object] = []

    def on_event(event) -> None:
        seen.append(event)
        if isinstance(event, SegmentTranslated):
            session.translated(event.segment, event.pieces)
            if event.segment == 1:
                translator.stop()

    ended = translator.run(job, on_event)
    assert ended == RunEnded(STOPPED)
    assert [e.segment for e in seen if isinstance(e, SegmentTranslated)] == [0, 1]
    assert job.done_count == 2 and all(text.strip() for text in job.translations[:2])
    kept = list(job.translations[:2])

    # Resume, as after a restart: a new session on the same database, the two finished segments never sent again.
    again = FileTranslationSession(FileTranslationStore(connect(tmp_path / "hearth.db")))
    resumed = again.begin(again.read(path), "en", "fr", Glossary(), context_length=core.model.context_length)
    assert resumed.resumed == 2
    started: list[int] = []

    def on_more(event) -> None:
        if isinstance(event, PieceStarted):
            started.append(event.segment)
        if isinstance(event, SegmentTranslated):
            again.translated(event.segment, event.pieces)

    assert translator.run(resumed.job, on_more) == RunEnded(DONE)
    assert started == [2, 3]
    assert resumed.job.translations[:2] == kept and resumed.job.done
    out = again.save_as(tmp_path / "notes.fr.txt")
    assert len(open_file(out).segments) == len(PARAGRAPHS)


@pytest.mark.model
def test_the_users_request_goes_between_two_pieces_of_a_file(core, tmp_path):
    from assistant.core.engines.scheduler import Finished, USER
    from assistant.core.engines.types import GenerationParams
    from assistant.core.writing.file_translator import DONE, PieceStarted, SegmentTranslated

    session = FileTranslationSession(core.file_translations)
    job = session.begin(session.read(text_file(tmp_path)), "en", "fr", Glossary()).job
    translator = translator_for(core)
    order: list[str] = []
    asked = threading.Event()

    def on_event(event) -> None:
        if isinstance(event, PieceStarted):
            order.append(f"piece {event.segment}")
            if event.segment == 1 and not asked.is_set():
                asked.set()
                # A chat message sent while the file is being translated.
                core.scheduler.generate([{"role": "user", "content": "Say hello."}],
                                        GenerationParams(max_tokens=8, temperature=0.0), priority=USER,
                                        listener=lambda e: order.append("user") if isinstance(e, Finished) else None)
        elif isinstance(event, SegmentTranslated):
            session.translated(event.segment, event.pieces)

    assert translator.run(job, on_event).outcome == DONE
    assert order.index("user") < order.index("piece 2")  # it did not wait for the rest of the file


def test_a_glossary_comes_and_goes_as_csv_as_spreadsheets_write_it(tmp_path):
    from assistant.core.writing.glossary_csv import GlossaryFileProblem, read_glossary_csv, write_glossary_csv

    excel = tmp_path / "excel.csv"  # a European Excel: semicolons, the UTF-8 mark, Windows line ends
    excel.write_bytes("\ufeffSource;Target;Note\r\nengine;moteur;n.\r\nHearth;Hearth;\r\nLM Studio;;keep\r\n"
                      "bread;;to do\r\n聊天;chat;\r\n".encode("utf-8"))
    glossary = read_glossary_csv(excel)
    assert glossary.pairs == [("engine", "moteur"), ("聊天", "chat")]
    assert glossary.keep == ["Hearth", "LM Studio"]  # "bread" has no translation yet: not frozen as English
    assert glossary.notes == {"engine": "n.", "LM Studio": "keep"}
    out = tmp_path / "out.csv"
    write_glossary_csv(glossary, out)
    assert out.read_bytes().startswith("\ufeffsource,target,note".encode("utf-8"))  # Excel opens Chinese as it is
    again = read_glossary_csv(out)
    assert (again.pairs, again.keep) == (glossary.pairs, glossary.keep)
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("café,kaffee\n".encode("latin-1"))
    with pytest.raises(GlossaryFileProblem, match="UTF-8"):
        read_glossary_csv(latin1)


def test_a_saved_names_ending_decides_its_kind_and_a_wrong_one_is_refused(tmp_path):
    from assistant.core.formats.translatable import FormatProblem
    from assistant.core.writing.file_translation_session import output_kind

    path = tmp_path / "film.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello there.\n", encoding="utf-8")
    film = open_file(path)
    assert output_kind(film, tmp_path / "film.fr.srt") == "srt"
    assert output_kind(film, tmp_path / "film-fr") == "srt"  # no ending: the file's own kind
    with pytest.raises(FormatProblem, match=r"\.vtt"):
        output_kind(film, tmp_path / "film.fr.vtt")  # SRT text in a .vtt would open in nothing
    notes = open_file(text_file(tmp_path))
    assert output_kind(notes, tmp_path / "notes.fr.text") == "txt"
    session = FileTranslationSession(None)
    session.begin(film, "en", "fr", Glossary())
    out = session.save_as(tmp_path / "film.fr.srt")
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()  # not the private 0600 a temporary file has


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask
