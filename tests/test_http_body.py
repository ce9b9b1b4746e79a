"""What a model download's HTTP does besides the bytes (core/hub/http_body.py): the proxy the environment names, with its
credentials, NO_PROXY, HTTPS through a CONNECT tunnel, a proxy it cannot use, a body cut short, a redirect loop. The
Hub look-alike and a real proxy on 127.0.0.1 (tests/proxy_server.py); the faults of the transfer itself are in
tests/test_downloads.py."""

from __future__ import annotations

import base64
import hashlib
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import HUB_FILE, HUB_REPO
from hub_server import build_test_hub
from proxy_server import ProxyServer

from assistant.core.hub import http_body
from assistant.core.hub.downloads import Control, DownloadFailed, Plan, RetryPolicy, download
from assistant.core.hub.http_body import FetchError
from assistant.core.hub.hub_client import HubClient, tls_context

FAST = RetryPolicy(stall_timeout=2.0, max_attempts=3, base_delay=0.05, max_delay=0.2)
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture
def environment(monkeypatch):
    """No proxy from the machine running the tests; each test sets its own. huggingface_hub keeps one HTTP session
    with the proxy settings of the moment it was made, so it is made afresh for the test and again after it."""
    from huggingface_hub.utils._http import close_session

    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    close_session()
    yield monkeypatch
    monkeypatch.undo()
    close_session()


@pytest.fixture
def proxy():
    server = ProxyServer().start()
    yield server
    server.stop()


def model_plan(hub) -> tuple[Plan, HubClient]:
    client = HubClient(hub.endpoint)
    files = client.repo_files(HUB_REPO)
    return Plan.for_model(files.models[0], files.commit), client


def fetch_model(hub, folder):
    plan, client = model_plan(hub)
    return download(plan, folder, client, Control(), lambda *_: None, FAST)


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_download_goes_through_the_proxy_the_environment_names_with_its_credentials(hub, proxy, environment,
                                                                                      tmp_path, model_path):
    environment.setenv("http_proxy", proxy.url.replace("//", "//hearth:s%40cret@"))
    path = fetch_model(hub, tmp_path)
    assert sha256(path) == sha256(model_path)
    resolve, cdn = proxy.requests[-2:]  # the file list before them came through httpx2, which reads the same setting
    assert resolve.method == cdn.method == "GET"
    assert resolve.target.startswith(f"{hub.endpoint}/{HUB_REPO}/resolve/")
    assert cdn.target == f"{hub.cdn_origin}/cdn/{HUB_REPO}/{HUB_FILE}"
    credentials = "Basic " + base64.b64encode(b"hearth:s@cret").decode()
    assert resolve.authorization == cdn.authorization == credentials


def test_no_proxy_sends_the_download_direct(hub, proxy, environment, tmp_path, model_path):
    environment.setenv("http_proxy", proxy.url)
    environment.setenv("no_proxy", "127.0.0.1")
    assert sha256(fetch_model(hub, tmp_path)) == sha256(model_path)
    assert proxy.requests == []


@pytest.fixture
def https_hub(certificate, model_path, environment):
    """The Hub look-alike with its CDN on HTTPS, and the app's TLS context trusting this run's certificate only."""
    cert, key = certificate
    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(cert, key)
    hub = build_test_hub(model_path, cdn_tls=server_side).start()
    environment.setenv("SSL_CERT_FILE", str(cert))
    tls_context.cache_clear()
    yield hub
    hub.stop()
    tls_context.cache_clear()


def test_https_goes_through_the_proxy_in_a_tunnel(https_hub, proxy, environment, tmp_path, model_path):
    environment.setenv("http_proxy", proxy.url)
    environment.setenv("https_proxy", proxy.url)
    assert https_hub.cdn_origin.startswith("https://")
    path = fetch_model(https_hub, tmp_path)
    assert sha256(path) == sha256(model_path)
    # Only this test's own requests: a window left by an earlier test may still be asking elsewhere in the
    # background, through the same environment.
    ours = [r for r in proxy.requests if "127.0.0.1" in r.target]
    assert [r.method for r in ours[-2:]] == ["GET", "CONNECT"]
    assert ours[-1].target == https_hub.cdn_origin.removeprefix("https://")


def test_a_certificate_the_app_does_not_trust_is_refused(https_hub, environment, tmp_path):
    environment.delenv("SSL_CERT_FILE")
    tls_context.cache_clear()  # the system's authorities, which never signed this run's certificate
    url = f"{https_hub.cdn_origin}/cdn/{HUB_REPO}/{HUB_FILE}"
    with pytest.raises(FetchError, match="CERTIFICATE_VERIFY_FAILED"):
        http_body.get(url, {}, 5, tls_context())


def test_a_proxy_it_cannot_use_fails_at_once_and_says_why(hub, environment, tmp_path):
    plan, client = model_plan(hub)
    hub.requests.clear()
    environment.setenv("http_proxy", "socks5://127.0.0.1:1080")
    with pytest.raises(DownloadFailed, match="socks5://127.0.0.1.*HTTP proxies") as failure:
        download(plan, tmp_path, client, Control(), lambda *_: None, FAST)
    assert failure.value.kind == "network"
    assert hub.content_requests() == []  # nothing was sent anywhere, and it was not retried


def test_a_body_cut_short_is_an_error_not_an_end(hub, environment):
    hub.faults.drop_after = 100_000
    url = HubClient(hub.endpoint).file_url(HUB_REPO, "main", HUB_FILE)
    buffer = bytearray(64 * 1024)
    got = 0
    with http_body.get(url, {}, 5, tls_context()) as body:
        assert body.status == 200
        with pytest.raises(FetchError, match="closed with .* bytes of the body still to come"):
            while n := body.readinto(buffer):
                got += n
    assert got == 100_000


@pytest.fixture
def redirector():
    """A server whose every answer is a redirect to the path it was asked for: /again comes back to /again, and any
    other path is sent to that address (a URL-quoted one)."""
    from urllib.parse import unquote

    class Redirect(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", self.path if self.path == "/again" else unquote(self.path[1:]))
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_a_redirect_loop_ends_with_an_error(environment, redirector):
    with pytest.raises(FetchError, match="more than 10 redirects"):
        http_body.get(f"{redirector}/again", {}, 5, tls_context())


@pytest.mark.parametrize("location, reason", [
    ("http://127.0.0.1:99999/x", "has no usable port"),
    ("https:///x", "has no host"),
    ("ftp://127.0.0.1/x", "not an http"),
])
def test_a_redirect_to_an_unusable_address_is_a_clear_error(environment, redirector, location, reason):
    from urllib.parse import quote

    with pytest.raises(FetchError, match=reason) as failure:
        http_body.get(f"{redirector}/{quote(location, safe='')}", {}, 5, tls_context())
    assert failure.value.permanent


def test_a_proxy_setting_with_a_bad_port_is_a_clear_error(hub, environment, tmp_path):
    plan, client = model_plan(hub)
    environment.setenv("http_proxy", "http://127.0.0.1:notaport")
    with pytest.raises(DownloadFailed, match="the proxy .* has no usable port"):
        download(plan, tmp_path, client, Control(), lambda *_: None, FAST)
