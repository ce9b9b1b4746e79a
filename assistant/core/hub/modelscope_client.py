"""ModelScope (魔搭, modelscope.cn) as a second source of GGUF models, beside the Hugging Face Hub.

Written from ModelScope's published client (github.com/modelscope/modelscope, hub/api.py and file_download.py) and
the web site's own search, which ModelScope's MCP server calls; it answers as :class:`HubClient` does (search, a
repository's files with sizes and sha256, its card, the address of a file), so the Models pane, the download queue
and ``assistant models`` take either. What differs:

- every answer is an envelope, ``{"Code": 200, "Success": true, "Data": ..., "Message": ..., "RequestId": ...}``,
  and a refusal may come as HTTP 200 with another Code: both are read;
- the default branch is ``master``; the files' listing gives every file's size and sha256 (of its content, LFS or
  not), and the commit comes from the branch's newest commit;
- a file is asked for by the branch, not by the commit: whether the file endpoint takes a commit id is not
  published. A file changed between listing and download is caught by its sha256 (and downloaded again);
- a download answers with a redirect to Aliyun's storage, which must never see the token: it goes as
  ``Authorization: Bearer`` and as the ``m_session_id`` cookie, both dropped on the way to another origin
  (http_body);
- the search's GGUF filter (the ``gguf`` tag) is also applied here, to what comes back.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from urllib.parse import quote, quote_plus

from assistant import APP_ID, __version__
from assistant.core.hub.files import BadName, HubFile, check_file_name, check_repo_id
from assistant.core.hub.hub_client import (CARD_LIMIT, SORTS, HubError, RepoFiles, RepoSummary, check_endpoint,
                                           http_client)
from assistant.core.i18n import translate

MODELSCOPE_ENDPOINT = "https://www.modelscope.cn"
BRANCH = "master"
_SORT = {"downloads": "DownloadsCount", "likes": "StarsCount", "trending_score": "Default",
         "last_modified": "GmtModified"}


def default_endpoint() -> str:
    """ModelScope's address where none is set in Hearth: MODELSCOPE_DOMAIN where it is set (the modelscope SDK's
    own variable, a host such as www.modelscope.ai, the international site), else www.modelscope.cn."""
    domain = os.environ.get("MODELSCOPE_DOMAIN", "").strip().rstrip("/")
    if not domain:
        return MODELSCOPE_ENDPOINT
    return domain if "://" in domain else "https://" + domain


class ModelScopeClient:
    """One ModelScope address, one token (or none), online or offline."""

    source = "modelscope"

    def __init__(self, endpoint: str = MODELSCOPE_ENDPOINT, token: str | None = None, offline: bool = False,
                 timeout: float = 20.0):
        self.endpoint = check_endpoint(endpoint)
        self.offline = offline
        self.timeout = timeout
        self._token = token or None

    def __repr__(self) -> str:  # never the token
        return f"ModelScopeClient({self.endpoint!r}, token={'set' if self._token else 'none'}, offline={self.offline})"

    @property
    def has_token(self) -> bool:
        return self._token is not None

    def headers(self) -> dict[str, str]:
        headers = {"User-Agent": f"{APP_ID}/{__version__}"}
        if self._token:  # the older endpoints read the cookie, the newer the header; both, to this host only
            headers["Authorization"] = f"Bearer {self._token}"
            headers["Cookie"] = f"m_session_id={self._token}"
        return headers

    def file_url(self, repo_id: str, commit: str, filename: str) -> str:
        """The file at the branch's head (see the module's note on commits); ``commit`` is kept for the caller's
        record only."""
        check_repo_id(repo_id)
        check_file_name(filename)
        return (f"{self.endpoint}/api/v1/models/{_path(repo_id)}/repo?Revision={quote_plus(BRANCH)}"
                f"&FilePath={quote_plus(filename)}")

    def repo_page(self, repo_id: str) -> str:
        return f"{self.endpoint}/models/{repo_id}"

    def require_online(self) -> None:
        if self.offline:
            raise HubError(translate("ModelScope", "Offline mode is on, so ModelScope is not contacted. Turn it off "
                                                   "in Settings to search and download."), "offline")

    # Calls ---------------------------------------------------------------------------------------------

    def search(self, text: str = "", sort: str = "downloads", limit: int = 30) -> list[RepoSummary]:
        """GGUF repositories whose name holds ``text``; what comes back is filtered for GGUF here too."""
        self.require_online()
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        body = {"Name": text.strip(), "PageNumber": 1, "PageSize": limit, "SortBy": _SORT[sort],
                "Criterion": [{"category": "tags", "predicate": "contains", "values": ["gguf"]}],
                "SingleCriterion": []}
        data = self._call("PUT", "/api/v1/dolphin/models", None, json_body=body)
        try:
            items = data["Model"]["Models"]
            found = []
            for item in items:
                labels = [str(t).lower() for t in (item.get("Tags") or []) + (item.get("Libraries") or [])]
                repo_id = f"{item['Path']}/{item['Name']}"
                if "gguf" not in labels and "gguf" not in repo_id.lower():
                    continue
                found.append(RepoSummary(repo_id, int(item.get("Downloads") or 0), int(item.get("Stars") or 0),
                                         _date(item.get("LastUpdatedTime")), False))
            return found[:limit]
        except (KeyError, TypeError, ValueError) as exc:
            raise self._not_understood(exc) from exc

    def repo_files(self, repo_id: str) -> RepoFiles:
        """The repository's files with sizes and sha256, and its branch's newest commit."""
        self._check_name(repo_id)
        self.require_online()
        commits = self._call("GET", f"/api/v1/models/{_path(repo_id)}/commits",
                             repo_id, params={"Ref": BRANCH, "PageNumber": "1", "PageSize": "1"})
        listing = self._call("GET", f"/api/v1/models/{_path(repo_id)}/repo/files", repo_id,
                             params={"Revision": BRANCH, "Recursive": "True"})
        try:
            commit = str(commits["Commit"][0]["Id"])
            entries = listing["Files"] if isinstance(listing, dict) else listing
            files = []
            for entry in entries:
                if entry.get("Type") == "tree":
                    continue
                name = str(entry.get("Path") or entry["Name"])
                try:
                    check_file_name(name)
                except BadName:
                    continue  # a hostile listing cannot smuggle a path in
                sha256 = str(entry.get("Sha256") or "").lower() or None
                if sha256 is not None and not re.fullmatch(r"[0-9a-f]{64}", sha256):
                    sha256 = None
                files.append(HubFile(name, int(entry["Size"]), sha256, None))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise self._not_understood(exc) from exc
        if not re.fullmatch(r"[0-9a-f]{40}", commit):
            raise HubError(translate("ModelScope", "ModelScope's answer about {repo} had no commit id; it may not be "
                                                   "ModelScope.").format(repo=repo_id), "bad_reply")
        return RepoFiles(repo_id, commit, files, False, self.source)

    def card(self, repo_id: str, commit: str = BRANCH) -> str:
        """The repository's README (from its record, which carries it) without its YAML header; "" when none."""
        self._check_name(repo_id)
        self.require_online()
        data = self._call("GET", f"/api/v1/models/{_path(repo_id)}", repo_id)
        text = str(data.get("ReadMeContent") or "") if isinstance(data, dict) else ""
        text = text[:CARD_LIMIT]
        return re.sub(r"\A---\n.*?\n---\n", "", text, count=1, flags=re.DOTALL).strip()

    # Errors --------------------------------------------------------------------------------------------

    def status_message(self, status: int, repo_id: str | None, gated: bool = False) -> str:
        return status_message(status, repo_id, self.has_token, self.endpoint)

    def _call(self, method: str, path: str, repo_id: str | None, params: dict | None = None,
              json_body: dict | None = None):
        """The envelope's ``Data``; a :class:`HubError` that says what went wrong otherwise."""
        import httpx2

        try:
            with http_client(timeout=self.timeout, follow_redirects=True) as client:
                response = client.request(method, f"{self.endpoint}{path}", params=params, json=json_body,
                                          headers=self.headers())
        except httpx2.HTTPError as exc:
            raise HubError(translate(
                "ModelScope", "Could not reach {address} ({error}). Check the internet connection and the "
                              "ModelScope address in Settings, or turn on offline mode to use only installed "
                              "models.").format(address=self.endpoint, error=type(exc).__name__), "network") from exc
        try:
            envelope = response.json()
        except ValueError:
            envelope = None
        if not isinstance(envelope, dict) or "Code" not in envelope:
            # Not ModelScope's envelope: a wrong address (another server, a portal's page), not a missing repository.
            if response.status_code in (429, 502, 503, 504):
                raise HubError(self.status_message(response.status_code, repo_id), _kind(response.status_code))
            raise HubError(translate("ModelScope", "{address} does not answer as ModelScope does (HTTP {status}, "
                                                   "{kind}): check the ModelScope address in Settings.").format(
                address=self.endpoint, status=response.status_code,
                kind=response.headers.get("Content-Type", "?").split(";")[0]), "bad_reply")
        code, success = envelope.get("Code"), envelope.get("Success")
        if response.status_code == 200 and code in (200, "200") and success is not False:
            return envelope.get("Data") or {}
        status = response.status_code if response.status_code != 200 else _status_of(code)
        said = str(envelope.get("Message") or "").strip()
        message = self.status_message(status, repo_id)
        if status == 429 and response.headers.get("Retry-After", "").isdigit():
            message += " " + translate("ModelScope", "It asks to wait {seconds} seconds.").format(
                seconds=response.headers["Retry-After"])
        if said:
            message += " " + translate("ModelScope", "(ModelScope said: {said})").format(said=said[:200])
        raise HubError(message, _kind(status))

    def _not_understood(self, exc: Exception) -> HubError:
        return HubError(translate("ModelScope", "{address} sent an answer this app does not understand ({error}).")
                        .format(address=self.endpoint, error=type(exc).__name__), "bad_reply")

    @staticmethod
    def _check_name(repo_id: str) -> None:
        try:
            check_repo_id(repo_id)
        except BadName as exc:
            raise HubError(str(exc), "bad_name") from None


