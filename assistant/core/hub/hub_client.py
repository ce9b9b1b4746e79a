"""Talking to the Hugging Face Hub (or a mirror): search, a repository's files with their checksums, its card.

Every call passes the endpoint and the token explicitly, so huggingface_hub never picks up a token from the
environment or from its plain-text token file, and every failure becomes a :class:`HubError` whose message says
what happened and what to do.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit

from assistant import APP_ID, __version__
from assistant.core.hub.files import (
    BadName,
    HubFile,
    HubModel,
    check_file_name,
    check_repo_id,
    group_models,
    matching_projector,
    projector_files,
)
from assistant.core.i18n import translate

OFFICIAL_ENDPOINT = "https://huggingface.co"
SORTS = ("downloads", "likes", "trending_score", "last_modified")


def sort_label(sort: str) -> str:
    return {"downloads": translate("Hub", "Most downloads"), "likes": translate("Hub", "Most likes"),
            "trending_score": translate("Hub", "Trending"), "last_modified": translate("Hub", "Recently updated")}[sort]
_API_SORT = {"trending_score": "trendingScore", "last_modified": "lastModified"}
CARD_LIMIT = 512 * 1024


class HubError(Exception):
    """A Hub request failed. ``str(error)`` is a message for the user; ``kind`` is for code that reacts to it."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind  # offline, network, token, gated, not_found, server, bad_name, bad_reply


@dataclass(frozen=True)
class RepoSummary:
    repo_id: str
    downloads: int
    likes: int
    last_modified: datetime | None
    gated: bool


@dataclass(frozen=True)
class RepoFiles:
    repo_id: str
    commit: str  # downloads are pinned to this commit, so a resumed download never mixes two versions
    files: list[HubFile]
    gated: bool
    source: str = "hub"  # the client that listed it: its downloads go there too

    @property
    def models(self) -> list[HubModel]:
        return group_models(self.repo_id, self.files)

    @property
    def projectors(self) -> list[HubFile]:
        """The vision projectors (mmproj) in the repository: never offered as models, fetched with one."""
        return projector_files(self.files)

    @property
    def reads_images(self) -> bool:
        return bool(self.projectors)

    def projector_for(self, model: HubModel) -> HubFile | None:
        return matching_projector(model, self.files)


def env_endpoint() -> str | None:
    return os.environ.get("HF_ENDPOINT") or None


