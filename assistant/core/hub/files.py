"""Names on the Hub and on disk: validating them, and grouping a repository's GGUF files into models.

Everything a remote server or a user types passes through here before it becomes a path, so that a repository or
file name like ``../../.bashrc`` can never make the app write outside its models folder.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# The Hub's own rule for repository names: letters, digits, '-', '_', '.', at most 96 characters per part.
_REPO_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
_SPLIT = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$", re.IGNORECASE)
# Longest labels first, so "Q4_K_M" wins over "Q4_K" and "IQ4_XS" over "Q4".
_QUANT = re.compile(
    r"(?<![A-Za-z0-9])("
    r"IQ[1-4]_(?:XXS|XS|S|M|NL)|Q[2-6]_K_(?:XL|S|M|L)|Q[2-8]_K|Q[4-8]_[01]|TQ[12]_0|MXFP4|BF16|F16|F32"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)


class BadName(ValueError):
    """A repository or file name that is not safe to use. The message says what is wrong with it."""


def check_repo_id(repo_id: str) -> str:
    """Return ``repo_id`` if it is a plain ``owner/name``; raise :class:`BadName` otherwise."""
    if not isinstance(repo_id, str) or "\x00" in repo_id:
        raise BadName("A repository name cannot contain a NUL character.")
    parts = repo_id.split("/")
    if len(parts) != 2 or not all(_REPO_PART.match(part) for part in parts) or ".." in repo_id:
        raise BadName(
            f"{repo_id!r} is not a Hugging Face repository name. It should look like owner/name, for example "
            "Qwen/Qwen2.5-1.5B-Instruct-GGUF."
        )
    return repo_id


def repo_named(text: str) -> str | None:
    """The repository ``text`` names, as typed in a search box: ``owner/name``, or its page's address on the Hub, a
    mirror or ModelScope (https://huggingface.co/owner/name/tree/main, https://modelscope.cn/models/owner/name);
    None for anything else (words to search for)."""
    text = text.strip()
    if "://" in text:
        parts = [part for part in text.split("://", 1)[1].split("/")[1:] if part]  # without the host
        parts = parts[1:] if parts[:1] == ["models"] else parts  # ModelScope's pages are under /models/
        parts = parts[:2]
    else:
        parts = text.split("/")
    if len(parts) != 2:
        return None
    try:
        return check_repo_id("/".join(parts))
    except BadName:
        return None


def check_file_name(filename: str) -> str:
    """Return ``filename`` (a path inside a repository, '/'-separated) if it is safe; raise :class:`BadName`."""
    if not isinstance(filename, str) or not filename:
        raise BadName("The file name is empty.")
    if "\x00" in filename or any(ord(ch) < 32 for ch in filename):
        raise BadName("A file name cannot contain control characters or NUL.")
    if "\\" in filename or filename.startswith("/") or re.match(r"^[A-Za-z]:", filename):
        raise BadName(f"{filename!r} is an absolute path or uses '\\'; Hub file names are relative, with '/'.")
    parts = filename.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise BadName(f"{filename!r} contains an empty, '.' or '..' part, which could point outside the folder.")
    if len(filename) > 1000:
        raise BadName("The file name is longer than 1000 characters.")
    return filename


def local_path(models_dir: Path, repo_id: str, filename: str) -> Path:
    """Where a Hub file lives on disk: ``models_dir/owner/name/filename``, checked to stay inside models_dir."""
    check_repo_id(repo_id)
    check_file_name(filename)
    root = models_dir.resolve()
    target = (root / repo_id / PurePosixPath(filename)).resolve()
    if not target.is_relative_to(root) or target == root:
        raise BadName(f"{repo_id}/{filename} would be written outside the models folder.")
    return target


def quantization_of(filename: str) -> str:
    """The quantization label in a GGUF file name ("Q4_K_M"), upper-cased, or "other" when there is none."""
    stem = PurePosixPath(filename).name
    found = _QUANT.findall(stem)
    return found[-1].upper() if found else "other"


@dataclass(frozen=True)
class HubFile:
    """One file in a repository, with what the Hub's LFS metadata says its content is."""

    name: str
    size: int
    sha256: str | None = None  # LFS files; GGUF files are always stored in LFS on the Hub
    git_sha1: str | None = None  # the blob id, the only checksum a small non-LFS file has

    @property
    def verified(self) -> bool:
        """Whether a download of it can be checked against a checksum, not only its size (a mirror may give
        none: such a file is offered, marked "not verified", rather than refused or trusted silently)."""
        return bool(self.sha256 or self.git_sha1)


@dataclass(frozen=True)
class HubModel:
    """A model as a user picks it: one GGUF file, or every part of a split GGUF (``-00001-of-00003.gguf``)."""

    repo_id: str
    parts: tuple[HubFile, ...]
    quantization: str

    @property
    def name(self) -> str:
        """The first part's name: llama.cpp opens a split model through its first file."""
        return self.parts[0].name

    @property
    def display_name(self) -> str:
        match = _SPLIT.match(PurePosixPath(self.name).name)
        base = f"{match['stem']}.gguf" if match else PurePosixPath(self.name).name
        return f"{base} ({len(self.parts)} parts)" if len(self.parts) > 1 else base

    @property
    def size(self) -> int:
        return sum(part.size for part in self.parts)

    @property
    def verified(self) -> bool:
        return all(part.verified for part in self.parts)


def group_models(repo_id: str, files: list[HubFile]) -> list[HubModel]:
    """The repository's GGUF models, each split model gathered into one, sorted by size.

    Vision projectors (``mmproj``) are left out: they are not models one can chat with. A split model with a part
    missing from the listing is left out too, since it could never load.
    """
    singles: list[HubModel] = []
    splits: dict[tuple[str, int], dict[int, HubFile]] = {}
    for file in files:
        base = PurePosixPath(file.name).name
        if not base.lower().endswith(".gguf") or is_projector_name(base):
            continue
        match = _SPLIT.match(file.name)
        if match:
            key = (match["stem"], int(match["count"]))
            splits.setdefault(key, {})[int(match["index"])] = file
        else:
            singles.append(HubModel(repo_id, (file,), quantization_of(file.name)))
    for (_stem, count), parts in splits.items():
        if sorted(parts) == list(range(1, count + 1)):
            ordered = tuple(parts[i] for i in range(1, count + 1))
            singles.append(HubModel(repo_id, ordered, quantization_of(ordered[0].name)))
    return sorted(singles, key=lambda model: (model.size, model.name))


def is_projector_name(filename: str) -> bool:
    """A vision projector by its name, the only thing a Hub listing tells: llama.cpp's converters and the GGUF
    publishers call them ``mmproj-….gguf`` or ``…-mmproj-….gguf``."""
    base = PurePosixPath(filename).name.lower()
    return base.endswith(".gguf") and "mmproj" in base


def projector_files(files: list[HubFile]) -> list[HubFile]:
    return [file for file in files if is_projector_name(file.name)]


# The projector kept in full precision is the one the publishers test with; quantized ones can lose accuracy.
_PRECISION_ORDER = ("F16", "BF16", "F32", "Q8_0")


def name_stem(filename: str) -> str:
    """What is left of a GGUF file name without its folder, split suffix, quantization and "mmproj", in lower case
    with only letters and digits: ``gemma-3-4b-it-Q4_K_M.gguf`` and ``mmproj-gemma-3-4b-it-f16.gguf`` both give
    ``gemma34bit``."""
    base = PurePosixPath(filename).name
    match = _SPLIT.match(base)
    base = f"{match['stem']}.gguf" if match else base
    base = _QUANT.sub("", base.removesuffix(".gguf").removesuffix(".GGUF"))
    return re.sub(r"[^a-z0-9]", "", base.lower().replace("mmproj", ""))


def projector_order(model_name: str, projector_name: str) -> tuple:
    """Sort key among projectors for one model, best first: a name sharing the model's stem, then F16 over the
    other precisions, then the name."""
    model_stem, stem = name_stem(model_name), name_stem(projector_name)
    shares = bool(model_stem and stem) and (stem in model_stem or model_stem in stem)
    precision = quantization_of(projector_name)
    rank = _PRECISION_ORDER.index(precision) if precision in _PRECISION_ORDER else len(_PRECISION_ORDER)
    return (not shares, rank, PurePosixPath(projector_name).name)


def matching_projector(model: HubModel, files: list[HubFile]) -> HubFile | None:
    """The projector to download with ``model``: of the repository's projectors in the model's folder, the best by
    :func:`projector_order`. Only a name is known before the download; the library checks the sizes after it."""
    folder = PurePosixPath(model.name).parent
    found = [file for file in projector_files(files) if PurePosixPath(file.name).parent == folder]
    return min(found, key=lambda file: projector_order(model.name, file.name), default=None)


def split_part_names(first_part: str) -> list[str] | None:
    """For ``x-00001-of-00003.gguf``: every part's name. None when the name is not a first split part."""
    match = _SPLIT.match(first_part)
    if not match or int(match["index"]) != 1:
        return None
    count = int(match["count"])
    prefix = first_part[: match.start("index")]
    return [f"{prefix}{i:05d}-of-{count:05d}.gguf" for i in range(1, count + 1)]
