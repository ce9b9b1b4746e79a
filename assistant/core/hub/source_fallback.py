"""When the Hub cannot be reached but ModelScope can: a first start in mainland China meets the Hub's timeout, while
ModelScope holds the same repositories (Qwen, unsloth, bartowski, lmstudio-community publish there under the same
names). The user is offered ModelScope, never switched to it without a word."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.hub.access import HubAccess
from assistant.core.hub.hub_client import HubError, RepoFiles


@dataclass(frozen=True)
class OtherSourceAnswers:
    """The Hub could not be reached (``why``), and ModelScope lists the same repository."""

    source: str
    why: str


def repo_files_or_other_source(access: HubAccess, repo_id: str,
                               modelscope_repo: str = "") -> RepoFiles | OtherSourceAnswers:
    """The chosen source's listing of ``repo_id`` (``modelscope_repo`` on ModelScope, where its name there differs:
    the catalogue records both); where that is the Hub and the network failed (not a refusal, which has its own
    fix), ModelScope is asked for the repository, and an :class:`OtherSourceAnswers` comes back if it has it.
    Otherwise the Hub's error is raised, as before."""
    client = access.client()
    on_modelscope = modelscope_repo or repo_id
    try:
        return client.repo_files(on_modelscope if client.source == "modelscope" else repo_id)
    except HubError as exc:
        if exc.kind != "network" or client.source != "hub":
            raise
        try:
            access.modelscope_client().repo_files(on_modelscope)
        except HubError:
            raise exc from None
        return OtherSourceAnswers("modelscope", str(exc))
