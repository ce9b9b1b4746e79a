"""One composition of the core (core/composition.py) for the window and every command line: the same settings, the
same engine router with the servers the user added, the same scheduler. Real SQLite files; no model is loaded."""

from __future__ import annotations

import pytest

from assistant.core.composition import Core
from assistant.core.engines.errors import NoModel
from assistant.core.engines.remote.remote_engine import ServerUnreachable
from assistant.core.engines.remote.server_list import Server
from assistant.core.engines.scheduler import Failed
from assistant.core.engines.types import GenerationParams
from assistant.core.storage.database import connect
from assistant.core.storage.paths import database_path

SERVER = "https://192.0.2.1:8443"  # TEST-NET-1: nothing is ever reached there, and nothing needs to be


def test_a_command_line_reaches_a_server_with_the_ca_the_user_gave_it_in_the_window(tmp_path):
    core = Core.open()
    try:
        assert core.owns_conn and core.settings is not None and core.history is not None
        core.servers.add(Server(SERVER, ca_file=str(tmp_path / "missing-ca.pem")))
        # The router connects through the server list: its CA is used, and a CA that cannot be read is said.
        with pytest.raises(ServerUnreachable, match="missing-ca.pem"):
            core.engine.remote(SERVER)
    finally:
        core.shutdown()


def test_a_database_that_cannot_be_used_leaves_a_core_with_the_defaults():
    path = database_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not an SQLite database" * 100)
    problems = []
    core = Core.open(on_unusable=problems.append)
    try:
        assert len(problems) == 1 and str(path) in str(problems[0])
        assert (core.conn, core.settings, core.history, core.servers) == (None, None, None, None)
        final = core.scheduler.generate([{"role": "user", "content": "Hello"}], GenerationParams()).wait(30)
        assert isinstance(final, Failed) and isinstance(final.error, NoModel)  # answered, with what is missing
    finally:
        core.shutdown()


def test_the_windows_engine_client_is_given_the_cores_scheduler(qtbot, tmp_path):
    from assistant.ui.shell.services import Services

    services = Services.create(connect(database_path()))
    try:
        client = services.client
        assert client.engine is client.scheduler.engine
        services.servers.add(Server(SERVER, ca_file=str(tmp_path / "missing-ca.pem")))
        with pytest.raises(ServerUnreachable, match="missing-ca.pem"):
            client.engine.remote(SERVER)
    finally:
        services.shutdown()
