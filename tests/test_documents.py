"""Documents, on real files the tests make: PDFs written by Qt (a text page in Chinese and English, a scanned page that
only OCR can read), a password-protected PDF (pypdf), DOCX (python-docx), an EPUB, HTML, GB18030 text, and real faults
(a broken DOCX, a 2 GB log). The index is a real SQLite file; the command line is the real program."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli.exits import NOT_FOUND, NOTHING_FOUND, REFUSED
from assistant.core.documents.index import DocumentIndex
from assistant.core.documents.indexer import Indexer, index_now
from assistant.core.images.ocr import Ocr
from assistant.core.documents.passages import MAX_TOKENS, make_passages
from assistant.core.documents.pdf_pages import UnreadableDocument
from assistant.core.documents.readers import Section, read_document
from assistant.core.storage.search_text import index_form, match_query
from assistant.core.documents.text_repair import looks_garbled, repair
from assistant.core.engines.context_window import estimate_tokens

from conftest import SCANNED, YANGTZE


@pytest.fixture
def index(tmp_path):
    opened = DocumentIndex(tmp_path / "documents.sqlite3")
    yield opened
    opened.close()


# Reading ----------------------------------------------------------------------------------------------------------

def test_every_kind_is_read_with_where_its_text_is(library):
    def text(name):
        return "\n".join(s.text for s in read_document(library / name, Ocr()))

    assert "Black Sea" in text("danube.txt")
    assert "珠江是中国南方最大的河系" in text("zhujiang.md")  # GB18030, not UTF-8
    html = text("nile.html")
    assert "The Nile flows north" in html and "Amazon" not in html and "color" not in html
    assert "莱茵河流经德国和荷兰。" in text("rhine.docx")
    chapters = list(read_document(library / "volga.epub"))
    assert [c.title for c in chapters] == ["Volga", "伏尔加河"] and "注入里海" in chapters[1].text
    pages = list(read_document(library / "rivers.pdf", Ocr()))
    assert [p.page for p in pages] == [1, 2]
    assert YANGTZE in pages[0].text and not pages[0].ocr  # radicals from the font's text layer repaired
    assert pages[1].ocr and SCANNED in pages[1].text.replace(" ", "")


def test_an_epub_whose_chapter_names_have_spaces_is_read(tmp_path):
    from conftest import make_epub

    book = make_epub(tmp_path / "book.epub", [("One", "The first chapter."), ("Two", "The second.")],
                     name="chapter {i}.xhtml")
    assert [section.title for section in read_document(book)] == ["One", "Two"]


def test_pdf_text_with_radical_code_points_is_repaired_to_searchable_ideographs(rivers_pdf):
    import pypdfium2 as pdfium

    raw = pdfium.PdfDocument(str(rivers_pdf))[0].get_textpage().get_text_bounded()
    assert "长江" not in raw and "\u2ed3" in raw  # the font hands out 长 as the radical U+2ED3 (the field's bug)
    assert "长江" in repair(raw)
    assert repair("单 时 ， 汇 率 soft\u00adhyphen") == "单时，汇率 softhyphen"


def test_a_scanned_page_is_only_read_when_ocr_is_there(rivers_pdf):
    pages = list(read_document(rivers_pdf, ocr=None))
    assert pages[1].unreadable and pages[1].text == ""


def test_garbled_text_is_recognised():
    assert looks_garbled("\ue001\ue002\ue003 " * 10)
    assert looks_garbled("(cid:12)(cid:34)(cid:56) " * 5)
    assert not looks_garbled("The Yangtze is the longest river in Asia, 长江是中国最长的河流。")


@pytest.mark.parametrize("fault, message", [
    ("broken.docx", "damaged or is not a Word document"),
    ("locked.pdf", "protected by a password"),
    ("huge.log.txt", "too large to index"),
    ("binary.txt", "neither UTF-8 nor GB18030"),
    ("broken.epub", "EPUB file is damaged"),
])
def test_a_bad_file_gets_a_clear_reason(tmp_path, rivers_pdf, fault, message):
    path = tmp_path / fault
    if fault == "broken.docx":
        path.write_bytes(b"PK\x03\x04 not really a zip")
    elif fault == "locked.pdf":
        from pypdf import PdfWriter

        writer = PdfWriter(clone_from=str(rivers_pdf))
        writer.encrypt("secret")
        writer.write(str(path))
    elif fault == "huge.log.txt":
        with open(path, "wb") as log:  # 2 GB, sparse: it is refused by its size, never read
            log.truncate(2 << 30)
    elif fault == "binary.txt":
        path.write_bytes(bytes(range(256)) * 64)
    else:
        path.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # an empty zip: no container
    with pytest.raises(UnreadableDocument, match=message):
        list(read_document(path))


# Passages and search ------------------------------------------------------------------------------------------------

def test_passages_keep_their_place_and_size():
    long_paragraph = " ".join(f"Sentence number {i} is about the river delta." for i in range(200))
    chinese = "".join(f"第{i}句讲的是长江三角洲的泥沙。" for i in range(300))
    sections = [Section("Intro.\n\nSecond paragraph.", page=1), Section(long_paragraph + "\n\n" + chinese, page=2)]
    passages = list(make_passages(sections))
    assert passages[0].page == 1 and passages[0].paragraph == 1 and "Second paragraph." in passages[0].text
    assert all(estimate_tokens(p.text) <= MAX_TOKENS for p in passages)
    assert [p.ordinal for p in passages] == list(range(len(passages)))
    on_page_2 = [p for p in passages if p.page == 2]
    assert on_page_2[0].paragraph == 1 and on_page_2[-1].paragraph == 2
    assert "".join(p.text for p in on_page_2 if p.paragraph == 2) == chinese  # cut at sentence ends, nothing lost


def test_chinese_is_indexed_as_pairs_and_asked_safely():
    assert index_form("长江流域 and Wuhan") == " 长江 江流 流域  and Wuhan"
    assert match_query("长江") == '"长江"'
    assert match_query("河") == '"河"*'
    assert match_query('what "is" AND NOT the Danube? *') == '"what" OR "is" OR "and" OR "not" OR "the" OR "danube"'
    assert match_query("?!") is None


def test_the_index_finds_chinese_and_english_and_follows_every_change(library, index):
    sources = [str(library)]
    first = index_now(index, sources, Ocr())
    assert first.finished and first.done == 6 and first.failed == 0
    names = {Path(f.path).name for f in index.files()}
    assert names == {"rivers.pdf", "danube.txt", "zhujiang.md", "nile.html", "rhine.docx", "volga.epub"}
    assert index.file(str(library / "rivers.pdf")).ocr_pages == 1

    top = index.search("长江有多长？")[0]
    assert top.path.endswith("rivers.pdf") and top.page == 1
    assert index.search("黄河")[0].page == 2  # found on the scanned page
    assert index.search("Where does the Danube reach the sea?")[0].path.endswith("danube.txt")
    assert index.search("珠")[0].path.endswith("zhujiang.md")  # one character: a prefix of the pairs
    assert index.search("伏尔加")[0].path.endswith("volga.epub")
    assert index.search("Amazon") == []  # a hidden file, and a script's text, are not indexed
    assert index.search("the") == []  # a word in every passage says nothing about any
    # The Rhine's "North Sea" shares a word; the PDF's pages share only "the" and are left out.
    assert [Path(h.path).name for h in index.search("Where does the Danube reach the sea?")] == ["danube.txt",
                                                                                                 "rhine.docx"]

    # Nothing changed: nothing is read again.
    assert index_now(index, sources, Ocr()).total == 0

    # Edited, renamed, deleted, added.
    (library / "danube.txt").write_text("The Danube ends in the Black Sea delta of Romania and Ukraine.\n")
    rhine_before = index.file(str(library / "rhine.docx"))
    (library / "rhine.docx").rename(library / "rhein.docx")
    (library / "nile.html").unlink()
    (library / "new.txt").write_text("The Mekong flows through six countries.\n")
    second = index_now(index, sources, ocr=None)
    assert second.total == 3  # the edited, the renamed (moved, not read) and the new file
    assert "Ukraine" in index.search("Ukraine")[0].text
    moved = index.file(str(library / "rhein.docx"))
    assert moved is not None and index.file(str(library / "rhine.docx")) is None
    assert (moved.sha256, moved.passages) == (rhine_before.sha256, rhine_before.passages)
    assert index.search("莱茵河")[0].path.endswith("rhein.docx")
    assert index.search("Nile") == [] and index.file(str(library / "nile.html")) is None
    assert index.search("Mekong")[0].path.endswith("new.txt")


def test_a_bad_file_is_recorded_and_skipped_and_nothing_else_stops(library, index):
    (library / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    progress = index_now(index, [str(library)], ocr=None)
    assert progress.finished and progress.failed == 1
    broken = index.file(str(library / "broken.docx"))
    assert broken.status == "failed" and "damaged" in broken.error
    assert index.search("Danube")


def test_searching_some_sources_only(library, tmp_path, index):
    other = tmp_path / "other"
    other.mkdir()
    (other / "danube-notes.txt").write_text("Notes: the Danube is blue, says the waltz.\n")
    index_now(index, [str(library), str(other)], ocr=None)
    assert {Path(h.path).parent for h in index.search("Danube")} == {library, other}
    assert {Path(h.path).parent for h in index.search("Danube", sources=[str(other)])} == {other}
    assert index.search("Danube", sources=[]) == []  # no source asked: nothing, not everything


def test_a_source_that_is_offline_keeps_its_passages(library, tmp_path, index):
    index_now(index, [str(library)], ocr=None)
    aside = tmp_path / "unplugged"
    library.rename(aside)  # an external drive unplugged: the source path is gone
    index_now(index, [str(library)], ocr=None)
    assert index.search("Danube")


def test_the_index_survives_a_restart_and_a_damaged_one_is_set_aside_and_rebuilt(library, tmp_path):
    path = tmp_path / "documents.sqlite3"
    index = DocumentIndex(path)
    index_now(index, [str(library)], ocr=None)
    index.close()
    again = DocumentIndex(path)
    assert again.search("Danube") and index_now(again, [str(library)], ocr=None).total == 0
    again.close()

    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    rebuilt = DocumentIndex(path)
    assert rebuilt.note and "set aside" in rebuilt.note
    assert list(tmp_path.glob("documents.sqlite3.set-aside-*"))  # kept, not deleted
    assert index_now(rebuilt, [str(library)], ocr=None).done == 6
    assert rebuilt.search("Danube")
    rebuilt.close()

    with sqlite3.connect(path) as newer:
        newer.execute("PRAGMA user_version = 99")
    assert "newer version" in DocumentIndex(path).note


def test_the_indexer_thread_pauses_between_files_and_resumes(library, index):
    for i in range(30):
        (library / f"note-{i:02}.txt").write_text(f"Note {i} is about the river number {i}.\n")
    seen = []
    indexer = Indexer(index, lambda: [str(library)], ocr=None, on_progress=seen.append)
    indexer.pause()
    indexer.refresh()
    try:
        import time

        time.sleep(0.5)
        assert not any(p.done for p in seen)  # paused before the first file
        assert any(p.paused for p in seen)
        indexer.resume()
        deadline = time.monotonic() + 60
        while not any(p.finished for p in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(p.finished for p in seen)
        assert index.search("river number 29")
    finally:
        indexer.close()



def test_indexing_holds_while_the_user_is_served_and_goes_on_after(library, index):
    import time

    serving = [True]
    seen = []
    indexer = Indexer(index, lambda: [str(library)], ocr=None, on_progress=seen.append, hold=lambda: serving[0])
    indexer.refresh()
    try:
        time.sleep(0.6)
        assert not any(p.done for p in seen) and not any(p.paused for p in seen)  # held, quietly: not "Paused"
        serving[0] = False
        deadline = time.monotonic() + 60
        while not any(p.finished for p in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(p.finished for p in seen) and index.search("Danube")
    finally:
        indexer.close()


def test_a_library_of_two_files_answers_its_first_questions(tmp_path, index):
    """bm25 weighs every word near nothing when there are two passages (FTS5 floors its idf at 1e-6): a small index
    is ranked by Lucene's idf instead, and a passage still needs a word not in every passage."""
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "yangtze.txt").write_text("The Yangtze is the longest river in Asia: it is about 6,300 km long. "
                                        "长江全长约6300公里，是亚洲最长的河流。\n", encoding="utf-8")
    (folder / "alps.txt").write_text("The Alps are the highest mountains of Europe; what a view Mont Blanc gives, "
                                     "4,808 m high.\n", encoding="utf-8")
    index_now(index, [str(folder)], ocr=None)
    for question in ("How long is the Yangtze?", "长江有多长？"):
        assert [Path(hit.path).name for hit in index.search(question)] == ["yangtze.txt"], question
    assert [Path(hit.path).name for hit in index.search("How high is Mont Blanc?")] == ["alps.txt"]
    assert index.search("What is the capital of France?") == []  # shares only "the" and "is" with both
    # "what" and "of" are in one passage only, which would make them look telling: a question's words are not.
    assert index.search("What is the airspeed velocity of an unladen swallow?") == []
    assert index.search("the") == []


