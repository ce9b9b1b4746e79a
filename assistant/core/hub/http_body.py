"""A file's bytes over HTTP, read straight into the caller's buffer: the body of a model download.

Every other Hub call goes through httpx2 (huggingface_hub's own client). A download's body does not: httpx2 hands
it over in 64 KB pieces, each copied three more times on the way (into h11's receive buffer, out of it, into a bytes
object), with Python work for every piece: on loopback 1.28 CPU-seconds per 512 MB, against 1.00 here and curl's
0.63 (docs/performance.md). The standard library's ``http.client`` reads into a buffer the caller owns
(``readinto``): one copy, as in curl.

What a model download needs of HTTP, and no more: a GET with the caller's headers; redirects, whose
``Authorization`` and ``Cookie`` headers are dropped when the origin changes (the Hub redirects to a CDN, ModelScope
to Aliyun's storage, and neither may see the token; httpx2 does the same); the HTTP proxy the system names, found where httpx2 finds it (``getproxies``: the
``*_proxy`` variables, and the system settings on Windows and macOS), with ``NO_PROXY``; TLS with the app's
context; a timeout on every wait, so that a stalled transfer is noticed. Every network failure is a
:class:`FetchError`; nothing here touches a file, so an ``OSError`` the caller sees is its own (the disk's).
"""

from __future__ import annotations

import base64
import http.client
import ssl
import urllib.request
from urllib.parse import unquote, urljoin, urlsplit

MAX_REDIRECTS = 10
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchError(Exception):
    """The transfer failed on the network side. ``permanent``: asking again cannot help (an unsupported proxy)."""

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Body:
    """The response to a GET: ``status``, ``headers`` (case-insensitive) and the body through :meth:`readinto`."""

    def __init__(self, connection: http.client.HTTPConnection, response: http.client.HTTPResponse):
        self._connection = connection
        self._response = response
        self.status = response.status
        self.headers = response.headers
        length = response.headers.get("Content-Length", "")
        self._left = int(length) if length.isdigit() and not response.chunked else None

    def readinto(self, buffer) -> int:
        """Fill ``buffer`` as far as the body goes; 0 at its end. Raises FetchError when the connection drops or
        stalls before the length the server announced."""
        try:
            n = self._response.readinto(buffer)
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(_describe(exc)) from None
        if self._left is not None:
            if n == 0 and self._left > 0:  # http.client returns 0 for a connection closed early, without an error
                raise FetchError(f"the connection closed with {self._left:,} bytes of the body still to come")
            self._left -= n
        return n

    def close(self) -> None:
        self._response.close()
        self._connection.close()

    def __enter__(self) -> Body:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def get(url: str, headers: dict[str, str], timeout: float, tls: ssl.SSLContext) -> Body:
    """GET ``url``, following redirects, and return the final response with its body unread."""
    headers = dict(headers)
    for _hop in range(MAX_REDIRECTS + 1):
        connection, target, extra = _connect(url, timeout, tls)
        try:
            connection.request("GET", target, headers={**headers, **extra})
            response = connection.getresponse()
        except (OSError, http.client.HTTPException) as exc:
            connection.close()
            raise FetchError(_describe(exc)) from None
        location = response.headers.get("Location")
        if response.status not in _REDIRECTS or not location:
            return Body(connection, response)
        response.close()
        connection.close()
        following = urljoin(url, location)
        _split(following, "the redirect to")
        if _origin(following) != _origin(url):
            headers = {k: v for k, v in headers.items() if k.lower() not in ("authorization", "cookie")}
        url = following
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _connect(url: str, timeout: float, tls: ssl.SSLContext) -> tuple[http.client.HTTPConnection, str, dict]:
    """A connection for ``url`` (not yet opened), what goes on its request line, and headers for the proxy."""
    parts, port = _split(url, "the address")
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"not an http(s) address: {url!r}", permanent=True)
    host = parts.hostname
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    proxy = proxy_for(url)
    if proxy is None:
        if parts.scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=tls), path, {}
        return http.client.HTTPConnection(host, port, timeout=timeout), path, {}
    proxy_parts, proxy_port = _split(proxy, "the proxy")
    if proxy_parts.scheme != "http":
        raise FetchError(f"the proxy {proxy_parts.scheme}://{proxy_parts.hostname} is not an HTTP proxy "
                         "(http://host:port); downloads go through HTTP proxies only", permanent=True)
    auth = _proxy_authorization(proxy_parts)
    if parts.scheme == "https":  # a tunnel through the proxy (CONNECT), with TLS to the server itself
        connection = http.client.HTTPSConnection(proxy_parts.hostname, proxy_port or 80, timeout=timeout, context=tls)
        connection.set_tunnel(host, port or 443, headers=auth)
        return connection, path, {}
    # A plain-HTTP proxy is sent the whole address, and its credentials with the request itself.
    return (http.client.HTTPConnection(proxy_parts.hostname, proxy_port or 80, timeout=timeout),
            url.split("#")[0], auth)


def _split(url: str, what: str):
    """The parts of ``url`` and its port. A server's redirect or a proxy setting can hold anything, so an address
    without a host, or with a port that is not one, is a FetchError rather than a ValueError from deep inside."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise FetchError(f"{what} {url!r} has no usable port", permanent=True) from None
    if not parts.hostname:
        raise FetchError(f"{what} {url!r} has no host", permanent=True)
    return parts, port


def proxy_for(url: str) -> str | None:
    """The proxy for ``url``, from the same place httpx2 (and so every Hub call) finds it, or None."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


def _proxy_authorization(proxy) -> dict[str, str]:
    if proxy.username is None:
        return {}
    credentials = f"{unquote(proxy.username)}:{unquote(proxy.password or '')}".encode()
    return {"Proxy-Authorization": "Basic " + base64.b64encode(credentials).decode("ascii")}


def _origin(url: str) -> tuple:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
