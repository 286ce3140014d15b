"""Emails to sellers about their application, in the seller's language."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import SellerEvent


def seller_event_email(*, event_id: int) -> bool:
    """Send the email for one status change; False if it was sent already.
    Marks the event under a row lock, sends after the commit would be too late
    to retry, so it sends first and marks after (a crash in between may send
    twice, never zero times)."""
    event = SellerEvent.objects.select_related("seller__user").get(pk=event_id)
    if event.notified_at is not None:
        return False
    seller = event.seller
    user = seller.user
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "event": event,
            "seller": seller,
            "user": user,
            "site_url": settings.CARAVAN_SITE_URL,
            "dashboard_url": settings.CARAVAN_SITE_URL.rstrip("/") + reverse("sellers:dashboard"),
        }
        subject = render_to_string("sellers/email/status_subject.txt", context).strip()
        body = render_to_string("sellers/email/status_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    with transaction.atomic():
        SellerEvent.objects.filter(pk=event.pk, notified_at__isnull=True).update(notified_at=timezone.now())
    return True
