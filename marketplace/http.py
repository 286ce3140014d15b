"""The one way Caravan fetches a URL someone else gave it (feed image URLs today).

A URL typed by a seller can point anywhere, including at our own network: the
database, Redis, or a cloud provider's metadata service that hands out
credentials. So `fetch` resolves the host itself, refuses addresses that are not
on the public internet, and then connects to exactly the address it checked:
the HTTP client never resolves the name a second time (a DNS answer that
changes between the check and the connection cannot slip through). Every
redirect target is checked the same way, the body is capped, and the whole
fetch, not just each read, has one deadline.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from django.utils.translation import gettext as _

from .errors import DomainError

DEFAULT_MAX_REDIRECTS = 3
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 65536
URL_SAFE = "!#$%&'()*+,/:;=?@[]~"
USER_AGENT = "Caravan/1 (+image fetcher)"

# Cloud instance-metadata endpoints: they answer with credentials, so they are
# refused even when private addresses are allowed (a test server, a dev box).
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.170.23",  # AWS EKS pod identity
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
        "fd00:ec2::23",  # AWS EKS pod identity over IPv6
    )
)


class FetchError(DomainError):
    """The URL could not be fetched; the message names the URL and what to change."""

    code = "fetch_failed"


@dataclass(frozen=True)
class FetchResult:
    url: str  # the URL that answered, after redirects
    status: int
    content_type: str  # the media type the server declared, lower case, without parameters
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def address_refusal(address: str, *, allow_private: bool = False) -> str | None:
    """Why a connection to `address` is refused, or None if it may be used."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if ip in METADATA_ADDRESSES:
        return _("a cloud metadata address")
    if ip.is_unspecified:
        return _("an unspecified address")
    if ip.is_multicast:
        return _("a multicast address")
    if allow_private:
        return None
    if ip.is_loopback:
        return _("a loopback address")
    if ip.is_link_local:
        return _("a link-local address")
    if ip.is_reserved:
        return _("a reserved address")
    if ip.is_private:
        return _("a private address")
    if not ip.is_global:
        return _("an address that is not on the public internet")
    return None


class _ResolveTimeout(Exception):
    pass


