"""Downloading GGUF models so that a download never breaks and a broken file is never used.

Our own HTTP Range loop instead of ``hf_hub_download``, because that function neither resumes across restarts nor
checks sha256 (see docs/architecture.md). For ``models/owner/repo/model.gguf`` the files on disk are:

- ``model.gguf.part``: the bytes so far. A restart, a dropped connection or a pause continues from its size.
- ``model.gguf.download.json``: what is being fetched (commit, parts, sizes, checksums). It outlives the app, so
  unfinished downloads come back after a restart, and it is removed only when every part is verified.
- ``model.gguf``: appears only after its sha256 matched the Hub's, by an atomic rename. A file under its final
  name is therefore always complete and verified.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import command_name
from assistant.core.hub.hub_client import HubClient, HubError, RepoFiles, tls_context
from assistant.core.hub.files import BadName, HubFile, HubModel, is_projector_name, local_path, quantization_of
from assistant.core.i18n import translate
from assistant.core.units import human_size

if TYPE_CHECKING:
    from assistant.core.hub.http_body import Body

CHUNK = 1024 * 1024
DISK_RESERVE = 64 * 1024 * 1024  # never fill a disk to the last byte: the history database must still commit
PART_SUFFIX = ".part"
PLAN_SUFFIX = ".download.json"
LOCK_SUFFIX = ".download.lock"


@dataclass(frozen=True)
class RetryPolicy:
    stall_timeout: float = 30.0  # no byte for this long counts as a stalled transfer
    max_attempts: int = 8  # in a row without progress; any progress resets the count
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1))


class DownloadFailed(Exception):
    """The download cannot go on by itself. ``kind``: disk, checksum, http, network, busy, offline, bad_name."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


class Stopped(Exception):
    """Raised inside the transfer when the user paused or cancelled it."""


class Control:
    """Pause and cancel flags, set from any thread and checked between chunks and during back-off waits."""

    def __init__(self):
        self._event = threading.Event()
        self.reason: str | None = None

    def request(self, reason: str) -> None:
        self.reason = reason
        self._event.set()

    def check(self) -> None:
        if self._event.is_set():
            raise Stopped(self.reason)

    def wait(self, seconds: float) -> None:
        if self._event.wait(seconds):
            raise Stopped(self.reason)


