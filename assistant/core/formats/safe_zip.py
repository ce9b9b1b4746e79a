"""Zip packages (DOCX, PPTX, EPUB) opened with limits, so that a zip bomb dressed as a document is refused before
any of it is unpacked: how many members, how large they say they are unpacked, how much they say they compress,
and names that would climb out of the package. Each member is read with its declared size as a hard limit too,
since the sizes in the directory are the attacker's to write."""

from __future__ import annotations

import zipfile
from pathlib import Path

from assistant.core.formats.translatable import FormatProblem
from assistant.core.i18n import translate

MAX_MEMBERS = 20_000
MAX_UNPACKED = 1 << 30  # all members together
MAX_MEMBER = 256 << 20
MAX_RATIO = 200  # XML compresses 10 to 20 times; a bomb a thousand times and more


class SafeZip:
    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise FormatProblem(translate("Formats", "The file is damaged or is not what its name says ({reason})."
                                          ).format(reason=exc)) from None
        members = self.zip.infolist()
        if len(members) > MAX_MEMBERS:
            raise FormatProblem(translate("Formats", "The package holds too many files ({count}).").format(
                count=len(members)))
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(1, member.compress_size)
            if member.file_size > MAX_MEMBER or total > MAX_UNPACKED or (
                    member.file_size > (1 << 20) and ratio > MAX_RATIO):
                raise FormatProblem(translate("Formats", "The package unpacks to far more than its size (a zip "
                                                         "bomb?); it is not opened."))
            name = member.filename
            if name.startswith("/") or "\\" in name or ".." in name.split("/"):
                raise FormatProblem(translate("Formats", "The package holds a file named outside it ({name}).").format(
                    name=name))
        self.names = [member.filename for member in members]

    def read(self, name: str) -> bytes:
        """A member's bytes, never more than it declared (a lying directory is a damaged file)."""
        try:
            info = self.zip.getinfo(name)
            with self.zip.open(info) as member:
                data = member.read(info.file_size + 1)
        except KeyError:
            raise FormatProblem(translate("Formats", "The package lacks {name}.").format(name=name)) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise FormatProblem(translate("Formats", "The file is damaged ({reason}).").format(reason=exc)) from None
        if len(data) > info.file_size:
            raise FormatProblem(translate("Formats", "The package is damaged: {name} is larger than it says.").format(
                name=name))
        return data

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> "SafeZip":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def check_package(path: Path) -> None:
    """FormatProblem unless ``path`` is a zip package within the limits: what DOCX and PPTX readers (python-docx,
    python-pptx, which unpack without limits) are given only after."""
    with SafeZip(path):
        pass
