"""`pip install .` (the README's first command) copies only the packages pyproject.toml lists: a package missing
from the list is an app that fails to start once installed, while every test run from the source tree passes."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_in_the_tree_is_listed_for_installation():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    in_tree = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "assistant").rglob("__init__.py")}
    assert in_tree - listed == set()
    assert {name for name in listed if name.startswith("assistant.") and not name.startswith(
        "assistant.resources")} <= in_tree
