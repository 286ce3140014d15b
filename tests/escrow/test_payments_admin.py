"""Payments, refunds, gateway events and the sandbox's records (its webhook
delivery log among them) in the admin: read-only, for the Finance group."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse

from escrow.models import Payment, SandboxPayment, SandboxWebhook
from tests.factories import UserFactory

from .payflow import deliver_pending, started
from .test_webhooks import pay_card

pytestmark = pytest.mark.django_db

GRANT = importlib.import_module("escrow.migrations.0006_finance_payments")


@pytest.fixture
def finance_client(client):
    GRANT.grant(apps, None)  # as the migrations made it (a transactional test may have flushed it)
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Finance"))
    client.force_login(staff)
    return client


@pytest.fixture
def paid_payment(client):
    payment, sandbox, _url = started(UserFactory())
    pay_card(sandbox, "4000000000000002")
    pay_card(sandbox)
    deliver_pending(client)
    return Payment.objects.get(pk=payment.pk)


def test_finance_reads_payments_and_the_delivery_log_but_changes_nothing(finance_client, paid_payment,
                                                                          django_assert_max_num_queries):  # fmt: skip
    pages = {
        "escrow_payment": paid_payment.pk,
        "escrow_sandboxpayment": SandboxPayment.objects.get().pk,
        "escrow_sandboxwebhook": SandboxWebhook.objects.first().pk,
        "escrow_gatewayevent": None,
        "escrow_refund": None,
    }
    for name, pk in pages.items():
        with django_assert_max_num_queries(20):
            listing = finance_client.get(reverse(f"admin:{name}_changelist"))
        assert listing.status_code == 200, name
        if pk is not None:
            detail = finance_client.get(reverse(f"admin:{name}_change", args=[pk]))
            assert detail.status_code == 200 and b'name="_save"' not in detail.content, name
        assert finance_client.get(reverse(f"admin:{name}_add")).status_code == 403
    log = finance_client.get(reverse("admin:escrow_sandboxwebhook_changelist")).content.decode()
    assert "payment.failed" in log and "payment.succeeded" in log
    detail = finance_client.get(reverse("admin:escrow_payment_change", args=[paid_payment.pk])).content.decode()
    assert paid_payment.reference in detail and paid_payment.token not in detail
    response = finance_client.post(reverse("admin:escrow_payment_delete", args=[paid_payment.pk]), {"post": "yes"})
    assert response.status_code == 403 and Payment.objects.filter(pk=paid_payment.pk).exists()


def test_other_staff_and_buyers_do_not_see_payments(client, paid_payment):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:escrow_payment_changelist")).status_code == 403
    assert client.get(reverse("admin:escrow_sandboxwebhook_changelist")).status_code == 403
    client.force_login(paid_payment.buyer)
    assert client.get(reverse("admin:escrow_payment_changelist")).status_code == 302  # to the admin login
