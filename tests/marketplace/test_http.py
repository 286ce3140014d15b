"""marketplace.http.fetch against real local servers: the only thing faked is
DNS (socket.getaddrinfo), the edge we do not own."""

import contextlib
import shutil
import socket
import ssl
import subprocess
import time
from http.server import BaseHTTPRequestHandler

import pytest

from marketplace.http import FetchError, address_refusal, fetch
from tests.conftest import LocalHTTPServer
from tests.listings.test_import_helpers import ImageServer, image_bytes

PHOTO = image_bytes()


@pytest.fixture
def image_server():
    with ImageServer({"/photo.jpg": ("image/jpeg", PHOTO), "/page.html": ("text/html", b"<p>a page</p>")}) as server:
        yield server


class ScriptedServer(LocalHTTPServer):
    """Answers each path with a function of the handler; records (path, Host header)."""

    def __init__(self, routes):
        self.requests: list[tuple[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Host", "")))
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the fetcher hung up
                    routes[self.path](self)

            def log_message(self, *args):
                pass

        self._serve(Handler)


def redirect(location):
    def answer(handler):
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return answer


def photo(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.send_header("Content-Length", str(len(PHOTO)))
    handler.end_headers()
    handler.wfile.write(PHOTO)


def drip(handler):
    """Headers at once, then one byte every 3 s for a minute: each read is quick, the whole is not."""
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.send_header("Content-Length", "20")
    handler.end_headers()
    handler.wfile.flush()
    for _ in range(20):
        handler.wfile.write(b"x")
        handler.wfile.flush()
        time.sleep(3)


def drip_headers(handler):
    handler.wfile.write(b"HTTP/1.0 200 OK\r\n")
    for _ in range(20):
        handler.wfile.write(b"X-Slow: 1\r\n")
        handler.wfile.flush()
        time.sleep(3)


def endless(handler):
    """A body with no Content-Length that never ends (HTTP/1.0, closed by the server)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.end_headers()
    for _ in range(1000):
        handler.wfile.write(b"x" * 65536)


def fake_dns(monkeypatch, names: dict[str, list[str]]):
    """Resolve the made-up names in `names` to the given addresses; record every lookup."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        lookups.append(host)
        if host in names:
            answers = []
            for address in names[host]:
                if ":" in address:
                    answers.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
                else:
                    answers.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
            return answers
        return real(host, port, family, type, proto, flags)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def test_a_good_fetch_returns_the_body_and_type(image_server):
    result = fetch(f"{image_server.url}/photo.jpg", max_bytes=len(PHOTO), timeout=5, allow_private=True)
    assert result.body == PHOTO and result.status == 200 and result.content_type == "image/jpeg"
    assert image_server.requests == ["/photo.jpg"]


def test_a_type_outside_the_allowed_ones_is_refused(image_server):
    with pytest.raises(FetchError, match="is text/html, not one of: image/jpeg, image/png"):
        fetch(
            f"{image_server.url}/page.html",
            max_bytes=1000,
            timeout=5,
            allow_private=True,
            allowed_content_types=["image/png", "image/jpeg"],
        )


def test_the_size_cap_refuses_a_declared_length_and_stops_reading_an_undeclared_one(image_server):
    with pytest.raises(FetchError, match="too large") as refused:
        fetch(f"{image_server.url}/photo.jpg", max_bytes=len(PHOTO) - 1, timeout=5, allow_private=True)
    assert f"{len(PHOTO)} bytes" in refused.value.message  # refused on Content-Length, before the body
    with ScriptedServer({"/endless": endless}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match="too large; the limit is 100000 bytes"):
            fetch(f"{server.url}/endless", max_bytes=100_000, timeout=10, allow_private=True)
        assert time.monotonic() - started < 5


@pytest.mark.parametrize("route", [drip, drip_headers], ids=["slow body", "slow headers"])
def test_a_slow_drip_server_is_cut_at_the_total_deadline(route):
    with ScriptedServer({"/slow": route}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"no complete answer in time \(the limit is 2 s\)"):
            fetch(f"{server.url}/slow", max_bytes=1000, timeout=2, allow_private=True)
        elapsed = time.monotonic() - started
    assert 1.5 < elapsed < 4


def test_redirects_are_followed_a_few_times_and_no_more(image_server):
    with ScriptedServer({"/moved": redirect(f"{image_server.url}/photo.jpg"), "/loop": redirect("/loop")}) as server:
        result = fetch(f"{server.url}/moved", max_bytes=len(PHOTO), timeout=5, allow_private=True)
        assert result.body == PHOTO and result.url == f"{image_server.url}/photo.jpg"
        with pytest.raises(FetchError, match="redirects too many times"):
            fetch(f"{server.url}/loop", max_bytes=1000, timeout=5, allow_private=True, max_redirects=3)
        assert [path for path, _host in server.requests].count("/loop") == 4  # the first GET and 3 redirects


def test_a_redirect_to_a_refused_address_is_not_followed(monkeypatch):
    lookups = fake_dns(monkeypatch, {"metadata.example": ["169.254.169.254"]})
    with ScriptedServer(
        {
            "/to-metadata": redirect("http://169.254.169.254/latest/meta-data/"),
            "/to-name": redirect("http://metadata.example/latest/meta-data/"),
            "/to-file": redirect("file:///etc/passwd"),
        }
    ) as server:
        # Private addresses are allowed here (the server is on 127.0.0.1); metadata never is.
        with pytest.raises(FetchError, match=r"169\.254\.169\.254, a cloud metadata address"):
            fetch(f"{server.url}/to-metadata", max_bytes=1000, timeout=5, allow_private=True)
        with pytest.raises(FetchError, match=r"metadata\.example resolves to 169\.254\.169\.254"):
            fetch(f"{server.url}/to-name", max_bytes=1000, timeout=5, allow_private=True)
        with pytest.raises(FetchError, match="is not an http"):
            fetch(f"{server.url}/to-file", max_bytes=1000, timeout=5, allow_private=True)
    assert "metadata.example" in lookups


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("10.0.0.1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("169.254.10.1", "a link-local address"),
        ("fd00:ec2::254", "a cloud metadata address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("::1", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.1", "a multicast address"),
        ("240.0.0.1", "a reserved address"),
        ("100.64.0.1", "an address that is not on the public internet"),
    ],
)
def test_a_host_resolving_to_a_refused_address_is_refused_with_the_reason(monkeypatch, address, reason):
    fake_dns(monkeypatch, {"shop.example": ["93.184.216.34", address]})
    with pytest.raises(FetchError, match="is not a public address") as refused:
        fetch("http://shop.example/a.jpg", max_bytes=1000, timeout=5)
    assert f"resolves to {address}, {reason}" in refused.value.message
    assert refused.value.status_code == 400


def test_metadata_multicast_and_unspecified_stay_refused_when_private_is_allowed():
    for address in ("169.254.169.254", "fd00:ec2::254", "0.0.0.0", "224.0.0.1"):
        assert address_refusal(address, allow_private=True)
    for address in ("10.0.0.1", "127.0.0.1", "::1"):
        assert address_refusal(address, allow_private=True) is None
    assert address_refusal("93.184.216.34") is None


def test_the_connection_goes_to_the_checked_address_with_the_original_host(monkeypatch):
    with ScriptedServer({"/photo.jpg": photo}) as server:
        port = server.httpd.server_port
        lookups = fake_dns(monkeypatch, {"shop.invalid": ["127.0.0.1"]})
        result = fetch(f"http://shop.invalid:{port}/photo.jpg", max_bytes=len(PHOTO), timeout=5, allow_private=True)
    assert result.body == PHOTO
    assert server.requests == [("/photo.jpg", f"shop.invalid:{port}")]
    assert lookups.count("shop.invalid") == 1  # resolved once, by the check; the client did not ask again


def test_only_http_and_https_are_fetched():
    for url in ("file:///etc/passwd", "ftp://example.com/a.jpg", "gopher://127.0.0.1:6379/_INFO", "http:///nohost"):
        with pytest.raises(FetchError, match="is not an http"):
            fetch(url, max_bytes=1000, timeout=5, allow_private=True)


def test_a_server_that_is_gone_is_a_clear_error(image_server):
    url = image_server.url
    image_server.__exit__(None, None, None)
    with pytest.raises(FetchError, match="could not be fetched"):
        fetch(f"{url}/photo.jpg", max_bytes=1000, timeout=5, allow_private=True)


# --- HTTPS: the pinned connection still verifies the original host name -----------------------


@pytest.fixture
def tls_files(tmp_path):
    """A throw-away CA and a certificate for shop.invalid, made with the openssl tool."""
    if not shutil.which("openssl"):
        pytest.skip("the openssl command is not installed")

    def run(*args):
        subprocess.run(["openssl", *args], cwd=tmp_path, check=True, capture_output=True, timeout=60)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Caravan test CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")  # fmt: skip
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=shop.invalid")
    (tmp_path / "leaf.ext").write_text(
        "subjectAltName=DNS:shop.invalid\nbasicConstraints=CA:FALSE\n"
        "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n"
    )
    run("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "leaf.pem", "-days", "2", "-extfile", "leaf.ext")  # fmt: skip
    return tmp_path


def test_https_connects_to_the_checked_address_and_verifies_the_original_name(tls_files, monkeypatch):
    server_names: list[str] = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_files / "leaf.pem", tls_files / "leaf.key")
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files / "ca.pem"))  # trust the test CA only
    with ScriptedServer({"/photo.jpg": photo}) as server:
        server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
        port = server.httpd.server_port
        fake_dns(monkeypatch, {"shop.invalid": ["127.0.0.1"], "other.invalid": ["127.0.0.1"]})
        result = fetch(f"https://shop.invalid:{port}/photo.jpg", max_bytes=len(PHOTO), timeout=5, allow_private=True)
        assert result.body == PHOTO
        assert server.requests == [("/photo.jpg", f"shop.invalid:{port}")] and server_names[0] == "shop.invalid"
        # The same server under a name its certificate does not hold: refused, nothing asked.
        with pytest.raises(FetchError, match=r"certificate is not valid for other\.invalid"):
            fetch(f"https://other.invalid:{port}/photo.jpg", max_bytes=len(PHOTO), timeout=5, allow_private=True)
        assert len(server.requests) == 1


def test_a_slow_resolver_is_cut_at_the_total_deadline(monkeypatch):
    def slow_getaddrinfo(*args, **kwargs):
        time.sleep(10)
        raise socket.gaierror("too late")

    monkeypatch.setattr(socket, "getaddrinfo", slow_getaddrinfo)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no complete answer in time \(the limit is 1 s\)"):
        fetch("http://slow-dns.example/a.jpg", max_bytes=1000, timeout=1)
    assert time.monotonic() - started < 3