def env_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def check_endpoint(url: str) -> str:
    """A Hub address the user typed, without a trailing slash; :class:`HubError` if it is not an http(s) URL."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise HubError(translate("Hub", "{url} is not a web address. A Hub address looks like {example}.").format(
            url=repr(url), example=OFFICIAL_ENDPOINT), "bad_name")
    return url


def resolve_endpoint(setting: str | None) -> str:
    """The setting wins, then HF_ENDPOINT, then the official Hub."""
    return check_endpoint(setting or env_endpoint() or OFFICIAL_ENDPOINT)


@functools.lru_cache(maxsize=1)
def tls_context():
    import httpx2

    return httpx2.create_ssl_context()


def http_client(**options):
    """An httpx2 client sharing one TLS context: building one loads the CA store, 65 ms each time here."""
    import httpx2

    return httpx2.Client(verify=tls_context(), **options)


class HubClient:
    """One endpoint, one token (or none), online or offline. Cheap to create; create a new one when they change.
    ModelScope's client (modelscope_client) answers the same calls."""

    source = "hub"

    def __init__(self, endpoint: str = OFFICIAL_ENDPOINT, token: str | None = None, offline: bool = False,
                 timeout: float = 20.0):
        self.endpoint = check_endpoint(endpoint)
        self.offline = offline
        self.timeout = timeout
        self._token = token or None
        self._hf_api = None

    def __repr__(self) -> str:  # never the token
        return f"HubClient({self.endpoint!r}, token={'set' if self._token else 'none'}, offline={self.offline})"

    @property
    def _api(self):
        if self._hf_api is None:
            from huggingface_hub import HfApi  # imported on first use, not at start-up

            self._hf_api = HfApi(endpoint=self.endpoint, token=self._auth, library_name=APP_ID,
                                 library_version=__version__)
        return self._hf_api

    @property
    def _auth(self) -> str | bool:
        return self._token if self._token else False  # False: never fall back to a token found on disk

    @property
    def has_token(self) -> bool:
        return self._token is not None

    def headers(self) -> dict[str, str]:
        from huggingface_hub.utils import build_hf_headers

        return build_hf_headers(token=self._auth, library_name=APP_ID, library_version=__version__)

    def file_url(self, repo_id: str, commit: str, filename: str) -> str:
        check_repo_id(repo_id)
        check_file_name(filename)
        return f"{self.endpoint}/{repo_id}/resolve/{quote(commit, safe='')}/{quote(filename)}"

    def repo_page(self, repo_id: str) -> str:
        return f"{self.endpoint}/{repo_id}"

    # Calls ---------------------------------------------------------------------------------------------

    def search(self, text: str = "", sort: str = "downloads", limit: int = 30) -> list[RepoSummary]:
        """GGUF repositories matching ``text``. One request, no retries: a search should fail fast when offline
        (huggingface_hub's list_models retries for about 20 seconds)."""
        self.require_online()
        if sort not in SORTS:
            raise ValueError(f"unknown sort {sort!r}")
        params = {"filter": "gguf", "sort": _API_SORT.get(sort, sort), "direction": "-1", "limit": str(limit)}
        if text.strip():
            params["search"] = text.strip()
        import httpx2

        try:
            with http_client(timeout=self.timeout) as client:
                response = client.get(f"{self.endpoint}/api/models", params=params, headers=self.headers())
        except httpx2.HTTPError as exc:
            raise self._explain(exc, None) from exc
        if response.status_code != 200:
            raise HubError(status_message(response.status_code, None, self.has_token, self.endpoint),
                           status_kind(response.status_code))
        if not response.content.strip():  # a mirror without search (olah offline answers an empty 200)
            raise HubError(translate("Hub", "{address} offers no search. Open a repository by its name instead "
                                            "(owner/name, for example Qwen/Qwen2.5-1.5B-Instruct-GGUF).").format(
                address=self.endpoint), "bad_reply")
        try:
            return [RepoSummary(str(item["id"]), int(item.get("downloads") or 0), int(item.get("likes") or 0),
                                _date(item.get("lastModified")), bool(item.get("gated")))
                    for item in response.json()]
        except (ValueError, KeyError, TypeError) as exc:
            raise self._explain(exc, None) from exc

    def repo_files(self, repo_id: str) -> RepoFiles:
        """The repository's files with sizes and checksums, at its current commit."""
        self._check_name(repo_id)
        self.require_online()
        try:
            # The revision asked for by name: /api/models/{repo}/revision/main, which every Hub answers, where some
            # self-hosted mirrors do not answer /api/models/{repo} at all.
            info = self._api.model_info(repo_id, revision="main", files_metadata=True, token=self._auth,
                                        timeout=self.timeout)
        except Exception as exc:  # noqa: BLE001
            raise self._explain(exc, repo_id) from exc
        if not info.sha or not re.fullmatch(r"[0-9a-f]{40}", info.sha):
            raise HubError(translate("Hub", "The Hub's answer about {repo} had no commit id; it may not be a Hub "
                                            "server.").format(repo=repo_id), "bad_reply")
        files, unlisted = [], []
        for sibling in info.siblings or []:
            try:
                check_file_name(sibling.rfilename)
            except BadName:
                continue  # a hostile listing cannot smuggle a path in; such a file is simply not offered
            lfs = sibling.lfs
            size = lfs.size if lfs else sibling.size
            if size is None:
                unlisted.append(sibling.rfilename)
                continue
            files.append(HubFile(sibling.rfilename, int(size), lfs.sha256.lower() if lfs else None,
                                 None if lfs else sibling.blob_id))
        # A mirror that lists names only (olah, some self-hosted ones): each file's size and checksum asked for.
        files += self._file_details(repo_id, info.sha, [name for name in unlisted if _worth_asking(name)])
        return RepoFiles(repo_id, info.sha, files, bool(info.gated))

    def _file_details(self, repo_id: str, commit: str, names: list[str]) -> list[HubFile]:
        """The Hub's ``paths-info`` for ``names`` (one request); where a server does not answer it, a HEAD on each
        file, read as huggingface_hub reads it (X-Linked-Size and X-Linked-Etag, else Content-Length and ETag). A
        file whose size cannot be learned is not offered; one whose checksum cannot be learned is, unverified."""
        if not names:
            return []
        try:
            found = self._api.get_paths_info(repo_id, names, revision=commit, repo_type="model", token=self._auth)
            details = []
            for item in found:
                lfs, size = getattr(item, "lfs", None), getattr(item, "size", None)
                if size is None or not hasattr(item, "blob_id"):
                    continue  # a folder
                details.append(HubFile(item.path, int(lfs.size if lfs else size),
                                       lfs.sha256.lower() if lfs else None, None if lfs else item.blob_id))
            if details:
                return details
        except Exception:  # noqa: BLE001 - a server without paths-info: each file is asked on its own below
            pass
        return [file for file in (self._head_details(repo_id, commit, name) for name in names) if file is not None]

    def _head_details(self, repo_id: str, commit: str, name: str) -> HubFile | None:
        import httpx2

        try:
            with http_client(follow_redirects=False, timeout=self.timeout) as client:
                response = client.head(self.file_url(repo_id, commit, name), headers=self.headers())
        except httpx2.HTTPError:
            return None
        if response.status_code not in (200, 301, 302, 303, 307, 308):
            return None
        size = response.headers.get("X-Linked-Size") or response.headers.get("Content-Length") or ""
        if not size.isdigit():
            return None
        etag = (response.headers.get("X-Linked-Etag") or response.headers.get("ETag") or "").removeprefix("W/")
        etag = etag.strip('"').lower()
        if re.fullmatch(r"[0-9a-f]{64}", etag):
            return HubFile(name, int(size), etag, None)
        if re.fullmatch(r"[0-9a-f]{40}", etag) and response.headers.get("X-Repo-Commit"):
            return HubFile(name, int(size), None, etag)  # a git blob id, from a server that answers as the Hub
        return HubFile(name, int(size))  # offered, and marked: its bytes can be checked against the size only

    def card(self, repo_id: str, commit: str = "main") -> str:
        """The repository's README without its YAML header; "" when it has none."""
        self._check_name(repo_id)
        self.require_online()
        url = self.file_url(repo_id, commit, "README.md")
        import httpx2

        try:
            with http_client(follow_redirects=True, timeout=self.timeout) as client:
                response = client.get(url, headers=self.headers())
        except httpx2.HTTPError as exc:
            raise self._explain(exc, repo_id) from exc
        if response.status_code == 404:
            return ""
        if response.status_code != 200:
            raise HubError(status_message(response.status_code, repo_id, self.has_token, self.endpoint),
                           status_kind(response.status_code))
        text = response.content[:CARD_LIMIT].decode("utf-8", "replace")
        return re.sub(r"\A---\n.*?\n---\n", "", text, count=1, flags=re.DOTALL).strip()

    # Errors --------------------------------------------------------------------------------------------

    def status_message(self, status: int, repo_id: str | None, gated: bool = False) -> str:
        return status_message(status, repo_id, self.has_token, self.endpoint, gated)

    def require_online(self) -> None:
        if self.offline:
            raise HubError(translate("Hub", "Offline mode is on, so the Hub is not contacted. Turn it off in "
                                            "Settings to search and download."), "offline")

    @staticmethod
    def _check_name(repo_id: str) -> None:
        try:
            check_repo_id(repo_id)
        except BadName as exc:
            raise HubError(str(exc), "bad_name") from None

    def _explain(self, exc: Exception, repo_id: str | None) -> HubError:
        import httpx2
        from huggingface_hub.errors import GatedRepoError, HfHubHTTPError, OfflineModeIsEnabled, RepositoryNotFoundError

        if isinstance(exc, HubError):
            return exc
        if isinstance(exc, OfflineModeIsEnabled):
            return HubError(translate("Hub", "HF_HUB_OFFLINE is set, so the Hub is not contacted."), "offline")
        if isinstance(exc, GatedRepoError):
            return HubError(status_message(403, repo_id, self.has_token, self.endpoint, gated=True), "gated")
        if isinstance(exc, (RepositoryNotFoundError, HfHubHTTPError)) and exc.response is not None:
            status = exc.response.status_code
            return HubError(status_message(status, repo_id, self.has_token, self.endpoint), status_kind(status))
        if isinstance(exc, (httpx2.HTTPError, OSError)):
            return HubError(translate(
                "Hub", "Could not reach {address} ({error}). Check the internet connection and the Hub address in "
                       "Settings, or turn on offline mode to use only installed models.").format(
                address=self.endpoint, error=type(exc).__name__), "network")
        if isinstance(exc, (ValueError, KeyError, TypeError)):
            return HubError(translate("Hub", "{address} sent an answer this app does not understand ({error}).").format(
                address=self.endpoint, error=type(exc).__name__), "bad_reply")
        raise exc