def _path(repo_id: str) -> str:
    return "/".join(quote(part, safe="") for part in repo_id.split("/"))


def _date(value) -> datetime | None:
    """ModelScope's times are seconds since the epoch."""
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc) if value else None
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _status_of(code) -> int:
    """An envelope's Code is an HTTP-like number, or a long business code for something refused."""
    try:
        number = int(code)
    except (TypeError, ValueError):
        return 400
    return number if 100 <= number < 600 else 400


def _kind(status: int) -> str:
    return {401: "token", 403: "token", 404: "not_found", 429: "server"}.get(status, "server")


def status_message(status: int, repo_id: str | None, has_token: bool, endpoint: str) -> str:
    """What an error status from ModelScope means for the user, and what to do about it."""
    values = {"what": repo_id or translate("ModelScope", "ModelScope"), "status": status, "address": endpoint,
              "page": f"{endpoint}/models/{repo_id}" if repo_id else endpoint}
    if status in (401, 403):
        if has_token:
            text = translate("ModelScope", "ModelScope refused the token for {what} (HTTP {status}): the repository "
                                           "is private to others, or the token is wrong or expired. Check the name "
                                           "and the ModelScope token in Settings.")
        else:
            text = translate("ModelScope", "{what} was not found on ModelScope, or it is private (HTTP {status}). "
                                           "Check the name on {page}; for a private repository, add a ModelScope "
                                           "token in Settings.")
    elif status == 404:
        text = translate("ModelScope", "{what} was not found on ModelScope (HTTP 404). Check the repository and file "
                                       "name.")
    elif status == 429:
        text = translate("ModelScope", "ModelScope says too many requests were made (HTTP 429). Wait a few minutes "
                                       "and try again.")
    elif status >= 500:
        text = translate("ModelScope", "{address} had a problem (HTTP {status}). Try again in a few minutes.")
    else:
        text = translate("ModelScope", "{address} answered HTTP {status} for {what}.")
    return text.format(**values)

