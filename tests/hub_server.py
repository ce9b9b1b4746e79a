"""A Hugging Face Hub look-alike on 127.0.0.1 for the download tests, with faults the tests switch on.

It answers the calls the app makes the way huggingface.co does: ``/api/models`` (search), ``/api/models/{repo}
[/revision/{rev}]?blobs=true`` (files with LFS sha256 and size), and ``/{repo}/resolve/{rev}/{file}``, which for an
LFS file redirects to a content server (a second port, so a different origin, like the Hub's CDN) that honours
``Range``. Repositories can be gated or private. Faults: drop the connection after N bytes, ignore Range (answer
200), serve the right size with a wrong byte, stall, throttle, or answer an error status.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class Blob:
    data: bytes | None = None
    path: Path | None = None
    lfs: bool = True

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else self.path.stat().st_size

    def read(self, start: int, end: int) -> bytes:
        if self.data is not None:
            return self.data[start:end]
        with open(self.path, "rb") as f:
            f.seek(start)
            return f.read(end - start)

    def sha256(self) -> str:
        digest = hashlib.sha256()
        for offset in range(0, self.size, 8 << 20):
            digest.update(self.read(offset, min(self.size, offset + (8 << 20))))
        return digest.hexdigest()

    def git_sha1(self) -> str:
        return hashlib.sha1(f"blob {self.size}\0".encode() + self.read(0, self.size)).hexdigest()  # noqa: S324


@dataclass
class Repo:
    repo_id: str
    files: dict[str, Blob]
    gated: bool = False
    private: bool = False
    downloads: int = 0
    likes: int = 0
    card: str = ""
    checksums: dict[str, str] = field(default_factory=dict)


@dataclass
class Faults:
    drop_after: int | None = None  # close the connection after this many body bytes ...
    drop_times: int = 1  # ... this many times
    ignore_range: bool = False  # answer a Range request with 200 and the whole file
    corrupt: bool = False  # flip one byte in the middle: right size, wrong sha256
    stall_after: int | None = None  # stop sending after this many bytes, for stall_seconds, then close
    stall_seconds: float = 5.0
    stall_times: int = 1
    rate: float | None = None  # bytes per second
    statuses: list[int] = field(default_factory=list)  # answer content requests with these first

    def shapes_the_body(self) -> bool:
        """Whether a fault acts on the bytes as they are sent, so that they must go out chunk by chunk."""
        return bool(self.rate or self.corrupt or (self.drop_after is not None and self.drop_times > 0)
                    or (self.stall_after is not None and self.stall_times > 0))


@dataclass
class Request:
    method: str
    path: str
    range: str | None
    authorization: str | None
    status: int = 0
    sent: int = 0


class HubServer:
    def __init__(self, cdn_tls=None):
        """``cdn_tls``: an ``ssl.SSLContext`` with a certificate, to serve the CDN over HTTPS as the real one is."""
        self.repos: dict[str, Repo] = {}
        self.tokens: set[str] = set()
        self.faults = Faults()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self.api = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, content=False))
        self.cdn = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self, content=True))
        self.api.daemon_threads = self.cdn.daemon_threads = True
        self._cdn_scheme = "https" if cdn_tls else "http"
        if cdn_tls is not None:
            self.cdn.socket = cdn_tls.wrap_socket(self.cdn.socket, server_side=True)
        self._threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in (self.api, self.cdn)]
        # Another program's CDN, serving /cdn/<repo>/<file> (the download benchmark's nginx); the redirects go there.
        self.external_cdn: str | None = None
        # A self-hosted mirror that answers a repository's metadata only at /api/models/{repo}/revision/{rev}, and
        # 401 at /api/models/{repo}, as some do.
        self.revision_only = False
        # A mirror that lists file names only (olah offline: siblings with rfilename and nothing else); with
        # ``paths_info`` False it also lacks the Hub's paths-info, and with ``head_checksums`` False its HEAD
        # answers give a size but no checksum.
        self.names_only = False
        self.paths_info = True
        self.head_checksums = True

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.api.server_port}"

    @property
    def cdn_origin(self) -> str:
        return self.external_cdn or f"{self._cdn_scheme}://127.0.0.1:{self.cdn.server_port}"

    def start(self) -> "HubServer":
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        for server in (self.api, self.cdn):
            server.shutdown()
            server.server_close()

    def add_repo(self, repo_id: str, files: dict[str, bytes | Path], **options) -> Repo:
        blobs = {}
        for name, content in files.items():
            blob = Blob(data=content) if isinstance(content, bytes) else Blob(path=Path(content))
            blob.lfs = name.endswith(".gguf")
            blobs[name] = blob
        repo = Repo(repo_id, blobs, **options)
        for name, blob in blobs.items():
            repo.checksums[name] = blob.sha256() if blob.lfs else blob.git_sha1()
        self.repos[repo_id] = repo
        return repo

    def log(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def content_requests(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith("/cdn/") or "/resolve/" in r.path]

    def bytes_sent(self) -> int:
        return sum(r.sent for r in self.content_requests())


def _handler(hub: HubServer, content: bool):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # keep test output clean
            pass

        def do_HEAD(self):
            self.do_GET()

        def do_POST(self):
            url = urlsplit(self.path)
            path = unquote(url.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode("utf-8")) if length else {}
            record = Request(self.command, path, None, self.headers.get("Authorization"))
            hub.log(record)
            match = re.fullmatch(r"/api/models/([^/]+/[^/]+)/paths-info/([^/]+)", path)
            if match is None or not hub.paths_info:
                self._error(404, "EntryNotFound", record)
                return
            repo = self._access(match[1], record)
            if repo is not None:
                self._json([self._entry(repo, name) for name in form.get("paths", []) if name in repo.files], record)

        def do_GET(self):
            url = urlsplit(self.path)
            path = unquote(url.path)
            record = Request(self.command, path, self.headers.get("Range"), self.headers.get("Authorization"))
            hub.log(record)
            try:
                if content:
                    self._content(path, record)
                elif path == "/api/models":
                    self._search(parse_qs(url.query), record)
                elif match := re.fullmatch(r"/api/models/([^/]+/[^/]+)(?:/revision/([^/]+))?", path):
                    if hub.revision_only and match[2] is None:
                        self._error(401, "RepoNotFound", record)
                    else:
                        self._info(match[1], record)
                elif match := re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path):
                    self._resolve(match[1], match[3], record)
                else:
                    self._error(404, "EntryNotFound", record)
            except (BrokenPipeError, ConnectionResetError):
                pass

        # API -------------------------------------------------------------------------------------------

        def _access(self, repo_id: str, record: Request) -> Repo | None:
            repo = hub.repos.get(repo_id)
            auth = self.headers.get("Authorization", "")
            token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
            if repo is None or (repo.private and token not in hub.tokens):
                self._error(401 if token is None else 404, "RepoNotFound", record)
                return None
            if repo.gated and token not in hub.tokens:
                self._error(401 if token is None else 403, "GatedRepo", record)
                return None
            return repo

        def _search(self, query: dict, record: Request):
            text = query.get("search", [""])[0].lower()
            sort = query.get("sort", ["downloads"])[0]
            limit = int(query.get("limit", ["50"])[0])
            found = [r for r in hub.repos.values() if text in r.repo_id.lower() and not r.private]
            found.sort(key=lambda r: getattr(r, sort, 0) if sort in ("downloads", "likes") else r.repo_id,
                       reverse=True)
            body = [{"_id": r.repo_id, "id": r.repo_id, "modelId": r.repo_id, "likes": r.likes,
                     "downloads": r.downloads, "private": r.private, "gated": "manual" if r.gated else False,
                     "tags": ["gguf"], "lastModified": "2026-10-01T12:00:00.000Z",
                     "createdAt": "2026-09-01T12:00:00.000Z"} for r in found[:limit]]
            self._json(body, record)

        def _info(self, repo_id: str, record: Request):
            repo = self._access(repo_id, record)
            if repo is None:
                return
            siblings = []
            for name, blob in repo.files.items():
                sibling = {"rfilename": name, "size": blob.size,
                           "blobId": repo.checksums[name] if not blob.lfs else hashlib.sha1(name.encode()).hexdigest()}
                if blob.lfs:
                    sibling["lfs"] = {"sha256": repo.checksums[name], "size": blob.size, "pointerSize": 134}
                siblings.append({"rfilename": name} if hub.names_only else sibling)
            self._json({"_id": repo_id, "id": repo_id, "modelId": repo_id, "sha": COMMIT, "private": repo.private,
                        "gated": "manual" if repo.gated else False, "downloads": repo.downloads, "likes": repo.likes,
                        "tags": ["gguf"], "lastModified": "2026-10-01T12:00:00.000Z", "siblings": siblings}, record)

        def _entry(self, repo: Repo, name: str) -> dict:
            """A file as the Hub's paths-info and tree give it."""
            blob = repo.files[name]
            entry = {"type": "file", "path": name, "size": blob.size,
                     "oid": repo.checksums[name] if not blob.lfs else hashlib.sha1(name.encode()).hexdigest()}
            if blob.lfs:
                entry["lfs"] = {"oid": repo.checksums[name], "size": blob.size, "pointerSize": 134}
            return entry

        def _resolve(self, repo_id: str, filename: str, record: Request):
            repo = self._access(repo_id, record)
            if repo is None:
                return
            if filename == "README.md" and repo.card:
                self._send(200, repo.card.encode(), "text/markdown", record)
                return
            blob = repo.files.get(filename)
            if blob is None:
                self._error(404, "EntryNotFound", record)
                return
            headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{repo.checksums[filename]}"'}
            if not hub.head_checksums:
                headers = {"X-Repo-Commit": COMMIT}
            if blob.lfs:
                if hub.head_checksums:
                    headers.update({"X-Linked-Etag": f'"{repo.checksums[filename]}"'})
                headers.update({"X-Linked-Size": str(blob.size),
                                "Location": f"{hub.cdn_origin}/cdn/{repo_id}/{filename}"})
                self._send(302, b"", "text/plain", record, headers)
            else:
                self._serve(blob, record, headers)

        # Content -----------------------------------------------------------------------------------------

        def _content(self, path: str, record: Request):
            match = re.fullmatch(r"/cdn/([^/]+/[^/]+)/(.+)", path)
            repo = hub.repos.get(match[1]) if match else None
            blob = repo.files.get(match[2]) if repo else None
            if blob is None:
                self._error(404, "EntryNotFound", record)
                return
            if self.headers.get("Authorization") or "m_session_id" in self.headers.get("Cookie", ""):
                self._error(400, "TokenSentToCdn", record)  # a CDN must never see the user's token (or session)
                return
            self._serve(blob, record, {})

        def _serve(self, blob: Blob, record: Request, headers: dict):
            faults = hub.faults
            if faults.statuses:
                self._error(faults.statuses.pop(0), "Fault", record)
                return
            size = blob.size
            start, status = 0, 200
            wanted = self.headers.get("Range")
            if wanted and not faults.ignore_range:
                match = re.fullmatch(r"bytes=(\d+)-", wanted)
                start = int(match[1]) if match else 0
                if start >= size:
                    self._send(416, b"", "text/plain", record, {"Content-Range": f"bytes */{size}"})
                    return
                status = 206
                headers = {**headers, "Content-Range": f"bytes {start}-{size - 1}/{size}"}
            record.status = status
            self.send_response(status)
            for key, value in {**headers, "Accept-Ranges": "bytes", "Content-Length": str(size - start),
                               "Content-Type": "application/octet-stream"}.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command == "HEAD":
                return
            if blob.path is not None and not faults.shapes_the_body():
                # Like a real CDN, the bytes go from the page cache to the socket without passing through Python
                # (os.sendfile where the platform has it). The Python loop cost this process 0.2-0.3 CPU-seconds per
                # 512 MB of the download benchmark, taken from curl and the app alike on 2 cores; sendfile, 0.03-0.1.
                with open(blob.path, "rb") as data:
                    record.sent += self.connection.sendfile(data, offset=start, count=size - start)
                return
            position = start
            sent_here = 0
            middle = size // 2
            while position < size:
                end = min(size, position + 256 * 1024)
                if faults.rate:
                    end = min(end, position + max(1, int(faults.rate / 20)))
                chunk = blob.read(position, end)
                if faults.corrupt and position <= middle < end:
                    chunk = bytearray(chunk)
                    chunk[middle - position] ^= 0xFF
                    chunk = bytes(chunk)
                if faults.drop_after is not None and faults.drop_times > 0 and sent_here + len(chunk) > faults.drop_after:
                    faults.drop_times -= 1
                    keep = faults.drop_after - sent_here
                    self.wfile.write(chunk[:keep])
                    record.sent += keep
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if faults.stall_after is not None and faults.stall_times > 0 and sent_here + len(chunk) > faults.stall_after:
                    faults.stall_times -= 1
                    self.wfile.flush()
                    time.sleep(faults.stall_seconds)
                    self.close_connection = True
                    return
                self.wfile.write(chunk)
                record.sent += len(chunk)
                sent_here += len(chunk)
                position = end
                if faults.rate:
                    time.sleep(0.05)

        # Helpers -----------------------------------------------------------------------------------------

        def _json(self, body, record: Request):
            self._send(200, json.dumps(body).encode(), "application/json", record)

        def _error(self, status: int, code: str, record: Request):
            self._send(status, json.dumps({"error": code}).encode(), "application/json", record,
                       {"X-Error-Code": code, "X-Error-Message": code})

        def _send(self, status: int, body: bytes, kind: str, record: Request, headers: dict | None = None):
            record.status = status
            self.send_response(status)
            for key, value in {**(headers or {}), "Content-Type": kind, "Content-Length": str(len(body))}.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

    return Handler


