"""The platform's pay link: /pay/<token>/ starts the payment at its gateway and
sends the buyer to the gateway's hosted page (the sandbox's pages are in
escrow/gateways/sandbox/views.py)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from marketplace.errors import ConflictError

from .gateways.base import GatewayError, GatewayRefused
from .models import Payment
from .payments import payment_start


@login_required
def payment_pay(request, token: str):
    payment = Payment.objects.filter(token=token, buyer=request.user).first()
    if payment is None:  # another buyer's link, or none: the same answer
        raise Http404
    try:
        return redirect(payment_start(payment_id=payment.pk))
    except ConflictError:
        return TemplateResponse(request, "escrow/payment_closed.html", {"payment": payment}, status=409)
    except (GatewayError, GatewayRefused) as exc:  # a real provider can be down or say no: not a 500
        refused = isinstance(exc, GatewayRefused)
        context = {"payment": payment, "refused": refused}
        return TemplateResponse(request, "escrow/payment_unavailable.html", context, status=502 if refused else 503)
