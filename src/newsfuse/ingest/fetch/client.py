"""Fetching one URL safely: public addresses only, checked on every connection.

Each hop (the URL, then every redirect) is resolved here, every address it resolves to is
checked (``addresses.refusal``), and the connection goes to the checked address itself,
with the host name kept for the ``Host`` header and TLS (``sni_hostname``), so a DNS answer
that changes between check and connection cannot lead anywhere else. Redirects are
followed by hand, at most ``max_redirects``; the body is read as a stream and cut at
``max_bytes`` after decompression (a gzip bomb stops there), within one deadline for the
whole fetch; only the content types the caller accepts are kept.

The HTTP transport and the resolver are passed in (``httpx.MockTransport`` and a dict in
tests), so nothing here needs the network to be tested.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsfuse.errors import FetchError, RefusedURLError
from newsfuse.ingest.fetch.addresses import Address, literal_address, refusal
from newsfuse.settings import FetchSettings

if TYPE_CHECKING:
    import httpx

Resolver = Callable[[str, int], Sequence[str]]
"""A host name and port -> the addresses it resolves to."""

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "text/html",  # feeds that servers label wrongly: the parser decides
    "text/plain",
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one fetch brought back."""

    url: str
    """The URL asked for."""
    final_url: str
    """Where the redirects led."""
    status: int
    content_type: str
    body: bytes
    fetched_at: datetime
    headers: Mapping[str, str] = field(default_factory=dict)


def resolve_host(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives ``host`` (every one of them is checked)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OSError(f"cannot resolve {host}: {error}") from error
    return list(dict.fromkeys(str(info[4][0]) for info in found))


class Fetcher:
    """Fetches URLs under ``settings`` (timeout, size and redirect limits, the user agent,
    the private hosts allowed); ``transport`` and ``resolve`` replace the network in tests."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolve: Resolver = resolve_host,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.settings = settings or FetchSettings()
        self._transport = transport
        self._resolve = resolve
        self._clock = clock
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    def fetch(
        self, url: str, *, accept: Sequence[str] = PAGE_TYPES, headers: Mapping[str, str] | None = None
    ) -> Fetched:
        """The body of ``url`` (following redirects), or ``FetchError`` naming the URL and
        why; ``RefusedURLError`` for a URL newsfuse will not fetch. A 304 answer to
        conditional ``headers`` comes back with an empty body."""
        import httpx

        deadline = time.monotonic() + self.settings.timeout_seconds
        current = url
        for _ in range(self.settings.max_redirects + 1):
            target, host = self._checked(url, current)
            request_headers = {
                "Host": _host_header(target),
                "User-Agent": self.settings.user_agent,
                "Accept": ", ".join(accept) + ", */*;q=0.1",
                **(headers or {}),
            }
            connect_to = target.copy_with(host=host)
            try:
                with self._http().stream(
                    "GET",
                    connect_to,
                    headers=request_headers,
                    extensions={"sni_hostname": target.host},
                    timeout=max(0.1, deadline - time.monotonic()),
                ) as response:
                    if response.status_code in _REDIRECTS and "location" in response.headers:
                        current = str(target.join(response.headers["location"]))
                        continue
                    return self._read(url, str(target), response, accept, deadline)
            except httpx.TimeoutException as error:
                raise FetchError(url, f"no answer within {self.settings.timeout_seconds:g} s") from error
            except httpx.HTTPError as error:
                raise FetchError(url, f"the fetch failed ({type(error).__name__}: {error})") from error
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _http(self) -> httpx.Client:
        """One client, made on first use and shared by every thread (httpx's is thread-safe)."""
        import httpx

        with self._client_lock:
            if self._client is None:
                self._client = httpx.Client(
                    transport=self._transport, follow_redirects=False, trust_env=False
                )
            return self._client

    def _checked(self, url: str, current: str) -> tuple[httpx.URL, str]:
        """``current`` parsed, and the checked address to connect to for it."""
        import httpx

        try:
            target = httpx.URL(current)
        except httpx.InvalidURL as error:
            raise RefusedURLError(url, f"not a valid URL ({error})") from error
        where = "" if current == url else f" (redirected to {current})"
        if target.scheme not in ("http", "https"):
            raise RefusedURLError(url, f"only http and https URLs are fetched{where}")
        if not target.host:
            raise RefusedURLError(url, f"the URL names no host{where}")
        host = target.host.lower()
        allowed = host in self.settings.private_hosts
        literal = literal_address(host)
        if literal is not None:
            addresses: list[Address] = [literal]
        else:
            try:
                addresses = [_address(a) for a in self._resolve(host, target.port or _port(target.scheme))]
            except (OSError, ValueError) as error:
                raise FetchError(url, f"{error}{where}") from error
            if not addresses:
                raise FetchError(url, f"{host} resolves to no address{where}")
        for address in addresses:
            reason = refusal(address)
            if reason is not None and not allowed and str(address) not in self.settings.private_hosts:
                shown = f"{host} is" if literal is not None else f"{host} resolves to {address}, which is"
                raise RefusedURLError(url, f"{shown} {reason}; not fetched{where}")
        return target, str(addresses[0])

    def _read(
        self, url: str, final_url: str, response: httpx.Response, accept: Sequence[str], deadline: float
    ) -> Fetched:
        headers = {k.lower(): v for k, v in response.headers.items()}
        if response.status_code == 304:
            return Fetched(url, final_url, 304, "", b"", self._clock(), headers)
        if not 200 <= response.status_code < 300:
            raise FetchError(url, f"the server answered HTTP {response.status_code}")
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type and content_type not in accept:
            raise FetchError(url, f"not a page newsfuse reads (content type {content_type})")
        limit = self.settings.max_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"larger than {limit:,} bytes ({int(declared):,} declared)")
        body = bytearray()
        for chunk in response.iter_bytes():  # decompressed: a bomb is counted as it opens
            body += chunk
            if len(body) > limit:
                raise FetchError(url, f"larger than {limit:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(url, f"not read within {self.settings.timeout_seconds:g} s")
        return Fetched(
            url, final_url, response.status_code, content_type, bytes(body), self._clock(), headers
        )


def _address(text: str) -> Address:
    import ipaddress

    return ipaddress.ip_address(text.split("%")[0])  # a scope ("fe80::1%eth0") is no part of it


def _port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _host_header(url: httpx.URL) -> str:
    host = url.host if ":" not in url.host else f"[{url.host}]"
    return host if url.port in (None, _port(url.scheme)) else f"{host}:{url.port}"
