"""The download queue: one transfer at a time on its own thread, with pause, resume, cancel and retry.

It runs beside the engine's thread, so a download never waits for a generation and the other way round. Callers
read :meth:`DownloadQueue.snapshot` and are told through ``on_change`` (called on the queue's thread) that
something moved; the UI turns that into a queued Qt signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from assistant.core.hub.downloads import (
    Control,
    DownloadFailed,
    Plan,
    RetryPolicy,
    SpeedMeter,
    Stopped,
    bytes_on_disk,
    discard,
    download,
    unfinished_plans,
)
from assistant.core.hub.hub_client import HubClient, HubError
from assistant.core.i18n import translate


class State(Enum):
    QUEUED = "Waiting"
    DOWNLOADING = "Downloading"
    VERIFYING = "Checking sha256"
    PAUSED = "Paused"
    FAILED = "Failed"
    DONE = "Installed"
    CANCELLED = "Cancelled"

    def label(self) -> str:
        return {
            State.QUEUED: translate("DownloadQueue", "Waiting"),
            State.DOWNLOADING: translate("DownloadQueue", "Downloading"),
            State.VERIFYING: translate("DownloadQueue", "Checking sha256"),
            State.PAUSED: translate("DownloadQueue", "Paused"),
            State.FAILED: translate("DownloadQueue", "Failed"),
            State.DONE: translate("DownloadQueue", "Installed"),
            State.CANCELLED: translate("DownloadQueue", "Cancelled"),
        }[self]


ACTIVE = (State.QUEUED, State.DOWNLOADING, State.VERIFYING)
_STATES = {"downloading": State.DOWNLOADING, "verifying": State.VERIFYING}
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DownloadStatus:
    key: str
    repo_id: str
    name: str
    state: State
    done: int
    total: int
    speed: float = 0.0
    seconds_left: float | None = None
    message: str = ""
    failure: str | None = None  # DownloadFailed.kind
    path: Path | None = None
    verified: bool = True  # every part has a checksum to be checked against (else its size only)
    source: str = "hub"  # where it comes from: "hub", "modelscope"


@dataclass
class _Job:
    plan: Plan
    status: DownloadStatus
    control: Control = field(default_factory=Control)
    meter: SpeedMeter = field(default_factory=SpeedMeter)


class DownloadQueue:
    def __init__(self, models_dir: Path, hub: Callable[[str], HubClient], on_change: Callable[[], None] = lambda: None,
                 policy: RetryPolicy = RetryPolicy()):
        self.models_dir = models_dir
        # hub(source): called per download, so a new token or address applies to the next one, and a download
        # resumed goes on from the source it began with (the Hub or ModelScope).
        self._hub = hub
        self._on_change = on_change
        self._policy = policy
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Condition()
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="downloads", daemon=True)
        self._thread.start()

    # Requests (any thread) -----------------------------------------------------------------------------

    def restore(self) -> None:
        """Show downloads an earlier run left unfinished, paused: resuming is the user's choice."""
        for plan in unfinished_plans(self.models_dir):
            with self._lock:
                if plan.key in self._jobs:
                    continue
                state = State.FAILED if plan.checksum_failed else State.PAUSED
                if plan.checksum_failed:
                    message = translate("DownloadQueue", "The file did not match the Hub's checksum and was not "
                                                         "installed. Retry downloads it again.")
                else:
                    message = translate("DownloadQueue", "The app closed during the download; Resume goes on from "
                                                         "the bytes kept.")
                status = DownloadStatus(plan.key, plan.repo_id, plan.name, state,
                                        bytes_on_disk(self.models_dir, plan), plan.total, message=message,
                                        verified=all(p.verified for p in plan.parts), source=plan.source,
                                        failure="checksum" if plan.checksum_failed else None)
                self._jobs[plan.key] = _Job(plan, status)
        self._changed()

    def add(self, plan: Plan) -> str:
        """Queue ``plan``; a second request for a file already queued or downloading joins the first."""
        with self._lock:
            job = self._jobs.get(plan.key)
            if job is not None and job.status.state in ACTIVE:
                return plan.key
            if job is not None and job.plan.checksum_failed and job.plan.commit == plan.commit:
                plan = job.plan  # keep the flag, so the retry removes the bad bytes first
            done = bytes_on_disk(self.models_dir, plan)
            self._jobs[plan.key] = _Job(plan, DownloadStatus(plan.key, plan.repo_id, plan.name, State.QUEUED, done,
                                                             plan.total, verified=all(p.verified for p in plan.parts),
                                                             source=plan.source))
            self._lock.notify_all()
        self._changed()
        return plan.key

    def pause(self, key: str) -> None:
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.status.state not in ACTIVE:
                return
            if job.status.state is State.QUEUED:
                job.status = replace(job.status, state=State.PAUSED, message="")  # the state says it all
            else:
                job.control.request("pause")
        self._changed()

    def resume(self, key: str) -> None:
        """Resume a paused download, or retry a failed one, from the bytes already on disk."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.status.state not in (State.PAUSED, State.FAILED, State.CANCELLED):
                return
            job.control = Control()
            job.meter = SpeedMeter()
            job.status = replace(job.status, state=State.QUEUED, message="", failure=None, speed=0.0,
                                 seconds_left=None, done=bytes_on_disk(self.models_dir, job.plan))
            self._lock.notify_all()
        self._changed()

    def cancel(self, key: str) -> None:
        """Stop and remove the partial file. A finished download is not touched (delete it from the library)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is None or job.status.state in (State.DONE, State.CANCELLED):
                return
            if job.status.state in (State.DOWNLOADING, State.VERIFYING):
                job.control.request("cancel")  # the download thread removes the files once it has let go of them
                return
            self._finish_cancel(job)
        self._changed()

    def forget(self, key: str) -> None:
        """Remove a finished, failed or cancelled entry from the list (files are not touched)."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.status.state in (State.DONE, State.CANCELLED, State.FAILED):
                del self._jobs[key]
        self._changed()

    def snapshot(self) -> list[DownloadStatus]:
        with self._lock:
            return [job.status for job in self._jobs.values()]

    def status(self, key: str) -> DownloadStatus | None:
        with self._lock:
            job = self._jobs.get(key)
            return job.status if job else None

    def close(self, timeout: float = 10.0) -> None:
        """Pause what is running (its partial file stays for next time) and stop the thread."""
        with self._lock:
            self._closing = True
            for job in self._jobs.values():
                if job.status.state in (State.DOWNLOADING, State.VERIFYING):
                    job.control.request("pause")
            self._lock.notify_all()
        self._thread.join(timeout)

    # The download thread ------------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._closing and not any(j.status.state is State.QUEUED for j in self._jobs.values()):
                    self._lock.wait()
                if self._closing:
                    return
                job = next(j for j in self._jobs.values() if j.status.state is State.QUEUED)
                job.status = replace(job.status, state=State.DOWNLOADING)
            self._changed()
            self._transfer(job)

    def _transfer(self, job: _Job) -> None:
        try:
            try:
                hub = self._hub(job.plan.source)
            except HubError as exc:  # e.g. HF_ENDPOINT is not a web address
                raise DownloadFailed(str(exc), exc.kind) from None
            path = download(job.plan, self.models_dir, hub, job.control,
                            lambda done, total, state: self._progress(job, done, total, state), self._policy)
        except Stopped:
            with self._lock:
                if job.control.reason == "cancel":
                    self._finish_cancel(job)
                else:
                    job.status = replace(job.status, state=State.PAUSED, speed=0.0, seconds_left=None,
                                         message=translate("DownloadQueue", "The bytes so far are kept; Resume "
                                                                            "goes on from there."))
        except DownloadFailed as exc:
            with self._lock:
                if exc.kind == "checksum":
                    job.plan = replace(job.plan, checksum_failed=True)
                job.status = replace(job.status, state=State.FAILED, speed=0.0, seconds_left=None,
                                     message=str(exc), failure=exc.kind)
        except Exception as exc:  # noqa: BLE001 - the thread must survive; the user sees what went wrong
            with self._lock:
                job.status = replace(job.status, state=State.FAILED, speed=0.0, seconds_left=None,
                                     message=translate("DownloadQueue", "Unexpected error: {error}").format(
                                         error=f"{type(exc).__name__}: {exc}"), failure="bug")
        else:
            with self._lock:
                job.status = replace(job.status, state=State.DONE, done=job.plan.total, speed=0.0,
                                     seconds_left=None, message="", path=path)
        self._changed()

    def _progress(self, job: _Job, done: int, total: int, state: str) -> None:
        job.meter.add(done)
        with self._lock:
            if job.plan.checksum_failed:
                # The transfer has begun again from zero: a later failure must not throw its new bytes away.
                job.plan = replace(job.plan, checksum_failed=False)
            job.status = replace(
                job.status, done=done, total=total,
                state=_STATES.get(state, job.status.state),
                speed=job.meter.speed(), seconds_left=job.meter.seconds_left(done, total),
            )
        self._changed()

    def _finish_cancel(self, job: _Job) -> None:
        discard(self.models_dir, job.plan)
        job.status = replace(job.status, state=State.CANCELLED, done=0, speed=0.0, seconds_left=None,
                             message=translate("DownloadQueue", "The partial file was removed."))

    def _changed(self) -> None:
        try:
            self._on_change()
        except Exception:  # noqa: BLE001 - a listener's bug must not stop downloads
            log.exception("download listener failed")