# The command line ---------------------------------------------------------------------------------------------------

def assistant(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def test_docs_add_list_remove_from_the_command_line(library, isolated_data_home):
    (library / "broken.docx").write_bytes(b"not a zip")
    added = assistant("docs", "add", str(library), str(library / "missing.txt"))
    assert added.returncode == NOT_FOUND  # a path was not there; the rest was indexed
    assert "there is nothing at" in added.stderr and "missing.txt" in added.stderr
    assert f"{library}: 6 file(s)" in added.stdout and "1 page(s) read by OCR" in added.stdout
    assert "warning: skipped" in added.stderr and "broken.docx" in added.stderr  # beside the table, not in it
    assert "broken.docx" not in added.stdout and "Traceback" not in added.stderr

    # A file inside a source, or the source again, is not added twice; a file Hearth cannot read is not kept.
    again = assistant("docs", "add", str(library / "danube.txt"), str(library))
    assert again.returncode == 0  # nothing new failed; broken.docx, unchanged, is still said to be skipped
    assert "warning: skipped" in again.stderr
    assert again.stdout.splitlines() == [added.stdout.splitlines()[0]]  # once: brought up to date, not added
    assert f"danube.txt is already a source, in {library}" in again.stderr
    (library / "data.csv").write_text("a,b\n", encoding="utf-8")
    unsupported = assistant("docs", "add", str(library / "data.csv"))
    assert unsupported.returncode == REFUSED and "not a kind of document Hearth reads" in unsupported.stderr

    listed = assistant("docs", "list")
    assert listed.returncode == 0 and listed.stdout.startswith(f"{library}: 6 file(s)")
    assert len(listed.stdout.splitlines()) == 1  # one line per source; what was skipped goes to stderr
    as_json = assistant("docs", "list", "--json")
    [source] = json.loads(as_json.stdout)
    assert source["source"] == str(library) and source["files"] and all(
        isinstance(f["passages"], int) and isinstance(f["size_bytes"], int) for f in source["files"])
    assert {Path(f["path"]).name for f in source["files"] if f["status"] == "failed"} >= {"broken.docx"}

    removed = assistant("docs", "rm", str(library))
    assert removed.returncode == 0
    assert assistant("docs", "list").stderr.startswith("no sources yet")
    assert assistant("docs", "list", "--json").stdout.strip() == "[]"
    assert assistant("docs", "remove", str(library)).returncode == NOT_FOUND


@pytest.mark.model
def test_ask_answers_from_the_documents_and_prints_its_sources(library, model_path, isolated_data_home):
    assert assistant("docs", "add", str(library)).returncode == 0
    answered = assistant("ask", "--docs", "--model", str(model_path), "--temperature", "0", "--max-tokens", "40",
                         "Where does the Danube reach the sea?")
    assert answered.returncode == 0, answered.stderr
    answer, sources = answered.stdout.split("\nSources:\n")
    assert answer.strip()
    first = sources.splitlines()[0]
    assert first == f"[1] {library / 'danube.txt'} (paragraph 1)"
    assert "Black Sea" in sources.splitlines()[1]

    chinese = assistant("ask", "--docs", "--model", str(model_path), "--max-tokens", "8", "黄河有多长？")
    assert f"{library / 'rivers.pdf'} (page 2)" in chinese.stdout.split("\nSources:\n")[1]

    nothing = assistant("ask", "--docs", "--model", str(model_path), "quantum chromodynamics")
    assert nothing.returncode == NOTHING_FOUND and "do not mention this" in nothing.stderr and nothing.stdout == ""

    # For scripts: the question from standard input, the answer and its sources as JSON.
    as_json = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "--model", str(model_path),
                              "--temperature", "0", "--seed", "3", "--max-tokens", "16", "--stats", "-"],
                             input="Where does the Danube reach the sea?", capture_output=True, text=True,
                             timeout=300)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["question"] == "Where does the Danube reach the sea?" and data["answer"].strip()
    assert data["sources"][0]["path"] == str(library / "danube.txt") and data["sources"][0]["number"] == 1
    assert "generated tokens, first token after" in as_json.stderr  # --stats as run's


