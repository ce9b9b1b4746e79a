"""The core stays Qt-free and the UI depends on it, never the reverse."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QT_MODULES = ("PySide6", "shiboken6", "pytestqt", "PyQt5", "PyQt6")


def core_imports() -> list[str]:
    offenders = []
    for path in (ROOT / "assistant" / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in QT_MODULES or name.startswith("assistant.ui"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    return offenders


def test_no_module_under_core_imports_qt_or_the_ui():
    # In a process of its own: Python 3.11's AST builder keeps its recursion depth in shared state, and a module
    # compiled at the same moment on another thread (a lazy import on an engine or pool thread left by an earlier
    # test) fails ast.parse with "AST constructor recursion depth mismatch" (CPython gh-106905).
    code = f"import sys; sys.path.insert(0, {str(ROOT / 'tests')!r}); import test_architecture as t; " \
           "print(t.core_imports())"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_importing_every_core_module_loads_no_qt():
    code = (
        "import pkgutil, importlib, sys, assistant.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'assistant.core.'): importlib.import_module(m.name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {QT_MODULES!r}]\n"
        "assert not bad, bad\n"
        "print('modules', len([m for m in sys.modules if m.startswith('assistant.core.')]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.split()[-1]) >= 8


def test_import_linter_contracts_hold():
    """The same rules as pyproject.toml's [tool.importlinter] contracts, checked by import-linter itself."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 kept, 0 broken" in result.stdout


def test_the_window_starts_without_loading_heavy_libraries(tmp_path):
    """llama.cpp, numpy, Pillow, the Hub client, the keyring, jinja2 and markdown load when first needed, not at
    start-up: they cost start-up time and memory that a window without a model does not need (docs/performance.md)."""
    import json
    import os

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "startup_probe.py"), "--wait", "1.5"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["heavy_at_start"] == [], report
    assert report["heavy_when_idle"] == [], report  # nor in the background right after


def test_every_engine_answers_to_the_chat_engine_protocol():
    """The scheduler's engines (the host, a server, the router between them) have every member of ChatEngine, with
    the Protocol's parameters: a method or an attribute that drifts in one of them fails here, not in a user's
    reply. An engine may take more parameters than the Protocol, each with a default."""
    import inspect

    from assistant.core.engines.chat_engine import ChatEngine
    from assistant.core.engines.hosted import HostedEngine
    from assistant.core.engines.remote.remote_engine import RemoteEngine
    from assistant.core.engines.router import EngineRouter

    members = {name: value for name, value in vars(ChatEngine).items()
               if not name.startswith("_") and (callable(value) or isinstance(value, property))}
    assert {"load", "generate", "embed", "count_tokens", "recover", "watch", "close", "model", "pid"} <= set(members)
    engines = {HostedEngine: HostedEngine(), RemoteEngine: RemoteEngine("http://127.0.0.1:9"),
               EngineRouter: EngineRouter(HostedEngine(), lambda url: None)}
    for cls, engine in engines.items():
        for name, wanted in members.items():
            assert hasattr(engine, name), f"{cls.__name__} has no {name}"
            if isinstance(wanted, property):
                assert not callable(getattr(engine, name)), f"{cls.__name__}.{name} is a method, not a value"
                continue
            have = list(inspect.signature(getattr(cls, name)).parameters.values())
            want = list(inspect.signature(wanted).parameters.values())
            assert len(have) >= len(want), f"{cls.__name__}.{name}{inspect.signature(getattr(cls, name))}"
            for mine, theirs in zip(have, want):
                where = f"{cls.__name__}.{name}: {mine} where ChatEngine has {theirs}"
                if theirs.kind is inspect.Parameter.POSITIONAL_ONLY:  # any name will do
                    assert mine.kind in (mine.POSITIONAL_ONLY, mine.POSITIONAL_OR_KEYWORD), where
                else:
                    assert (mine.name, mine.kind) == (theirs.name, theirs.kind), where
                assert (mine.default is mine.empty) == (theirs.default is theirs.empty), where
                if theirs.default is not theirs.empty:
                    assert mine.default == theirs.default, where
            assert all(extra.default is not extra.empty for extra in have[len(want):]), \
                f"{cls.__name__}.{name} needs more than ChatEngine gives: {have[len(want):]}"
            assert inspect.signature(getattr(cls, name)).return_annotation == inspect.signature(wanted) \
                .return_annotation, f"{cls.__name__}.{name} returns something else"
    for engine in engines.values():
        engine.close()
