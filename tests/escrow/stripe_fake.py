"""A local fake of Stripe's HTTP API for the Stripe adapter's tests: a threaded
http.server on 127.0.0.1 speaking the subset the adapter uses, with Stripe's
request shapes (form-encoded, nested `a[b][0][c]` keys), response objects,
error format and idempotency (a repeated Idempotency-Key returns the first
answer; the same key with other parameters is an idempotency_error).

It checks `Authorization: Bearer <key>` on every request and refuses a POST
without an Idempotency-Key (the adapter must always send one). The buyer's side
of Checkout (paying on Stripe's page) is `pay` / `decline`, which return the
events Stripe would send, for the test to sign and deliver."""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlsplit

from tests.conftest import LocalHTTPServer

SECRET_KEY = "sk_test_caravan_fake"
WEBHOOK_SECRET = "whsec_caravan_fake_stripe"
THREE_DECIMAL = {"bhd", "jod", "kwd", "omr", "tnd"}


def public(value):
    """A snapshot of a response object as Stripe shows it (the fake's own "_" fields left out)."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


def error(status: int, type_: str, message: str, *, code: str = "", param: str = "", **extra) -> tuple[int, dict]:
    body = {"type": type_, "message": message}
    if code:
        body["code"] = code
    if param:
        body["param"] = param
    body.update(extra)
    return status, {"error": body}


class FakeStripe(LocalHTTPServer):
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.idempotent: dict[str, tuple[tuple, int, dict]] = {}
        self.requests: list[dict] = []  # every request: method, path, form, headers
        self.fail_next: list[tuple[int, dict]] = []  # canned answers for the next requests, in order
        self.hold = threading.Event()  # while `holding`, requests wait for it (a timeout test)
        self.holding = False
        self._created = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server._handle(self, "GET")

            def do_POST(self):
                server._handle(self, "POST")

            def log_message(self, *args):
                pass

        self._serve(Handler)

    # --- the HTTP side ----------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        form = dict(parse_qsl(raw if method == "POST" else parts.query, keep_blank_values=True))
        key = handler.headers.get("Idempotency-Key")
        with self.lock:
            self.requests.append({"method": method, "path": parts.path, "form": form, "headers": dict(handler.headers)})
        if self.holding:
            self.hold.wait(10)
        status, body = self._answer(handler, method, parts.path, form, key)
        payload = json.dumps(body).encode()  # already a snapshot (public)
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        handler.send_header("Request-Id", f"req_{secrets.token_hex(7)}")
        if key:
            handler.send_header("Idempotency-Key", key)
        handler.end_headers()
        handler.wfile.write(payload)

    def _answer(self, handler, method: str, path: str, form: dict, key: str | None) -> tuple[int, dict]:
        if handler.headers.get("Authorization") != f"Bearer {SECRET_KEY}":
            return error(401, "invalid_request_error", "Invalid API Key provided: sk_test_****", code="api_key_invalid")
        with self.lock:
            if self.fail_next:
                return self.fail_next.pop(0)
            if method == "GET":
                status, body = self._route(method, path, form)
                return status, public(body)
            if not key:
                return error(400, "invalid_request_error", "The adapter must send an Idempotency-Key.")
            fingerprint = (method, path, tuple(sorted(form.items())))
            if key in self.idempotent:
                first_fingerprint, status, body = self.idempotent[key]
                if first_fingerprint != fingerprint:
                    return error(
                        400, "idempotency_error",
                        "Keys for idempotent requests can only be used with the same parameters they were first "
                        f"used with. Try using a key other than '{key}' if you meant to execute a different request.",
                    )  # fmt: skip
                return status, body
            status, body = self._route(method, path, form)
            body = public(body)
            if status < 500:
                self.idempotent[key] = (fingerprint, status, body)
            return status, body

    def _route(self, method: str, path: str, form: dict) -> tuple[int, dict]:
        segments = path.strip("/").split("/")
        if segments[:3] == ["v1", "checkout", "sessions"]:
            if len(segments) == 3:
                return self._session_create(form) if method == "POST" else self._session_list(form)
            session = self.sessions.get(segments[3])
            if session is None:
                return self._missing("checkout.session", segments[3])
            if len(segments) == 4 and method == "GET":
                return 200, session
            if segments[4:] == ["expire"] and method == "POST":
                if session["status"] != "open":
                    return error(400, "invalid_request_error",
                                 f"Only Checkout Sessions with a status in [\"open\"] can be expired. This Checkout "
                                 f"Session has a status of \"{session['status']}\".")  # fmt: skip
                session.update(status="expired", url=None)
                return 200, session
        if segments[:2] == ["v1", "payment_intents"] and len(segments) >= 3:
            intent = self.intents.get(segments[2])
            if intent is None:
                return self._missing("payment_intent", segments[2])
            if len(segments) == 3 and method == "GET":
                return 200, intent
            if segments[3:] == ["capture"] and method == "POST":
                if intent["status"] != "requires_capture":
                    return error(400, "invalid_request_error",
                                 f"This PaymentIntent could not be captured because it has a status of "
                                 f"{intent['status']}. Only a PaymentIntent with one of the following statuses may "
                                 "be captured: requires_capture.", code="payment_intent_unexpected_state")  # fmt: skip
                amount = int(form.get("amount_to_capture", intent["amount"]))
                intent.update(status="succeeded", amount_received=amount, amount_capturable=0)
                return 200, intent
            if segments[3:] == ["cancel"] and method == "POST":
                if intent["status"] == "succeeded":
                    return error(400, "invalid_request_error", "You cannot cancel this PaymentIntent because it "
                                 "has a status of succeeded.", code="payment_intent_unexpected_state")  # fmt: skip
                intent["status"] = "canceled"
                return 200, intent
        if path == "/v1/refunds" and method == "POST":
            return self._refund_create(form)
        return error(404, "invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _missing(self, kind: str, ident: str) -> tuple[int, dict]:
        return error(404, "invalid_request_error", f"No such {kind}: '{ident}'", code="resource_missing", param="id")

    def _session_create(self, form: dict) -> tuple[int, dict]:
        for field in ("mode", "success_url", "line_items[0][price_data][currency]",
                      "line_items[0][price_data][unit_amount]"):  # fmt: skip
            if not form.get(field):
                return error(400, "invalid_request_error", f"Missing required param: {field}.",
                             code="parameter_missing", param=field)  # fmt: skip
        if not form["success_url"].startswith(("http://", "https://")):
            return error(400, "invalid_request_error", "Not a valid URL", code="url_invalid", param="success_url")
        currency = form["line_items[0][price_data][currency]"]
        unit = form["line_items[0][price_data][unit_amount]"]
        if not unit.isdigit():
            return error(400, "invalid_request_error", "Invalid integer: " + unit, code="parameter_invalid_integer",
                         param="line_items[0][price_data][unit_amount]")  # fmt: skip
        if currency in THREE_DECIMAL and int(unit) % 10:
            return error(400, "invalid_request_error", "The amount must end in 0 for this currency.",
                         code="invalid_amount", param="line_items[0][price_data][unit_amount]")  # fmt: skip
        self._created += 1
        ident = f"cs_test_{secrets.token_hex(12)}"
        metadata = {k[len("metadata[") : -1]: v for k, v in form.items() if k.startswith("metadata[")}
        session = {
            "id": ident, "object": "checkout.session", "mode": form["mode"], "status": "open",
            "payment_status": "unpaid", "url": f"https://checkout.stripe.com/c/pay/{ident}",
            "amount_total": int(unit) * int(form.get("line_items[0][quantity]", "1")), "currency": currency,
            "client_reference_id": form.get("client_reference_id"), "metadata": metadata,
            "locale": form.get("locale"), "payment_intent": None, "payment_method_types": ["card"],
            "success_url": form["success_url"], "cancel_url": form.get("cancel_url"), "livemode": False,
            "created": int(time.time()), "_form": form,
        }  # fmt: skip
        self.sessions[ident] = session
        return 200, session

    def _session_list(self, form: dict) -> tuple[int, dict]:
        found = [s for s in self.sessions.values() if s["payment_intent"] == form.get("payment_intent")]
        return 200, {"object": "list", "data": found[: int(form.get("limit", 10))], "has_more": False,
                     "url": "/v1/checkout/sessions"}  # fmt: skip

    def _refund_create(self, form: dict) -> tuple[int, dict]:
        intent = self.intents.get(form.get("payment_intent", ""))
        if intent is None:
            return self._missing("payment_intent", form.get("payment_intent", ""))
        amount = int(form.get("amount", intent["amount_received"]))
        left = intent["amount_received"] - intent["_refunded"]
        if intent["status"] != "succeeded" or amount > left:
            return error(400, "invalid_request_error", f"Refund amount ({amount}) is greater than unrefunded amount "
                         f"on charge ({left})", code="amount_too_large", param="amount")  # fmt: skip
        intent["_refunded"] += amount
        metadata = {k[len("metadata[") : -1]: v for k, v in form.items() if k.startswith("metadata[")}
        ident = f"re_{secrets.token_hex(12)}"
        refund = {"id": ident, "object": "refund", "amount": amount, "currency": intent["currency"],
                  "payment_intent": intent["id"], "charge": intent["latest_charge"], "status": "succeeded",
                  "metadata": metadata, "reason": None, "created": int(time.time())}  # fmt: skip
        self.refunds[ident] = refund
        return 200, refund

    # --- the buyer's side and the events Stripe sends ------------------------------------------

    def pay(self, session_id: str, *, capture_method: str = "automatic") -> list[dict]:
        """The buyer pays on the Checkout page: the session completes, its intent
        succeeds (or waits for capture); the events Stripe sends, in order."""
        with self.lock:
            session = self.sessions[session_id]
            intent = self._intent_for(session)
            if capture_method == "manual":
                intent.update(status="requires_capture", amount_capturable=intent["amount"])
                session.update(status="complete", payment_status="unpaid")
                return [self.event("payment_intent.amount_capturable_updated", intent),
                        self.event("checkout.session.completed", session)]  # fmt: skip
            intent.update(status="succeeded", amount_received=intent["amount"])
            session.update(status="complete", payment_status="paid")
            return [self.event("payment_intent.succeeded", intent), self.event("checkout.session.completed", session)]

    def decline(self, session_id: str) -> list[dict]:
        """A card declined on the Checkout page (the session stays open; another card may pay)."""
        with self.lock:
            session = self.sessions[session_id]
            intent = self._intent_for(session)
            intent.update(status="requires_payment_method", last_payment_error={
                "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
                "message": "Your card was declined.", "payment_method": {"id": "pm_x", "type": "card"},
            })  # fmt: skip
            return [self.event("payment_intent.payment_failed", intent)]

    def refund_events(self, refund_id: str) -> list[dict]:
        with self.lock:
            refund = self.refunds[refund_id]
            intent = self.intents[refund["payment_intent"]]
            charge = {"id": intent["latest_charge"], "object": "charge", "amount": intent["amount"],
                      "amount_refunded": intent["_refunded"], "currency": intent["currency"], "refunded": True,
                      "payment_intent": intent["id"], "refunds": {"object": "list", "data": [refund]}}  # fmt: skip
            return [self.event("charge.refunded", charge), self.event("refund.created", refund)]

    def _intent_for(self, session: dict) -> dict:
        if session["payment_intent"] is None:
            ident = f"pi_{secrets.token_hex(12)}"
            form = session["_form"]
            metadata = {k[len("payment_intent_data[metadata][") : -1]: v for k, v in form.items()
                        if k.startswith("payment_intent_data[metadata][")}  # fmt: skip
            self.intents[ident] = {
                "id": ident, "object": "payment_intent", "amount": session["amount_total"], "amount_received": 0,
                "amount_capturable": 0, "currency": session["currency"], "status": "requires_payment_method",
                "capture_method": form.get("payment_intent_data[capture_method]", "automatic"),
                "metadata": metadata, "payment_method_types": ["card"], "latest_charge": f"ch_{secrets.token_hex(12)}",
                "last_payment_error": None, "_refunded": 0,
            }  # fmt: skip
            session["payment_intent"] = ident
        return self.intents[session["payment_intent"]]

    @staticmethod
    def event(kind: str, obj: dict) -> dict:
        return {"id": f"evt_{secrets.token_hex(12)}", "object": "event", "api_version": "2024-06-20",
                "created": int(time.time()), "type": kind, "livemode": False, "pending_webhooks": 1,
                "data": {"object": public(obj)}}  # fmt: skip

    def posts(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == path]