# Vectors (SmolLM2 stands in as the embedding model: a real GGUF through the real engine host, though a weak
# embedder; the recommended ones are bge-m3 and Qwen3-Embedding) ----------------------------------------------------

@pytest.fixture(scope="module")
def embedding_scheduler():
    from assistant.core.engines.hosted import HostedEngine
    from assistant.core.engines.scheduler import Scheduler

    scheduler = Scheduler(HostedEngine())
    yield scheduler
    scheduler.shutdown()


def embedder_of(scheduler, model_path):
    def embed(texts):
        return scheduler.embed(str(model_path), texts).wait(120).embeddings
    return embed


@pytest.mark.model
def test_vectors_are_computed_for_every_passage_and_follow_the_files(library, index, embedding_scheduler,
                                                                      model_path):
    from assistant.core.documents.indexer import embed_pending

    index_now(index, [str(library)], ocr=None)
    embed = embedder_of(embedding_scheduler, model_path)
    done = embed_pending(index, str(model_path), embed, batch=4)
    with_vectors, total = index.vector_counts()
    assert done == total == with_vectors and total >= 6
    assert embed_pending(index, str(model_path), embed) == 0  # nothing left to do

    (library / "danube.txt").unlink()
    index_now(index, [str(library)], ocr=None)
    assert index.vector_counts()[0] == index.vector_counts()[1] < total  # its vectors went with its passages

    index.set_embedding_model("/another/model.gguf")  # vectors of another model are dropped, not mixed
    assert index.vector_counts()[0] == 0


