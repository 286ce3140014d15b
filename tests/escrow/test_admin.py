"""The books in the admin: read-only, for the Finance group."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from moneyed import Money

from escrow.ledger import AccountRef, Entry, ledger_post
from escrow.models import AccountKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FINANCE = importlib.import_module("escrow.migrations.0003_finance_group")


@pytest.fixture
def finance_client(client):
    FINANCE.create_group(apps, None)  # as the migration made it (a transactional test may have flushed it)
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get(name="Finance"))
    client.force_login(staff)
    return client


def post_capture():
    ledger_post(reference="capture:order=17", kind="capture", entries=[
        Entry(AccountRef(AccountKind.GATEWAY_CLEARING, "EUR"), Money("49.90", "EUR")),
        Entry(AccountRef(AccountKind.ESCROW, "EUR", order_id=17), Money("-49.90", "EUR")),
    ])  # fmt: skip


def test_finance_staff_read_balances_and_the_trial_balance_but_change_nothing(finance_client):
    post_capture()
    accounts = finance_client.get(reverse("admin:escrow_account_changelist"))
    assert accounts.status_code == 200
    html = accounts.content.decode()
    assert "escrow:EUR:order=17" in html and "-49.9000" in html and "Trial balance" in html
    trial = finance_client.get(reverse("admin:escrow_trial_balance"))
    assert trial.status_code == 200 and "balanced" in trial.content.decode() and "EUR" in trial.content.decode()
    journal = finance_client.get(reverse("admin:escrow_journaltransaction_changelist"))
    assert "capture:order=17" in journal.content.decode()
    assert finance_client.get(reverse("admin:escrow_account_add")).status_code == 403


def test_other_staff_do_not_see_the_books(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:escrow_account_changelist")).status_code == 403
    assert client.get(reverse("admin:escrow_trial_balance")).status_code == 403
