"""The sandbox's webhooks delivered by a real Celery worker to a live server:
at least once, retried with backoff after a failing attempt, logged; and a
pay-by-QR payment confirmed asynchronously by the worker's countdown job."""

import http.server
import threading
import urllib.error
import urllib.request

import pytest

from escrow.gateways.sandbox import provider
from escrow.models import JournalTransaction, Payment, PaymentStatus, SandboxWebhook
from tests.factories import UserFactory
from tests.waiting import wait_for

from .payflow import started

pytestmark = pytest.mark.django_db(transaction=True)


class FlakyProxy:
    """Answers 503 to the first `failures` POSTs, then forwards to the real endpoint."""

    def __init__(self, target: str, failures: int = 1):
        self.target, self.failures, self.seen = target, failures, []
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                proxy.seen.append(self.path)
                if len(proxy.seen) <= proxy.failures:
                    status, answer = 503, b"busy"
                else:
                    headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                    forward = urllib.request.Request(proxy.target + self.path, data=body, headers=headers)
                    try:
                        with urllib.request.urlopen(forward, timeout=30) as response:
                            status, answer = response.status, response.read()
                    except urllib.error.HTTPError as exc:
                        status, answer = exc.code, exc.read()
                self.send_response(status)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def worker(request, monkeypatch):
    monkeypatch.setenv("SANDBOX_WEBHOOK_BACKOFF_SECONDS", "1")
    return request.getfixturevalue("celery_worker_process")


def test_a_failed_delivery_is_retried_by_the_worker_until_the_payment_is_captured(worker, live_server, settings):
    proxy = FlakyProxy(live_server.url, failures=1)
    settings.CARAVAN_SITE_URL = proxy.url
    try:
        payment, sandbox, _url = started(UserFactory())
        provider.card_pay(token=sandbox.token, number="4242424242424242", expiry="12/40", cvc="123")  # commits
        wait_for(lambda: Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED, "the capture")
        hook = wait_for(lambda: SandboxWebhook.objects.filter(delivered_at__isnull=False).first(), "the log")
        assert hook.attempts == 2 and hook.last_status == 200 and hook.url.startswith(proxy.url)
        assert len(proxy.seen) == 2
        assert JournalTransaction.objects.filter(reference=f"capture:payment={payment.pk}").count() == 1
    finally:
        proxy.close()


@pytest.fixture
def worker_for_live_server(request, monkeypatch, live_server):
    # The confirmation's event is made in the worker: its site URL must be the live server's.
    monkeypatch.setenv("SITE_URL", live_server.url)
    return request.getfixturevalue("celery_worker_process")


def test_a_qr_payment_is_confirmed_later_by_the_worker(worker_for_live_server, live_server, settings):
    settings.CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS = 2
    payment, sandbox, _url = started(UserFactory())
    provider.method_choose(token=sandbox.token, method="pix")  # commits: the countdown job is queued
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING
    wait_for(lambda: Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED, "the confirmation")
    assert Payment.objects.get(pk=payment.pk).method == "pix"
    assert SandboxWebhook.objects.get().attempts == 1
