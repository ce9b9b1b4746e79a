"""The models on this computer: the installed ones in the models folder, and the recently opened ones.

Downloads (core/hub/downloads.py) put verified files under ``models/owner/repo/``; imports go to ``models/local/``.
The chat pane's model picker reads both lists.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.core.hub.downloads import PART_SUFFIX, PLAN_SUFFIX
from assistant.core.library.gguf_file import BadModelFile, GgufInfo, read_gguf, read_gguf_cached
from assistant.core.hub.files import is_projector_name, split_part_names
from assistant.core.i18n import translate
from assistant.core.library.projector import find_projector, is_projector


@dataclass
class KnownModel:
    path: Path
    name: str
    architecture: str
    quantization: str
    size_bytes: int
    context_length: int | None
    last_used: float

    @property
    def available(self) -> bool:
        return self.path.is_file()


class ModelLibrary:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def remember(self, info: GgufInfo) -> None:
        self.conn.execute(
            "INSERT INTO recent_models (path, name, architecture, quantization, size_bytes, context_length, "
            "last_used) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET name = excluded.name, "
            "architecture = excluded.architecture, quantization = excluded.quantization, "
            "size_bytes = excluded.size_bytes, context_length = excluded.context_length, "
            "last_used = excluded.last_used",
            (str(info.path), info.name, info.architecture, info.quantization, info.file_size, info.context_length,
             time.time()),
        )

    def recent(self, limit: int = 20) -> list[KnownModel]:
        rows = self.conn.execute(
            "SELECT path, name, architecture, quantization, size_bytes, context_length, last_used "
            "FROM recent_models ORDER BY last_used DESC LIMIT ?", (limit,)
        )
        return [KnownModel(Path(row[0]), *row[1:]) for row in rows]


# Installed models ----------------------------------------------------------------------------------------------

LOCAL_FOLDER = "local"  # imported files; everything else under models/ is owner/repo/ from the Hub


@dataclass
class InstalledModel:
    path: Path  # what llama.cpp opens: the file, or the first part of a split model
    parts: list[Path]
    repo_id: str | None  # None for a file imported from disk
    size_bytes: int
    linked: bool
    info: GgufInfo | None = None
    problem: str | None = None  # the header cannot be read: the file is listed so that it can be deleted
    parameter_count: int = 0
    projector: Path | None = None  # the vision projector beside it that fits: the model reads images
    projector_problem: str = ""  # projectors are beside it but none fits (one line, from find_projector)

    @property
    def sees(self) -> bool:
        return self.projector is not None

    @property
    def name(self) -> str:
        return self.info.name if self.info else self.path.name

    @property
    def architecture(self) -> str:
        return self.info.architecture if self.info else "?"

    @property
    def quantization(self) -> str:
        return self.info.quantization if self.info else "?"

    @property
    def context_length(self) -> int | None:
        return self.info.context_length if self.info else None


def library_name(model: InstalledModel, models_dir: Path) -> str:
    """The model's name in the library, unique in it: its path under the models folder (owner/repo/file for a
    download, the file's own name for one imported there), or the file's name for one linked from elsewhere."""
    try:
        return model.path.relative_to(models_dir).as_posix()
    except ValueError:
        return model.path.name


def find_installed(name: str, models_dir: Path) -> list[InstalledModel]:
    """The installed models ``name`` names: by library name (``library_name``), file name or path."""
    return [m for m in installed_models(models_dir) if name in (library_name(m, models_dir), m.path.name, str(m.path))]


def installed_models(models_dir: Path) -> list[InstalledModel]:
    """Every complete, verified model in the folder, with what its GGUF header says (the model is not loaded) and
    the projector it reads images with. Projectors themselves are not models and are left out."""
    if not models_dir.is_dir():
        return []
    found = []
    for path in sorted(models_dir.rglob("*.gguf")):
        if is_projector_name(path.name) or not (path.is_file() or path.is_symlink()):
            continue
        if path.with_name(path.name + PLAN_SUFFIX).exists():
            continue  # parts of a split model whose other parts are still downloading
        parts = _parts_of(path)
        if parts is None:
            continue
        relative = path.relative_to(models_dir).parts
        repo_id = None if relative[0] == LOCAL_FOLDER or len(relative) < 3 else f"{relative[0]}/{relative[1]}"
        model = InstalledModel(path, parts, repo_id, sum(_size(p) for p in parts), path.is_symlink())
        try:
            model.info = read_gguf_cached(path)
            if is_projector(model.info):
                continue  # a projector named without "mmproj"
            model.parameter_count = sum(read_gguf_cached(p).parameter_count for p in parts)
            choice = find_projector(path)
            model.projector, model.projector_problem = choice.path, choice.problem
        except BadModelFile as exc:
            model.problem = exc.reason
        found.append(model)
    return found


def delete_model(models_dir: Path, model: InstalledModel) -> None:
    """Remove the model's files (a linked import loses only its link) and any folder left empty."""
    root = models_dir.resolve()
    for part in model.parts:
        if not part.absolute().parent.resolve().is_relative_to(root):
            raise ValueError(f"{part} is not in the models folder")
        part.unlink(missing_ok=True)
    _remove_lone_projectors(model.path.parent)
    folder = model.path.parent
    while folder.resolve() != root and folder.resolve().is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            break  # not empty
        folder = folder.parent


