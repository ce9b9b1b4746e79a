"""A ModelScope look-alike on 127.0.0.1, answering the calls Hearth makes the way modelscope.cn does, by its
published client (github.com/modelscope/modelscope: hub/api.py, file_download.py, errors.py):

- ``PUT /api/v1/dolphin/models``: the web site's search, JSON in and out, in ModelScope's envelope
  (``Code``, ``Success``, ``Message``, ``RequestId``, ``Data.Model.Models[]`` with ``Path``, ``Name``,
  ``Downloads``, ``Stars``, ``LastUpdatedTime`` in seconds, ``Tags``, ``Libraries``);
- ``GET /api/v1/models/{owner}/{name}/commits?Ref=master``: ``Data.Commit[0].Id``, the newest commit;
- ``GET /api/v1/models/{owner}/{name}/repo/files?Revision=master&Recursive=True``: ``Data.Files[]`` with ``Path``,
  ``Name``, ``Size``, ``Sha256`` (of the content, for every file), ``Type`` ("blob"/"tree");
- ``GET /api/v1/models/{owner}/{name}``: the model's record, with ``ReadMeContent``;
- ``GET /api/v1/models/{owner}/{name}/repo?Revision=...&FilePath=...``: a 302 to the storage (the Hub look-alike's
  content server, another origin, which refuses a request that carries the token or the session cookie).

The token is read from ``Authorization: Bearer`` or the ``m_session_id`` cookie, as ModelScope's own client sends
both. Refusals are modelled on the client's error handling; their exact bodies are not published: a private
repository without a token is 403, a missing one 404, each with an envelope whose ``Success`` is false. Faults:
``statuses`` (the next API answers, e.g. 429 with Retry-After), ``html`` (a web page instead of JSON, as a wrong
address or a captive portal gives), ``refuse_in_envelope`` (HTTP 200 with a business Code), and a repository whose
listing states another size than its file has (``lie_about_size``); the content server's faults are the Hub
look-alike's (``storage.faults``).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from hub_server import HubServer

COMMIT = "fedcba9876543210fedcba9876543210fedcba98"


@dataclass
class Listing:
    downloads: int = 0
    stars: int = 0
    tags: list = field(default_factory=lambda: ["gguf"])
    lie_about_size: int = 0  # added to each GGUF's listed size


@dataclass
class ApiFaults:
    statuses: list[int] = field(default_factory=list)
    html: bool = False
    refuse_in_envelope: bool = False


class ModelScopeServer:
    def __init__(self):
        self.storage = HubServer()  # the repositories' bytes, and the content server downloads are sent to
        self.listings: dict[str, Listing] = {}
        self.tokens: set[str] = set()
        self.faults = ApiFaults()
        self.calls: list[tuple[str, str, dict]] = []  # method, path, what the request said (body or query)
        self._lock = threading.Lock()
        self.api = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.api.daemon_threads = True
        self._thread = threading.Thread(target=self.api.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.api.server_port}"

    def start(self) -> "ModelScopeServer":
        self.storage.start()
        self._thread.start()
        return self

    def stop(self) -> None:
        self.api.shutdown()
        self.api.server_close()
        self.storage.stop()

    def add_repo(self, repo_id: str, files: dict, listing: Listing | None = None, **options):
        repo = self.storage.add_repo(repo_id, files, **options)
        self.listings[repo_id] = listing or Listing()
        return repo

    def log(self, method: str, path: str, said: dict) -> None:
        with self._lock:
            self.calls.append((method, path, said))


def envelope(data, code: int = 200, message: str = "success") -> dict:
    return {"Code": code, "Data": data, "Message": message, "RequestId": str(uuid.uuid4()), "Success": code == 200}


def _handler(server: ModelScopeServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_PUT(self):
            length = int(self.headers.get("Content-Length") or 0)
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                body = {}
            path = unquote(urlsplit(self.path).path)
            server.log("PUT", path, body)
            if self._faulted():
                return
            if path == "/api/v1/dolphin/models":
                self._search(body)
            else:
                self._refuse(404, 10010205001, "接口不存在")

        def do_GET(self):
            url = urlsplit(self.path)
            path, query = unquote(url.path), {k: v[0] for k, v in parse_qs(url.query).items()}
            server.log("GET", path, query)
            if self._faulted():
                return
            match = re.fullmatch(r"/api/v1/models/([^/]+/[^/]+)(/commits|/repo/files|/repo)?", path)
            if match is None:
                self._refuse(404, 10010205001, "接口不存在")
                return
            repo_id, what = match[1], match[2] or ""
            repo = self._access(repo_id)
            if repo is None:
                return
            if what == "/commits":
                self._ok({"Commit": [{"Id": COMMIT, "ShortId": COMMIT[:8], "Title": "upload"}]})
            elif what == "/repo/files":
                self._files(repo_id, repo)
            elif what == "/repo":
                name = query.get("FilePath", "")
                if name not in repo.files:
                    self._refuse(404, 10010205002, f"文件不存在: {name}")
                    return
                self._send(302, b"", "text/plain",
                           {"Location": f"{server.storage.cdn_origin}/cdn/{repo_id}/{name}"})
            else:
                self._ok({"Id": 1, "Name": repo_id.split("/")[1], "ReadMeContent": repo.card,
                          "Downloads": server.listings[repo_id].downloads})

        # Answers -----------------------------------------------------------------------------------------

        def _faulted(self) -> bool:
            if server.faults.html:
                self._send(200, b"<!doctype html><html><body>Sign in to the Wi-Fi</body></html>", "text/html")
                return True
            if server.faults.statuses:
                status = server.faults.statuses.pop(0)
                headers = {"Retry-After": "30"} if status == 429 else {}
                self._json(status, envelope(None, status, "Too Many Requests" if status == 429 else "error"),
                           headers)
                return True
            if server.faults.refuse_in_envelope:
                self._json(200, envelope(None, 10020101001, "服务繁忙"))
                return True
            return False

        def _token(self) -> str | None:
            auth = self.headers.get("Authorization", "")
            if auth.startswith("Bearer "):
                return auth.removeprefix("Bearer ")
            match = re.search(r"m_session_id=([^;\s]+)", self.headers.get("Cookie", ""))
            return match[1] if match else None

        def _access(self, repo_id: str):
            repo = server.storage.repos.get(repo_id)
            token = self._token()
            if repo is None:
                self._refuse(404, 10010205001, f"模型不存在: {repo_id}")
                return None
            if repo.private and token not in server.tokens:
                self._refuse(403, 10010201003, "没有权限访问该模型")
                return None
            return repo

        def _search(self, body: dict):
            text = str(body.get("Name") or "").lower()
            size = int(body.get("PageSize") or 10)
            wanted = {c.get("category"): c.get("values") for c in body.get("Criterion") or []}
            found = []
            for repo_id, repo in server.storage.repos.items():
                listing = server.listings[repo_id]
                if repo.private or text not in repo_id.lower():
                    continue
                if "gguf" in (wanted.get("tags") or []) and "gguf" not in listing.tags and repo_id != "Noise/Untagged":
                    continue  # the server's own filter, which lets one untagged repository through
                owner, name = repo_id.split("/")
                found.append({"Path": owner, "Name": name, "Downloads": listing.downloads, "Stars": listing.stars,
                              "LastUpdatedTime": 1764000000, "CreatedTime": 1760000000, "Tags": listing.tags,
                              "Libraries": [], "Visibility": 5})
            key = {"DownloadsCount": "Downloads", "StarsCount": "Stars"}.get(body.get("SortBy"), "Downloads")
            found.sort(key=lambda item: item[key], reverse=True)
            self._ok({"Model": {"Models": found[:size], "TotalCount": len(found)}})

        def _files(self, repo_id: str, repo):
            lie = server.listings[repo_id].lie_about_size
            files = [{"Name": ".gitattributes", "Path": ".gitattributes", "Size": 12, "Type": "blob",
                      "Sha256": "0" * 64, "Revision": COMMIT, "IsLFS": False}]
            for name, blob in repo.files.items():
                files.append({"Name": name.rsplit("/", 1)[-1], "Path": name, "Type": "blob", "Revision": COMMIT,
                              "Size": blob.size + (lie if name.endswith(".gguf") else 0),
                              "Sha256": blob.sha256(), "IsLFS": name.endswith(".gguf"),
                              "CommittedDate": 1764000000})
            files.append({"Name": "docs", "Path": "docs", "Type": "tree", "Size": 0, "Sha256": "", "Revision": COMMIT})
            self._ok({"Files": files})

        def _ok(self, data):
            self._json(200, envelope(data))

        def _refuse(self, status: int, code: int, message: str):
            self._json(status, envelope(None, code, message))

        def _json(self, status: int, body: dict, headers: dict | None = None):
            self._send(status, json.dumps(body, ensure_ascii=False).encode(), "application/json", headers)

        def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None):
            self.send_response(status)
            for key, value in {**(headers or {}), "Content-Type": kind, "Content-Length": str(len(body))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

    return Handler