@dataclass(frozen=True)
class Plan:
    """What one model download fetches: every part, pinned to one commit."""

    repo_id: str
    commit: str
    parts: tuple[HubFile, ...]
    quantization: str
    checksum_failed: bool = False
    source: str = "hub"  # where it comes from ("hub", "modelscope"): a resumed download asks the same place

    @classmethod
    def for_model(cls, model: HubModel, commit: str, source: str = "hub") -> "Plan":
        return cls(model.repo_id, commit, model.parts, model.quantization, source=source)

    @classmethod
    def for_file(cls, repo_id: str, file: HubFile, commit: str, source: str = "hub") -> "Plan":
        return cls(repo_id, commit, (file,), quantization_of(file.name), source=source)

    @property
    def name(self) -> str:
        return self.parts[0].name

    @property
    def is_projector(self) -> bool:
        """A vision projector (mmproj) fetched with a model, not a model of its own."""
        return is_projector_name(self.name)

    @property
    def key(self) -> str:
        return f"{self.repo_id}/{self.name}"

    @property
    def total(self) -> int:
        return sum(part.size for part in self.parts)

    def to_json(self) -> str:
        return json.dumps({
            "repo_id": self.repo_id, "commit": self.commit, "quantization": self.quantization,
            "checksum_failed": self.checksum_failed, "source": self.source,
            "parts": [{"name": p.name, "size": p.size, "sha256": p.sha256, "git_sha1": p.git_sha1}
                      for p in self.parts],
        }, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Plan":
        data = json.loads(text)
        parts = tuple(HubFile(p["name"], int(p["size"]), p.get("sha256"), p.get("git_sha1")) for p in data["parts"])
        if not parts:
            raise ValueError("a download plan without parts")
        source = data.get("source", "hub")
        return cls(str(data["repo_id"]), str(data["commit"]), parts, str(data.get("quantization", "other")),
                   bool(data.get("checksum_failed", False)), source if source in ("hub", "modelscope") else "hub")


def download_plans(repo: RepoFiles, model: HubModel, models_dir: Path) -> list[Plan]:
    """What choosing ``model`` downloads: the model, then the repository's projector for it (so that it reads
    images) unless that projector is already installed beside it."""
    plans = [Plan.for_model(model, repo.commit, repo.source)]
    projector = repo.projector_for(model)
    if projector is not None:
        try:
            installed = final_path(models_dir, repo.repo_id, projector.name).is_file()
        except BadName:
            installed = True  # a name that cannot be a path is never fetched
        if not installed:
            plans.append(Plan.for_file(repo.repo_id, projector, repo.commit, repo.source))
    return plans


def final_path(models_dir: Path, repo_id: str, name: str) -> Path:
    return local_path(models_dir, repo_id, name)


def plan_path(models_dir: Path, plan: Plan) -> Path:
    first = final_path(models_dir, plan.repo_id, plan.name)
    return first.with_name(first.name + PLAN_SUFFIX)


def part_path(final: Path) -> Path:
    return final.with_name(final.name + PART_SUFFIX)


def bytes_on_disk(models_dir: Path, plan: Plan) -> int:
    """How much of the plan is already here: finished parts whole, unfinished ones by their partial size."""
    if plan.checksum_failed:
        return 0  # those bytes will be downloaded again
    done = 0
    for part in plan.parts:
        final = final_path(models_dir, plan.repo_id, part.name)
        partial = part_path(final)
        if final.is_file():
            done += part.size
        elif partial.is_file():
            done += min(partial.stat().st_size, part.size)
    return done


def unfinished_plans(models_dir: Path) -> list[Plan]:
    """Downloads that were under way when the app last stopped, found by their plan files."""
    plans = []
    if not models_dir.is_dir():
        return plans
    for path in sorted(models_dir.rglob(f"*{PLAN_SUFFIX}")):
        try:
            plan = Plan.from_json(path.read_text(encoding="utf-8"))
            if plan_path(models_dir, plan) == path.resolve():
                plans.append(plan)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # a damaged plan is left alone; its partial file can still be removed by hand
    return plans


def discard(models_dir: Path, plan: Plan) -> None:
    """Cancel: remove the partial files and the plan. A split model's finished parts go too: alone they cannot
    load."""
    for part in plan.parts:
        part_path(final_path(models_dir, plan.repo_id, part.name)).unlink(missing_ok=True)
        if len(plan.parts) > 1:
            final_path(models_dir, plan.repo_id, part.name).unlink(missing_ok=True)
    plan_path(models_dir, plan).unlink(missing_ok=True)


Report = Callable[[int, int, str], None]  # bytes done, bytes in all, state ("downloading", "verifying", ...)


def download(plan: Plan, models_dir: Path, hub: HubClient, control: Control, report: Report,
             policy: RetryPolicy = RetryPolicy()) -> Path:
    """Fetch every part of ``plan``, verify it, and return the path llama.cpp should open.

    Raises :class:`Stopped` on pause or cancel (the partial file stays; :func:`discard` removes it) and
    :class:`DownloadFailed` with a message for the user otherwise.
    """
    try:
        hub.require_online()
        first = final_path(models_dir, plan.repo_id, plan.name)
        finals = [final_path(models_dir, plan.repo_id, part.name) for part in plan.parts]
    except HubError as exc:
        raise DownloadFailed(str(exc), exc.kind) from None
    except BadName as exc:
        raise DownloadFailed(str(exc), "bad_name") from None
    from filelock import FileLock, Timeout

    lock = FileLock(str(first.with_name(first.name + LOCK_SUFFIX)))
    try:
        first.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:
        raise DownloadFailed(translate("Downloads", "{file} is already being downloaded by another copy of the app "
                                                    "or by '{command} models pull'.").format(
            file=plan.name, command=command_name()),
                             "busy") from None
    except OSError as exc:  # a read-only or full disk, a models folder we may not write to
        raise _disk_error(exc, first, plan.total) from exc
    try:
        plan_file = plan_path(models_dir, plan)
        if plan.checksum_failed or _failed_before(plan_file, plan):
            # A retry after a bad checksum starts from zero: the bad bytes could be anywhere. The stored plan says so
            # to a caller that did not keep the flag ('models pull' run again).
            for final in finals:
                part_path(final).unlink(missing_ok=True)
            plan = replace(plan, checksum_failed=False)
        _write_atomically(plan_file, plan.to_json())
        _check_disk_space(models_dir, plan)
        finished = 0
        for part, final in zip(plan.parts, finals):
            if not final.is_file():
                url = hub.file_url(plan.repo_id, plan.commit, part.name)
                written = _fetch(url, hub, plan.repo_id, part, final, control,
                                 lambda n, state, base=finished: report(base + n, plan.total, state), policy)
                report(finished + part.size, plan.total, "verifying")
                try:
                    _verify(part, written)
                except DownloadFailed:
                    _write_atomically(plan_file, replace(plan, checksum_failed=True).to_json())
                    raise
                os.replace(part_path(final), final)
            finished += part.size
        plan_file.unlink(missing_ok=True)
        report(plan.total, plan.total, "done")
        return first
    except OSError as exc:  # writing the plan, hashing, renaming; the transfer itself reports its own
        raise _disk_error(exc, first, plan.total - bytes_on_disk(models_dir, plan)) from exc
    finally:
        lock.release()
        Path(lock.lock_file).unlink(missing_ok=True)


def _failed_before(plan_file: Path, plan: Plan) -> bool:
    try:
        stored = Plan.from_json(plan_file.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return stored.checksum_failed and (stored.commit, stored.parts) == (plan.commit, plan.parts)


def _fetch(url: str, hub: HubClient, repo_id: str, part: HubFile, final: Path, control: Control,
           report: Callable[[int, str], None], policy: RetryPolicy) -> _PartWriter:
    writer = _PartWriter(part)
    try:
        _fetch_into(writer, url, hub, repo_id, part, final, control, report, policy)
    finally:
        writer.close()
    return writer


def _fetch_into(writer: _PartWriter, url: str, hub: HubClient, repo_id: str, part: HubFile, final: Path,
                control: Control, report: Callable[[int, str], None], policy: RetryPolicy) -> None:
    from assistant.core.hub import http_body  # imported on first use: http.client costs the window 20 ms at start-up
    from assistant.core.hub.http_body import FetchError

    partial = part_path(final)
    failures = 0  # attempts in a row that brought no new byte
    server_error = 0  # the last answer's status when it was the server's error (5xx, 429), else 0
    while True:
        control.check()
        have = _size(partial)
        if have > part.size:  # longer than the Hub's file: not ours to keep
            partial.unlink()
            have = 0
        if have == part.size:
            writer.catch_up(partial, have)
            return
        report(have, "downloading")
        headers = {**hub.headers(), "Accept-Encoding": "identity"}
        if have:
            headers["Range"] = f"bytes={have}-"
        received = [0]
        try:
            with http_body.get(url, headers, policy.stall_timeout, tls_context()) as response:
                status = response.status
                if status == 416:
                    partial.unlink(missing_ok=True)  # what we have does not match the file; start over
                elif status in (200, 206):
                    _check_length(response, part, partial)
                    mode = _write_mode(response, have, part)
                    if mode == "ab":
                        writer.catch_up(partial, have)
                    else:
                        writer.reset()
                    _receive(response, partial, mode, have, part, control, report, received, writer)
                elif status in (401, 403, 404):
                    gated = response.headers.get("X-Error-Code") == "GatedRepo"
                    raise DownloadFailed(hub.status_message(status, repo_id, gated), "http")
                # 429 and 5xx: the server is busy or failing; wait and ask again
                server_error = status if status >= 429 and status not in (200, 206) else 0
        except FetchError as exc:
            if exc.permanent:
                raise DownloadFailed(translate("Downloads", "Could not download {file}: {error}.").format(
                    file=part.name, error=exc), "network") from None
            # A dropped connection, a stalled read, a refused connection: ask again from where we are.
            server_error = 0
        except OSError as exc:  # http_body raises only FetchError, so this is the disk
            raise _disk_error(exc, final, part.size - _size(partial)) from exc
        if _size(partial) == part.size:
            continue
        failures = 0 if received[0] else failures + 1
        if failures >= policy.max_attempts and server_error:
            raise DownloadFailed(translate(
                "Downloads", "The server kept answering HTTP {status} for {file} ({tries} tries in a row). It has a "
                             "problem with this file, not the connection: press Resume later, or try another "
                             "source. The bytes so far are kept.").format(status=server_error, file=part.name,
                                                                          tries=failures), "network")
        if failures >= policy.max_attempts:
            raise DownloadFailed(translate(
                "Downloads", "The download of {file} kept failing ({tries} tries in a row without progress). Check "
                             "the internet connection and press Resume; the bytes so far are kept.").format(
                file=part.name, tries=failures), "network")
        control.wait(policy.delay(max(failures, 1)))


def _check_length(response: Body, part: HubFile, partial: Path) -> None:
    """The file's whole length as the server states it (Content-Range's total, or a whole body's length) must be
    the listing's: a listing that states another size is not trusted with the bytes, and what was written of the
    file goes (a mirror or a source whose listing is wrong)."""
    if response.status == 206:
        total = response.headers.get("Content-Range", "").rpartition("/")[2]
    else:
        total = response.headers.get("Content-Length", "")
    if total.isdigit() and int(total) != part.size:
        partial.unlink(missing_ok=True)
        raise DownloadFailed(translate(
            "Downloads", "The server says {file} is {actual} bytes, but the listing said {listed}. Nothing of it was "
                         "kept; the listing may be out of date or wrong, so try again later or another source.").format(
            file=part.name, actual=f"{int(total):,}", listed=f"{part.size:,}"), "size")


def _write_mode(response: Body, have: int, part: HubFile) -> str:
    """'ab' to append to the partial file, 'wb' when the server sends the whole file again (it ignored Range)."""
    if response.status == 206:
        start = response.headers.get("Content-Range", "").removeprefix("bytes ").split("-")[0]
        if start.isdigit() and int(start) == have:
            return "ab"
        raise DownloadFailed(translate("Downloads", "The server sent a part of {file} that starts at the wrong "
                                                    "place ({range} for byte {byte}).").format(
            file=part.name, range=repr(response.headers.get("Content-Range")), byte=f"{have:,}"), "http")
    return "wb"


class _PartWriter:
    """Writes the partial file from a ring of reusable buffers, and keeps the checksum of its bytes, so that a finished
    download is checked without reading it all again (for a large model on a slow disk, that second pass took longer
    than a fast network's transfer). A resume first hashes what is already on disk.

    The socket is read straight into a free buffer (:meth:`free_buffer`), which is written and then hashed on a
    thread of its own while the next one fills: hashlib lets go of the interpreter lock. Inline, sha256 took a third
    of a loopback download's time. Writing stays on the reader's thread: moved to the hashing thread too, write plus
    hash became the slower side and the reader waited on it (docs/performance.md). A buffer returns to the ring once
    hashed, so memory stays at ``BUFFERS`` blocks however far hashing falls behind."""

    BLOCK = 256 * 1024  # measured against 64 KB and 1 MB: small enough to be written while still in the CPU's cache
    BUFFERS = 16
    # Each block goes to the file in 16 KB writes, as curl's do. Written whole, on the development VM the copy into
    # the page cache cost two to four times as much kernel time in some runs as in others (a kernel profile: all of
    # it in copy_folio_from_iter_atomic), which the size of the writes decided: interleaved, 16 KB writes ran at
    # 647-928 MB/s (median 870), whole blocks at 436-1,123 (median 592). See docs/performance.md, "Downloads".
    WRITE = 16 * 1024

    def __init__(self, part: HubFile):
        self.part = part
        self._out = self._queue = self._thread = None
        self._free: queue.SimpleQueue[bytearray] = queue.SimpleQueue()
        for _ in range(self.BUFFERS):
            self._free.put(bytearray(self.BLOCK))
        self._filling: bytearray | None = None
        self.reset()

    def reset(self) -> None:
        self.close()
        self.count = 0
        if self.part.sha256:
            self._digest = hashlib.sha256()
        elif self.part.git_sha1:
            self._digest = hashlib.sha1(f"blob {self.part.size}\0".encode())  # noqa: S324 - git's blob id
        else:
            self._digest = None

    @property
    def digest(self):
        """The digest of every byte written so far, once the hashing thread has caught up."""
        self.close()
        return self._digest

    def open(self, path: Path, mode: str) -> None:
        self.close()
        self._out = open(path, mode)

    def free_buffer(self) -> bytearray:
        """A buffer to read the next block into; it waits while every buffer is still being hashed."""
        if self._filling is None:
            self._filling = self._free.get()
        return self._filling

    def write(self, n: int) -> None:
        """Write the first ``n`` bytes of the buffer :meth:`free_buffer` gave, and hash them."""
        buffer, self._filling = self._filling, None
        block = memoryview(buffer)[:n]
        for at in range(0, n, self.WRITE):
            self._out.write(block[at:at + self.WRITE])
        self.count += n
        if self._digest is None:
            self._free.put(buffer)
            return
        if self._thread is None:
            self._queue = queue.SimpleQueue()
            self._thread = threading.Thread(target=self._hash, args=(self._queue, self._digest, self._free),
                                            name="download-checksum", daemon=True)
            self._thread.start()
        self._queue.put((buffer, n))

    def catch_up(self, path: Path, have: int) -> None:
        """Make the checksum cover exactly the first ``have`` bytes of ``path``."""
        if self.count == have:
            return
        self.reset()
        with open(path, "rb") as data:
            while self.count < have and (block := data.read(min(CHUNK * 4, have - self.count))):
                self.count += len(block)
                if self._digest is not None:
                    self._digest.update(block)

    def close(self) -> None:
        """Close the file and wait until every byte written is hashed."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = self._queue = None
        if self._out is not None:
            out, self._out = self._out, None
            out.close()

    @staticmethod
    def _hash(blocks, digest, free) -> None:
        while (block := blocks.get()) is not None:
            buffer, n = block
            digest.update(memoryview(buffer)[:n])
            free.put(buffer)


def _receive(response: Body, partial: Path, mode: str, have: int, part: HubFile, control: Control,
             report: Callable[[int, str], None], received: list[int], writer: _PartWriter) -> None:
    if mode == "wb":
        have = 0
    writer.open(partial, mode)
    try:
        while True:  # a block at a time, as it arrives: a drop loses nothing already received
            control.check()
            n = response.readinto(writer.free_buffer())
            if not n:
                return
            if have + n > part.size:  # the listing's size is wrong, or the server's bytes: neither is kept
                writer.close()
                partial.unlink(missing_ok=True)
                raise DownloadFailed(translate("Downloads", "The server sent more than the {size} bytes the listing "
                                                            "gives for {file}. Nothing of it was kept.").format(
                    size=f"{part.size:,}", file=part.name), "size")
            writer.write(n)
            have += n
            received[0] += n
            report(have, "downloading")
    finally:
        writer.close()


def _verify(part: HubFile, written: _PartWriter) -> None:
    digest = written.digest
    if digest is None:
        return  # the Hub listed no checksum; the size was still checked
    expected = part.sha256 or part.git_sha1
    got = digest.hexdigest()
    if written.count != part.size or got != expected.lower():
        raise DownloadFailed(translate(
            "Downloads", "{file} does not match the checksum the Hub publishes for it (expected {expected}…, got "
                         "{got}…). It was not installed and will not be loaded. Retry downloads it again from the "
                         "start.").format(file=part.name, expected=expected[:12], got=got[:12]), "checksum")


def _check_disk_space(models_dir: Path, plan: Plan) -> None:
    needed = plan.total - bytes_on_disk(models_dir, plan)
    free = shutil.disk_usage(models_dir).free
    if needed + DISK_RESERVE > free:
        raise DownloadFailed(translate(
            "Downloads", "Not enough disk space: {file} needs {needed} more and {free} is free in {folder}. Free "
                         "some space, then press Resume.").format(
            file=plan.name, needed=human_size(needed + DISK_RESERVE), free=human_size(free), folder=models_dir), "disk")


def _disk_error(exc: OSError, final: Path, missing: int) -> DownloadFailed:
    values = {"file": final.name, "missing": human_size(missing), "error": exc.strerror or exc}
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        text = translate("Downloads", "The disk is full: {missing} more is needed to finish {file}. The bytes so far "
                                      "are kept. Free some space and press Resume, or Cancel to remove the partial "
                                      "file.")
    elif exc.errno == errno.EFBIG:
        text = translate("Downloads", "This file system or account does not allow a file as large as {file}: "
                                      "{missing} more is needed. The bytes so far are kept; choose a models folder on "
                                      "another disk.")
    else:
        text = translate("Downloads", "Could not write {file}: {error}. The bytes so far are kept.")
    return DownloadFailed(text.format(**values), "disk")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# Speed and time left -----------------------------------------------------------------------------------------


@dataclass
class SpeedMeter:
    """Bytes per second over the last few seconds, so a pause or a burst does not swing the estimate for long."""

    window: float = 5.0
    samples: list[tuple[float, int]] = field(default_factory=list)

    def add(self, done: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.samples and done < self.samples[-1][1]:
            self.samples.clear()  # the transfer started over
        self.samples.append((now, done))
        while len(self.samples) > 2 and now - self.samples[0][0] > self.window:
            self.samples.pop(0)

    def speed(self) -> float:
        if len(self.samples) < 2:
            return 0.0
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        return (b1 - b0) / (t1 - t0) if t1 > t0 else 0.0

    def seconds_left(self, done: int, total: int) -> float | None:
        speed = self.speed()
        return (total - done) / speed if speed > 0 else None
