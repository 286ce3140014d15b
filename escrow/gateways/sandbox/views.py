"""The sandbox gateway's hosted payment pages (/sandbox-pay/<token>/…): what the
buyer sees at the provider. The token in the URL is the only credential, as on
a real provider's page (it knows no Caravan accounts); the pages show the
amount and the merchant, never the buyer's orders."""

import segno
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.errors import DomainError, NotFound

from . import provider
from .models import SandboxPaymentStatus as Status

FAILED = {"card_declined", "insufficient_funds", "authentication_failed", "wallet_declined", "scheme_rejected"}


def _payment(token: str):
    try:
        return provider.hosted_payment(token)
    except NotFound:
        raise Http404 from None


def _context(payment, **extra) -> dict:
    return {"payment": payment, "merchant": settings.CARAVAN_SANDBOX_MERCHANT_NAME, **extra}


def _closed(request, payment):
    status = 200 if payment.status == Status.SUCCEEDED else 409
    return TemplateResponse(request, "escrow/sandbox/closed.html", _context(payment), status=status)


def _pay_page(request, payment, *, error: str = "", field: str = "", status: int = 200):
    last = payment.attempts.order_by("-pk").first()
    if not error and last is not None and last.outcome in FAILED and payment.status == Status.REQUIRES_PAYMENT_METHOD:
        error = provider.DECLINES.get(last.outcome, lambda: "")() or _failure_text(last.outcome)
    context = _context(payment, methods=provider.methods_for(payment.country), test_cards=provider.test_cards(),
                       error=error, error_field=field, values=request.POST)  # fmt: skip
    return TemplateResponse(request, "escrow/sandbox/pay.html", context, status=status)


def _failure_text(outcome: str) -> str:
    from django.utils.translation import gettext as _

    return {
        "authentication_failed": _("The card's 3-D Secure authentication failed."),
        "wallet_declined": _("The payment was declined in the wallet."),
        "scheme_rejected": _("The payment was not completed in your banking app."),
    }.get(outcome, _("The payment failed."))


def _next(payment):
    """Where the buyer belongs for the payment's state, or None for the pay page."""
    if payment.status == Status.REQUIRES_ACTION:
        return redirect("sandbox-pay-action", payment.token)
    if payment.status == Status.PROCESSING:
        return redirect("sandbox-pay-wait", payment.token)
    return None


def pay(request, token: str):
    payment = _payment(token)
    if payment.status in (Status.SUCCEEDED, Status.CANCELED):
        return _closed(request, payment)
    return _next(payment) or _pay_page(request, payment)


@require_POST
def card(request, token: str):
    payment = _payment(token)
    try:
        outcome = provider.card_pay(token=token, number=request.POST.get("number", ""),
                                    expiry=request.POST.get("expiry", ""), cvc=request.POST.get("cvc", ""))  # fmt: skip
    except provider.PaymentClosed:
        payment.refresh_from_db()
        return _closed(request, payment)
    except DomainError as exc:
        return _pay_page(request, payment, error=exc.message, field=exc.field or "", status=400)
    payment.refresh_from_db()
    if outcome.status == "succeeded":
        return redirect(payment.return_url)
    if outcome.status == "action":
        return redirect("sandbox-pay-action", token)
    return _pay_page(request, payment, error=outcome.message, status=402)


@require_POST
def method(request, token: str):
    payment = _payment(token)
    try:
        provider.method_choose(token=token, method=request.POST.get("method", ""))
    except provider.PaymentClosed:
        payment.refresh_from_db()
        return _closed(request, payment)
    except DomainError as exc:
        return _pay_page(request, payment, error=exc.message, field="method", status=400)
    payment.refresh_from_db()
    return _next(payment) or _pay_page(request, payment)


@require_http_methods(["GET", "POST"])
def action(request, token: str):
    """The 3-D Secure challenge (a card) or the wallet's approval (an e-wallet)."""
    payment = _payment(token)
    if payment.status != Status.REQUIRES_ACTION:
        return pay(request, token)
    if request.method == "POST":
        try:
            outcome = provider.action_complete(token=token, approve=request.POST.get("decision") == "approve")
        except DomainError:
            return pay(request, token)
        payment.refresh_from_db()
        if outcome.status == "succeeded":
            return redirect(payment.return_url)
        return _pay_page(request, payment, error=outcome.message, status=402)
    method = next((m for m in provider.methods_for(payment.country) if m["code"] == payment.method), None)
    return TemplateResponse(request, "escrow/sandbox/action.html", _context(payment, method=method))


def _qr_data_uri(payment, method) -> str:
    # What a scheme's QR would carry (a payee, an amount, a reference); here it names the sandbox.
    text = (f"SANDBOX-SIMULATION|{method['code'].upper()}|{settings.CARAVAN_SANDBOX_MERCHANT_NAME}|"
            f"{payment.amount.amount} {payment.amount.currency.code}|{payment.ref}")  # fmt: skip
    return segno.make(text, error="m").svg_data_uri(scale=5, border=2)


def wait(request, token: str):
    """Pay by QR or bank transfer, then wait: the page polls (htmx) until the
    scheme's confirmation arrives, then sends the buyer back to the merchant."""
    payment = _payment(token)
    if payment.status != Status.PROCESSING:
        if payment.status == Status.SUCCEEDED:
            return redirect(payment.return_url)
        return pay(request, token)
    method = provider.method_get(payment.country, payment.method)
    qr = _qr_data_uri(payment, method) if method["flow"] == "qr" else ""
    context = _context(payment, method=method, qr=qr, confirm_seconds=settings.CARAVAN_SANDBOX_ASYNC_CONFIRM_SECONDS)
    return TemplateResponse(request, "escrow/sandbox/wait.html", context)


def wait_status(request, token: str):
    """The waiting page's poll: still waiting (a fragment), or where to go now."""
    payment = _payment(token)
    if payment.status == Status.PROCESSING:
        return TemplateResponse(request, "escrow/sandbox/_wait_status.html", _context(payment))
    target = payment.return_url if payment.status == Status.SUCCEEDED else reverse("sandbox-pay", args=[token])
    response = TemplateResponse(request, "escrow/sandbox/_wait_status.html", _context(payment, target=target))
    response["HX-Redirect"] = target
    return response


@require_POST
def simulate(request, token: str):
    """The sandbox's own control, as real sandboxes have: make the scheme confirm
    (or reject) the waiting payment now instead of after the delay."""
    payment = _payment(token)
    provider.async_confirm(ref=payment.ref, succeed=request.POST.get("outcome") != "fail")
    return redirect("sandbox-pay-wait", token)