@pytest.mark.model
def test_meaning_and_words_are_fused_and_nothing_relevant_is_nothing(library, index, embedding_scheduler,
                                                                     model_path):
    from assistant.core.documents.indexer import embed_pending
    from assistant.core.documents.retrieval import nearest, retrieve

    index_now(index, [str(library)], ocr=None)
    embed = embedder_of(embedding_scheduler, model_path)
    embed_pending(index, str(model_path), embed)

    def embed_query(text):
        return embed([text]).row(0)

    hits = retrieve(index, "Where does the Danube reach the sea?", embed_query)
    assert Path(hits[0].path).name == "danube.txt"
    assert retrieve(index, "quantum chromodynamics", embed_query) == []

    # A question that shares no word with a passage but means it: its own vector, found by meaning alone.
    danube = index.search("Danube")[0]
    own_vector = embed([danube.text]).row(0)
    closest = nearest(index, own_vector)
    assert closest[0][0] == danube.passage_id and closest[0][1] > 0.99 and closest[0][2] > 1.0
    found = retrieve(index, "zzzz qqqq", lambda _text: own_vector)
    assert [h.passage_id for h in found][:1] == [danube.passage_id]


@pytest.mark.model
def test_questions_reach_a_qwen3_embedding_model_with_its_instruction(tmp_path, model_path, embedding_scheduler):
    from assistant.core.documents.embedding_forms import passage_form, query_form
    from assistant.core.documents.indexer import scheduled_embedding
    from assistant.core.engines.scheduler import USER

    # SmolLM2 under the file name Qwen3-Embedding's repositories use: what matters is the text the engine is given.
    qwen = tmp_path / "Qwen3-Embedding-0.6B-Q8_0.gguf"
    qwen.symlink_to(model_path)
    question = "Where does the Danube reach the sea?"
    assert query_form(str(qwen), question).startswith("Instruct: ") and question in query_form(str(qwen), question)
    assert passage_form(str(qwen), question) == question  # passages are embedded as they are
    assert query_form("/m/multilingual-e5-large-Q8_0.gguf", "x") == "query: x"
    assert query_form("/m/bge-m3-Q8_0.gguf", question) == passage_form("/m/bge-m3-Q8_0.gguf", question) == question

    asked = scheduled_embedding(embedding_scheduler, str(qwen), USER, questions=True)([question]).row(0)
    plain = embedder_of(embedding_scheduler, qwen)
    assert asked == plain([query_form(str(qwen), question)]).row(0)  # the instruction went with the question
    assert asked != plain([question]).row(0)
    passage = scheduled_embedding(embedding_scheduler, str(qwen), USER)([question]).row(0)
    assert passage == plain([question]).row(0)