def _getaddrinfo(host: str, port: int, seconds: float) -> list[tuple]:
    """socket.getaddrinfo within `seconds`: it has no timeout of its own (the
    resolver's retries can take far longer), so it runs in a daemon thread that
    is left to finish on its own if it is too slow."""
    outcome: dict = {}

    def resolve():
        try:
            outcome["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        except Exception as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=resolve, name="caravan-fetch-dns", daemon=True)
    thread.start()
    thread.join(max(seconds, 0))
    if thread.is_alive():
        raise _ResolveTimeout
    if "error" in outcome:
        raise outcome["error"]
    return outcome["infos"]


def _resolve(
    url: str, host: str, port: int, *, allow_private: bool, field_name: str | None, seconds: float
) -> list[tuple]:
    """The addresses to try for host:port, after checking every one of them:
    one refused address refuses the host (a name that also points inside is
    not a public host)."""
    try:
        infos = _getaddrinfo(host, port, seconds)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(
            _("%(url)s could not be fetched: the host name %(host)s does not resolve.") % {"url": url, "host": host},
            field=field_name,
        ) from None
    if not infos:
        raise FetchError(
            _("%(url)s could not be fetched: the host name %(host)s has no address.") % {"url": url, "host": host},
            field=field_name,
        )
    for info in infos:
        address = info[4][0]
        reason = address_refusal(address, allow_private=allow_private)
        if reason:
            raise FetchError(
                _("%(url)s is not a public address: %(host)s resolves to %(address)s, %(reason)s. Use a public URL.")
                % {"url": url, "host": host, "address": address, "reason": reason},
                field=field_name,
            )
    return infos


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to one already-checked socket address that still
    speaks to the original host name (Host header, TLS SNI and certificate)."""

    def __init__(self, host: str, port: int, *, scheme: str, infos: list[tuple], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.default_port = 443 if scheme == "https" else 80  # no ":443" in the Host header
        self.scheme = scheme
        self.infos = infos

    def connect(self) -> None:
        error: OSError | None = None
        for family, type_, proto, _canonname, sockaddr in self.infos:
            sock = socket.socket(family, type_, proto)
            try:
                sock.settimeout(self.timeout)
                sock.connect(sockaddr)
                break
            except OSError as exc:
                sock.close()
                error = exc
        else:
            raise error or OSError("no address to connect to")
        if self.scheme == "https":
            context = ssl.create_default_context()
            sock = context.wrap_socket(sock, server_hostname=self.host, do_handshake_on_connect=False)
            self.sock = sock  # before the handshake, so the deadline can cut a slow one
            sock.do_handshake()
        self.sock = sock


class _Deadline:
    """Cuts the connection when the whole fetch has taken too long: a socket
    timeout only bounds one read, and a server sending a byte every few seconds
    never trips it."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds
        self.expired = False
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def guard(self, connection: _PinnedConnection) -> None:
        def cut():
            self.expired = True
            sock = connection.sock
            if sock is not None:
                # The plain socket's shutdown, even on a TLS socket: it wakes a
                # blocked read in the fetching thread without touching TLS state.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)

        self.cancel()
        self._timer = threading.Timer(max(self.remaining(), 0), cut)
        self._timer.daemon = True
        self._timer.start()

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    allowed_content_types: tuple[str, ...] | list[str] | set[str] | None = None,
    allow_private: bool = False,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    field: str | None = None,
) -> FetchResult:
    """GET `url` and return its body (at most `max_bytes`), within `timeout`
    seconds in all, following at most `max_redirects` redirects. Raises
    FetchError (a DomainError on `field`) with a message a seller can act on.

    `allow_private` lets loopback and private addresses through (a local test
    server, a development machine); metadata, multicast and unspecified
    addresses are refused always."""
    shown = url[:120]
    deadline = _Deadline(timeout)
    allowed = {t.lower() for t in allowed_content_types} if allowed_content_types is not None else None
    for _hop in range(max_redirects + 1):
        shown = url[:120]
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            port = None
        if scheme not in ("http", "https") or not parts.hostname or port is None:
            raise FetchError(_("%(url)s is not an http(s) URL.") % {"url": shown}, field=field)
        try:
            host = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(_("%(url)s has a host name that is not valid.") % {"url": shown}, field=field) from None
        try:
            infos = _resolve(
                shown, host, port, allow_private=allow_private, field_name=field, seconds=deadline.remaining()
            )
        except _ResolveTimeout:
            break
        if deadline.remaining() <= 0:
            break
        connection = _PinnedConnection(host, port, scheme=scheme, infos=infos, timeout=deadline.remaining())
        deadline.guard(connection)
        try:
            # Percent-encode what a feed writes raw (spaces, Chinese file names), as browsers do.
            target = quote((parts.path or "/") + (f"?{parts.query}" if parts.query else ""), safe=URL_SAFE)
            connection.request("GET", target, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = urljoin(url, location.strip())
                continue
            if response.status != 200:
                raise FetchError(
                    _("%(url)s could not be fetched (HTTP %(status)s).") % {"url": shown, "status": response.status},
                    field=field,
                )
            content_type = (response.getheader("Content-Type") or "").split(";", 1)[0].strip().lower()
            if allowed is not None and content_type not in allowed:
                raise FetchError(
                    _("%(url)s is %(type)s, not one of: %(allowed)s.")
                    % {
                        "url": shown,
                        "type": content_type or _("of no declared type"),
                        "allowed": ", ".join(sorted(allowed)),
                    },
                    field=field,
                )
            declared = response.getheader("Content-Length")
            if declared and declared.strip().isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    _("%(url)s is too large (%(size)s bytes); the limit is %(limit)s bytes.")
                    % {"url": shown, "size": int(declared), "limit": max_bytes},
                    field=field,
                )
            body = bytearray()
            while True:
                chunk = response.read1(CHUNK)
                if not chunk:
                    break
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(
                        _("%(url)s is too large; the limit is %(limit)s bytes.") % {"url": shown, "limit": max_bytes},
                        field=field,
                    )
            if deadline.expired:  # the cut looked like the end of a body without a length
                break
            return FetchResult(
                url=url,
                status=response.status,
                content_type=content_type,
                body=bytes(body),
                headers={key.lower(): value for key, value in response.getheaders()},
            )
        except FetchError:
            raise
        except ssl.SSLCertVerificationError:
            raise FetchError(
                _("%(url)s could not be fetched: its HTTPS certificate is not valid for %(host)s.")
                % {"url": shown, "host": host},
                field=field,
            ) from None
        except (OSError, http.client.HTTPException, ValueError):
            if deadline.expired or deadline.remaining() <= 0:
                break
            raise FetchError(
                _("%(url)s could not be fetched (no answer, or the download broke off).") % {"url": shown}, field=field
            ) from None
        finally:
            deadline.cancel()
            connection.close()
    else:
        raise FetchError(
            _("%(url)s redirects too many times (more than %(n)s).") % {"url": shown, "n": max_redirects}, field=field
        )
    raise FetchError(
        _("%(url)s could not be fetched: no complete answer in time (the limit is %(seconds)s s).")
        % {"url": shown, "seconds": f"{timeout:g}"},
        field=field,
    )