class ImportFailed(ValueError):
    pass


def import_model(models_dir: Path, source: Path, link: bool = False) -> Path:
    """Copy (or link) a GGUF file from disk into ``models/local/``; every part of a split model comes along, and
    the image projector beside it that fits."""
    source = Path(source)
    try:
        info = read_gguf(source)
    except BadModelFile as exc:
        raise ImportFailed(str(exc)) from None
    if is_projector(info):
        raise ImportFailed(translate("ModelLibrary", "{file} is an image projector (mmproj), not a model. Import the "
                                                     "model beside it: the projector comes along.").format(
            file=source.name))
    names = split_part_names(source.name)
    sources = [source.with_name(name) for name in names] if names else [source]
    missing = [p.name for p in sources if not p.is_file()]
    if missing:
        raise ImportFailed(translate("ModelLibrary", "This model is split into {count} files and {missing} is "
                                                     "missing next to the first one.").format(
            count=len(sources), missing=", ".join(missing)))
    target_dir = models_dir / LOCAL_FOLDER
    target_dir.mkdir(parents=True, exist_ok=True)
    targets = [target_dir / p.name for p in sources]
    if any(t.exists() or t.is_symlink() for t in targets):
        raise ImportFailed(translate("ModelLibrary", "A model named {file} is already in the library.").format(
            file=source.name))
    projector = find_projector(source).path
    if projector is not None and not (target_dir / projector.name).exists():
        sources.append(projector)
        targets.append(target_dir / projector.name)
    done: list[Path] = []
    try:
        for src, dst in zip(sources, targets):
            if link:
                os.symlink(src.resolve(), dst)
            else:
                temporary = dst.with_name(dst.name + PART_SUFFIX)
                shutil.copyfile(src, temporary)
                os.replace(temporary, dst)
            done.append(dst)
    except OSError as exc:
        for path in done:
            path.unlink(missing_ok=True)
        dst.with_name(dst.name + PART_SUFFIX).unlink(missing_ok=True)
        text = (translate("ModelLibrary", "Could not link {file} into the library: {error}.") if link
                else translate("ModelLibrary", "Could not copy {file} into the library: {error}."))
        raise ImportFailed(text.format(file=src.name, error=exc.strerror or exc)) from None
    return targets[0]


def _remove_lone_projectors(folder: Path) -> None:
    """Projectors serve the models beside them: when the last model in a folder goes (none left, none still
    downloading), they go too."""
    try:
        names = [p.name for p in folder.iterdir()]
    except OSError:
        return
    projectors, others = [], 0
    for name in names:
        whole = name.removesuffix(PART_SUFFIX).removesuffix(PLAN_SUFFIX)
        if not whole.lower().endswith(".gguf"):
            continue
        if whole == name and (is_projector_name(name) or is_projector(folder / name)):
            projectors.append(folder / name)
        elif not is_projector_name(whole):
            others += 1
    if not others:
        for path in projectors:
            path.unlink(missing_ok=True)


def _parts_of(path: Path) -> list[Path] | None:
    """[path] for a whole file; every part for the first part of a split model; None for a later part or when a
    part is missing."""
    if re.search(r"-\d{5}-of-\d{5}\.gguf$", path.name, re.IGNORECASE):
        names = split_part_names(path.name)
        if names is None:
            return None
        parts = [path.with_name(name) for name in names]
        return parts if all(p.is_file() for p in parts) else None
    return [path]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
