"""Two models a new user may pick that used to fail with a traceback (issue 33, part 4): a GGUF whose chat template
has a Jinja syntax error loads with the generic template and says so, and a diffusion language model is refused in
one line before llama.cpp is asked, through the engine, the engine host and the model session."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.core import i18n
from assistant.core.engines.errors import CannotChat
from assistant.core.engines.llama.engine import Engine
from assistant.core.engines.types import GenerationParams, LoadOptions
from pinned_llama import arch_fixtures

pytestmark = pytest.mark.model

BROKEN_TEMPLATE = "{% for message in messages %}{{ message['content'] }{% endfor %}"  # "}" where "}}" belongs
DIFFUSION = ["dream-dense.gguf", "llada-dense.gguf", "llada-moe-moe.gguf", "rnd1-moe.gguf"]


@pytest.fixture(scope="module")
def broken_template_model(model_path, tmp_path_factory) -> Path:
    """SmolLM2 whose tokenizer.chat_template does not compile."""
    path = tmp_path_factory.mktemp("broken") / "SmolLM2-broken-template.gguf"
    subprocess.run([sys.executable, "-m", "gguf.scripts.gguf_new_metadata", "--chat-template", BROKEN_TEMPLATE,
                    str(model_path), str(path)], check=True, capture_output=True)
    return path


@pytest.fixture(scope="module")
def diffusion_dir() -> Path:
    return arch_fixtures(DIFFUSION)


def test_the_broken_template_really_breaks_llama_cpp_python(broken_template_model):
    """The fault itself: the library compiles the template in Llama() and fails there."""
    from jinja2 import TemplateSyntaxError
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    from assistant.core.library.gguf_file import read_gguf

    template = read_gguf(broken_template_model).chat_template
    assert template == BROKEN_TEMPLATE
    original = getattr(Jinja2ChatFormatter, "original", Jinja2ChatFormatter)  # the engine may have deferred it
    with pytest.raises(TemplateSyntaxError):
        original(template=template, eos_token="", bos_token="")


def test_the_librarys_formatter_still_formats_once_deferred(model_path):
    """Loading defers the library's template compiling; a formatter made afterwards still works when used."""
    from llama_cpp import llama_chat_format

    engine = Engine()
    try:
        engine.load(model_path, LoadOptions(context_length=512))
    finally:
        engine.unload()
    formatter = llama_chat_format.Jinja2ChatFormatter(
        template="{% generation %}{{ messages[0]['content'] | tojson }}{% endgeneration %}", eos_token="",
        bos_token="")
    assert formatter is not None and hasattr(llama_chat_format.Jinja2ChatFormatter, "original")
    assert formatter(messages=[{"role": "user", "content": "hi"}]).prompt == '"hi"'


def test_a_template_that_does_not_compile_loads_with_the_fallback_and_says_so(broken_template_model):
    engine = Engine()
    try:
        model = engine.load(broken_template_model, LoadOptions(context_length=1024))
        assert model.template_warning and "does not compile" in model.template_warning
        assert engine._template.is_fallback
        result = engine.generate([{"role": "user", "content": "Say hello."}],
                                 GenerationParams(max_tokens=8, temperature=0))
        assert result.generated_tokens > 0
        assert model.template_warning in result.warnings
    finally:
        engine.unload()


def test_the_broken_template_through_the_engine_host(broken_template_model):
    from assistant.core.engines.hosted import HostedEngine

    engine = HostedEngine()
    try:
        model = engine.load(str(broken_template_model), options=LoadOptions(context_length=1024))
        assert "does not compile" in (model.template_warning or "")
        result = engine.generate([{"role": "user", "content": "Hi"}], GenerationParams(max_tokens=4, temperature=0))
        assert result.generated_tokens > 0
        i18n.use_catalogue("zh_CN")  # the window is switched to Chinese: the host writes its warnings in Chinese
        model = engine.load(str(broken_template_model), options=LoadOptions(context_length=1024))
        assert "无法编译" in (model.template_warning or "") and "does not compile" not in model.template_warning
    finally:
        i18n.use_catalogue("en")
        engine.close()


@pytest.mark.parametrize("name", DIFFUSION)
def test_a_diffusion_model_is_refused_in_one_line(diffusion_dir, name):
    from assistant.core.library.gguf_file import read_gguf

    path = diffusion_dir / name
    architecture = read_gguf(path).architecture
    engine = Engine()
    for load in (lambda: engine.load(path, LoadOptions(context_length=512)),
                 lambda: engine.load_safely(path, LoadOptions(context_length=512))):
        with pytest.raises(CannotChat) as refused:
            load()
        message = str(refused.value)
        assert "\n" not in message and "diffusion language model" in message and architecture in message
        assert refused.value.kind == "cannot_chat"
    assert engine.model is None


def test_the_diffusion_refusal_reaches_the_app_without_a_host(diffusion_dir):
    """The parent reads the header itself, so no engine host is even started for it."""
    from assistant.core.engines.hosted import HostedEngine

    engine = HostedEngine()
    try:
        with pytest.raises(CannotChat, match="diffusion language model"):
            engine.load(str(diffusion_dir / "dream-dense.gguf"), options=LoadOptions(context_length=512))
        assert engine.pid is None
    finally:
        engine.close()


def test_the_engine_host_refuses_it_too(diffusion_dir):
    """A request that reaches the host anyway (another client of the protocol) gets the same line, not a crash."""
    import io

    from assistant.core.engines import protocol
    from assistant.core.engines.host import Host

    requests = io.BytesIO(protocol.encode({"type": "load", "id": 1, "path": str(diffusion_dir / "llada-dense.gguf"),
                                           "options": {"context_length": 512}}))
    answers = io.BytesIO()
    Host(requests, answers).run()
    answers.seek(0)
    frames = []
    while True:
        try:
            frames.append(protocol.read(answers))
        except protocol.Closed:
            break
    error = frames[-1]
    assert error["type"] == "error" and error["kind"] == "cannot_chat"
    assert "diffusion language model" in error["message"]


def test_the_model_session_says_so_before_the_engine_is_asked(diffusion_dir, tmp_path):
    from assistant.core.engines.model_session import BAD_FILE, ModelSession
    from assistant.core.library.models import ModelLibrary
    from assistant.core.storage.database import connect
    from assistant.core.storage.settings import Settings

    conn = connect(tmp_path / "history.db")
    try:
        library = ModelLibrary(conn)
        session = ModelSession(Settings(conn), library)
        asked, notices = [], []
        session.connect(lambda path, settings: asked.append(path), lambda: False)
        session.on_notice(notices.append)
        assert session.load(str(diffusion_dir / "rnd1-moe.gguf")) is False
        assert asked == [] and not session.loading
        assert [n.kind for n in notices] == [BAD_FILE] and "diffusion language model" in notices[0].message
    finally:
        conn.close()