@pytest.mark.model
def test_embedding_waits_behind_a_users_reply(model_path, embedding_scheduler):
    """Background batches queued before a user's request do not go in front of it: it runs after the batch that is
    running, then the rest follow."""
    from assistant.core.engines.scheduler import Embedded, Finished, USER
    from assistant.core.engines.types import GenerationParams, LoadOptions

    scheduler = embedding_scheduler
    assert scheduler.load(str(model_path), options=LoadOptions(context_length=1024)).wait(120)
    order = []
    batches = [scheduler.embed(str(model_path), [f"passage {i} about rivers"] * 8,
                               listener=lambda event, i=i: isinstance(event, Embedded) and order.append(f"embed {i}"))
               for i in range(6)]
    reply = scheduler.generate([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=4, temperature=0),
                               priority=USER,
                               listener=lambda event: isinstance(event, Finished) and order.append("reply"))
    for handle in batches + [reply]:
        handle.wait(120)
    assert order.index("reply") <= 1  # at most the batch already running went first
    assert sorted(order) == sorted(["reply"] + [f"embed {i}" for i in range(6)])


@pytest.mark.model
def test_the_scheduler_says_when_it_serves_the_user(model_path, embedding_scheduler):
    """What holds the indexer's OCR back: a user's request running or queued, not a background batch."""
    from assistant.core.engines.scheduler import Embedded, Text, USER
    from assistant.core.engines.types import GenerationParams, LoadOptions

    scheduler = embedding_scheduler
    assert scheduler.load(str(model_path), options=LoadOptions(context_length=1024)).wait(120)
    assert not scheduler.serving_user()
    during_reply, during_batch = [], []
    reply = scheduler.generate([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=6, temperature=0),
                               priority=USER,
                               listener=lambda event: isinstance(event, Text) and during_reply.append(
                                   scheduler.serving_user()))
    reply.wait(120)
    batch = scheduler.embed(str(model_path), ["a passage"], listener=lambda event: isinstance(event, Embedded)
                            and during_batch.append(scheduler.serving_user()))
    batch.wait(120)
    assert during_reply and all(during_reply) and during_batch == [False]
    assert not scheduler.serving_user()