TEST_REPO = "HearthTest/SmolLM2-135M-Instruct-GGUF"
VISION_REPO = "HearthTest/Tiny-Vision-GGUF"  # a model with two projectors that fit it; real headers, no weights
VISION_FILE = "tiny-vision-Q4_K_M.gguf"
VISION_PROJECTOR = "mmproj-tiny-vision-f16.gguf"
TEST_FILE = "SmolLM2-135M-Instruct-Q4_1.gguf"
TEST_TOKEN = "hf_valid_test_token"


def build_test_hub(model_path: Path, cdn_tls=None) -> HubServer:
    """The repositories the tests (and the Models screenshots) use: the real SmolLM2 GGUF, a split model, and
    gated, private and tiny ones. Not started yet. ``cdn_tls``: see :class:`HubServer`."""
    server = HubServer(cdn_tls)
    server.tokens.add(TEST_TOKEN)
    server.add_repo(TEST_REPO, {TEST_FILE: model_path, "README.md": b"---\nlicense: apache-2.0\n---\n# SmolLM2\n"},
                    downloads=5000, likes=40,
                    card="---\nlicense: apache-2.0\n---\n# SmolLM2 135M\n\nA tiny model.\n")
    server.add_repo("HearthTest/Tiny-Split-GGUF", {
        "tiny-q8_0-00001-of-00002.gguf": b"A" * 300_000, "tiny-q8_0-00002-of-00002.gguf": b"B" * 200_000,
        "tiny-q2_k.gguf": b"C" * 100_000, "mmproj-tiny-f16.gguf": b"D" * 1000}, downloads=10, likes=2)
    server.add_repo("HearthTest/Gated-GGUF", {"gated-q4_k_m.gguf": b"G" * 400_000}, gated=True, downloads=50)
    server.add_repo("HearthTest/Private-GGUF", {"private-q4_k_m.gguf": b"P" * 1000}, private=True)
    server.add_repo("HearthTest/Huge-GGUF", {"huge-q4_k_m.gguf": b"H" * 1000}, downloads=1)
    server.add_repo(VISION_REPO, vision_files(), downloads=20)
    return server


def vision_files() -> dict[str, bytes]:
    import tempfile

    from gguf_headers import write_projector, write_text_model

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        return {VISION_FILE: write_text_model(folder / VISION_FILE, 576).read_bytes(),
                VISION_PROJECTOR: write_projector(folder / VISION_PROJECTOR, 576).read_bytes(),
                "mmproj-tiny-vision-Q8_0.gguf": write_projector(folder / "q8.gguf", 576).read_bytes()}