def _worth_asking(name: str) -> bool:
    """A file worth a request of its own: a GGUF (a model, a projector) or the card, not every file of a repo."""
    return name.lower().endswith(".gguf") or name == "README.md"


def _date(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def status_kind(status: int) -> str:
    return {401: "token", 403: "gated", 404: "not_found"}.get(status, "server")


def status_message(status: int, repo_id: str | None, has_token: bool, endpoint: str, gated: bool = False) -> str:
    """What an HTTP error status from the Hub means for the user, and what to do about it."""
    values = {"what": repo_id or translate("Hub", "The Hub"), "status": status, "address": endpoint,
              "page": f"{endpoint}/{repo_id}" if repo_id else endpoint}
    if gated or status == 403:
        if has_token:
            text = translate("Hub", "{what} is gated and your token does not give access to it (HTTP {status}). "
                                    "Open {page}, accept its terms, and check that the token may read gated "
                                    "repositories.")
        else:
            text = translate("Hub", "{what} is gated (HTTP {status}). Open {page} and accept its terms, then add a "
                                    "Hugging Face token in Settings.")
    elif status == 401:
        if has_token:
            text = translate("Hub", "The Hub refused the token for {what} (HTTP 401): the repository does not "
                                    "exist, or the token is wrong or expired. Check the name and the token in "
                                    "Settings.")
        else:
            text = translate("Hub", "{what} was not found, or it is private (HTTP 401). Check the name; for a "
                                    "private repository, add a Hugging Face token in Settings.")
    elif status == 404:
        text = translate("Hub", "{what} was not found on {address} (HTTP 404). Check the repository and file name.")
    elif status == 429:
        text = translate("Hub", "The Hub says too many requests were made (HTTP 429). Wait a few minutes and try "
                                "again.")
    elif status >= 500:
        text = translate("Hub", "{address} had a problem (HTTP {status}). Try again in a few minutes.")
    else:
        text = translate("Hub", "{address} answered HTTP {status} for {what}.")
    return text.format(**values)


def client_from_settings(settings, token: str | None) -> HubClient:
    """The client the app's settings ask for: endpoint (else HF_ENDPOINT), offline (or HF_HUB_OFFLINE), token."""
    from assistant.core.storage.settings import HubChoices

    chosen = settings.read(HubChoices)
    return HubClient(resolve_endpoint(chosen.endpoint), token, chosen.offline or env_offline())