@pytest.mark.model
def test_ask_with_an_embedding_model_from_the_command_line(library, model_path, isolated_data_home, tmp_path):
    assert assistant("docs", "add", str(library)).returncode == 0
    assert assistant("docs", "embedder").stdout.startswith("no embedding model")
    # A chat model is refused and never kept; so is a file that is not a model, or none at all.
    chat = assistant("docs", "embedder", str(model_path))
    assert chat.returncode == REFUSED and "is not an embedding model" in chat.stderr
    fake = tmp_path / "fake-embedding.gguf"
    fake.write_bytes(b"<html>Not found</html>")
    assert assistant("docs", "embedder", str(fake)).returncode == REFUSED
    assert assistant("docs", "embedder", str(tmp_path / "none.gguf")).returncode == NOT_FOUND
    assert assistant("docs", "embedder").stdout.startswith("no embedding model")  # nothing bad was saved
    # SmolLM2 under an embedding model's name stands in for one (no real embedding GGUF is installed here).
    named = tmp_path / "SmolLM2-embedding-Q4_1.gguf"
    named.symlink_to(model_path)
    model_path = named
    chosen = assistant("docs", "embedder", str(model_path))
    assert chosen.returncode == 0, chosen.stderr
    assert assistant("docs", "embedder").stdout.startswith(f"embedding model: {model_path}")
    assert "passages have vectors" in chosen.stdout and "vectors:" in chosen.stderr
    answered = assistant("ask", "--docs", "--model", str(model_path), "--max-tokens", "8",
                         "Where does the Danube reach the sea?")
    assert answered.returncode == 0, answered.stderr
    assert f"[1] {library / 'danube.txt'} (paragraph 1)" in answered.stdout
    (library / "mekong.txt").write_text("The Mekong flows through six countries.\n")
    added = assistant("docs", "add", str(library))  # new passages get vectors as they are indexed
    assert "vectors:" in added.stderr
    assert assistant("docs", "embedder", "--none").returncode == 0


