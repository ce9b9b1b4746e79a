"""``assistant translate FILE --to LANG``: real processes, the real model, the app's real database under the test's
data folder. A run killed half-way goes on at the first segment without a translation; bad input gets its reason
and the exit codes ``run`` has."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.exits import NOT_FOUND, REFUSED, USAGE

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.model


def translate(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", "translate", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def segment_rows() -> dict[int, bytes]:
    from assistant.core.storage.paths import database_path  # under the test's own data folder (conftest.py)

    with sqlite3.connect(database_path()) as conn:
        return dict(conn.execute("SELECT number, translation FROM file_segments"))


def test_a_killed_run_goes_on_at_the_first_untranslated_segment(model_path, tmp_path):
    paragraphs = [f"Paragraph {n}: the river runs past the old mill." for n in range(1, 9)]
    source = tmp_path / "story.txt"
    source.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    argv = [sys.executable, "-m", "assistant", "translate", str(source), "--to", "fr", "--from", "en",
            "--model", str(model_path)]
    first = subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                             start_new_session=True)
    said = []
    for line in first.stderr:
        said.append(line)
        if line.startswith("[3/8]"):
            os.killpg(first.pid, signal.SIGKILL)  # the app and its engine host, as a crash or a power cut would
            break
    first.wait(60)
    assert any(line.startswith("[3/8]") for line in said), said
    kept = segment_rows()
    assert len(kept) >= 3
    assert not (tmp_path / "story.fr.txt").exists()

    second = translate(str(source), "--to", "fr", "--from", "en", "--model", str(model_path))
    assert second.returncode == 0, second.stderr
    assert f"{len(kept)} already translated by an earlier run" in second.stderr
    progress = [line for line in second.stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 8 - len(kept)  # only the rest was sent to the model
    rows = segment_rows()
    assert len(rows) == 8 and all(rows[number] == text for number, text in kept.items())
    written = (tmp_path / "story.fr.txt").read_text(encoding="utf-8")
    assert written.count("\n\n") >= 7 and f"saved {tmp_path / 'story.fr.txt'}" in second.stderr


def test_a_bilingual_file_with_a_glossary_and_its_checks(model_path, tmp_path):
    source = tmp_path / "note.md"
    source.write_text("# Hearth\n\nHearth runs 2 models.\n\n```\ncode stays\n```\n", encoding="utf-8")
    glossary = tmp_path / "terms.csv"
    glossary.write_text("source,target,note\nHearth,Hearth,keep as is\n", encoding="utf-8")
    out = tmp_path / "out.md"
    run = translate(str(source), "--to", "de", "--from", "en", "--bilingual", "--glossary", str(glossary),
                    "--model", str(model_path), "-o", str(out))
    assert run.returncode == 0, run.stderr
    text = out.read_text(encoding="utf-8")
    assert text.count("Hearth runs 2 models.") == 1 and "```\ncode stays\n```" in text
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("make, argv, code, says", [
    (None, ["--to", "fr"], NOT_FOUND, "no such file"),
    ("junk.docx", ["--to", "fr"], REFUSED, "damaged"),
    ("notes.txt", ["--to", "xx"], USAGE, "does not translate this language"),
    ("notes.txt", ["--to", "fr", "--from", "en"], USAGE, "give a model file"),
    ("film.srt", ["--to", "fr", "--format", "pdf"], USAGE, "is written as"),
])
def test_bad_input_gets_a_reason_and_an_exit_code(tmp_path, make, argv, code, says, model_path):
    path = tmp_path / (make or "missing.txt")
    if make == "junk.docx":
        path.write_bytes(b"not a zip at all")
        argv = [*argv, "--model", str(model_path)]
    elif make == "film.srt":
        path.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello.\n", encoding="utf-8")
        argv = [*argv, "--from", "en", "--model", str(model_path)]
    elif make:
        path.write_text("Hello there.\n", encoding="utf-8")
    run = translate(str(path), *argv)
    assert run.returncode == code, run.stderr
    assert says in run.stderr and "Traceback" not in run.stderr


def test_ctrl_c_while_the_file_is_read_stops_without_a_traceback(tmp_path, monkeypatch, capsys):
    from assistant.cli import translate_command
    from assistant.cli.arguments import build_parser
    from assistant.core.writing.file_translation_session import FileTranslationSession

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(FileTranslationSession, "read", staticmethod(interrupted))
    path = tmp_path / "notes.txt"
    path.write_text("Hello there.\n", encoding="utf-8")
    args = build_parser().parse_args(["translate", str(path), "--to", "fr", "--server", "http://127.0.0.1:9"])
    assert translate_command.run(args) == 130
    assert capsys.readouterr().err.endswith("stopped\n")