def test_words_found_everywhere_are_left_out_of_a_question_and_their_counts_kept(tmp_path, index, monkeypatch):
    from assistant.core.documents import index as index_module

    monkeypatch.setattr(index_module, "CHECK_COMMON_FROM", 10)
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:02}.txt").write_text(f"The note number {i} is about the weather of the day.\n")
    (folder / "danube.txt").write_text("The Danube reaches the Black Sea.\n")
    index_now(index, [str(folder)], ocr=None)
    terms = [("the", False), ("danube", False), ("weather", False)]
    assert index._telling_terms(terms) == [("danube", False)]  # "the" and "weather" are in nearly every passage
    kept = dict(index.conn.execute("SELECT term, passages FROM word_counts"))
    assert kept == {"the": 61, "danube": 1, "weather": 60}
    assert index._telling_terms([("the", False), ("weather", False)]) == [("weather", False), ("the", False)]
    assert [Path(h.path).name for h in index.search("the Danube")] == ["danube.txt"]


def test_deleted_files_leave_even_when_they_were_unreadable_or_copies(tmp_path, index):
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / "a.txt").write_text("The same text about the Danube.\n")
    (folder / "b.txt").write_text("The same text about the Danube.\n")  # a copy: the same sha256
    (folder / "broken.docx").write_bytes(b"not a zip")
    index_now(index, [str(folder)], ocr=None)
    assert len(index.files()) == 3
    for name in ("a.txt", "b.txt", "broken.docx"):
        (folder / name).unlink()
    index_now(index, [str(folder)], ocr=None)
    assert index.files() == [] and index.search("Danube") == []
