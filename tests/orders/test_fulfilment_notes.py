"""A carrier's note in the order history (a delivery problem, a return) reads
in the reader's language: the label is a msgid translated when shown, the
carrier's own words are kept apart (OrderEvent.detail) and shown as they are;
notes written before as one English string are split by the migration."""

import pytest
from django.urls import reverse
from django.utils import timezone

from logistics.carriers.sandbox_provider import sandbox_shipment_simulate
from logistics.tracking import s10_number
from orders.models import OrderEvent, ShipmentEvent
from tests.orders.test_fulfilment import carrier, paid_order, post_hook, provider_shipment, ship, webhook_body

__all__ = ["carrier"]  # the autouse fixture: the sandbox carrier's webhook secret

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(buyer, dress):
    return paid_order(buyer, dress)


def _timeline(client, paid) -> str:
    page = client.get(reverse("orders:detail", args=[paid.pk])).content.decode()
    start = page.index('data-testid="order-timeline"')
    return page[start : page.index("</ol>", start)]


def test_a_carrier_note_reads_in_the_readers_language_with_the_carriers_words_as_they_are(paid, client):
    from django.utils.html import escape

    number = s10_number("RR", 12345698, "CN")  # held by customs
    ship(paid, number)
    provider = provider_shipment(number)
    sandbox_shipment_simulate(carrier_code="china-post", tracking_number=number, until="exception")
    for event in provider.events.filter(due_at__lte=timezone.now()).order_by("seq"):
        assert post_hook(client, webhook_body(event)).status_code == 200
    words = escape(ShipmentEvent.objects.get(code="exception").description)
    note = OrderEvent.objects.get(order=paid, reason="Delivery problem")  # the msgid; the carrier's words apart
    assert note.detail and escape(note.detail) == words
    buyer = paid.buyer
    client.force_login(buyer)
    for language, label in [("en", "Delivery problem"), ("ru", "Проблема с доставкой")]:
        buyer.language = language
        buyer.save(update_fields=["language"])
        timeline = _timeline(client, paid)
        assert f"{label}: {words}" in timeline, (language, timeline)
    assert "Delivery problem" not in timeline  # the Russian reader sees no English label


def test_a_carrier_note_written_as_one_english_string_before_reads_translated_after_the_migration(paid, client):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("orders.migrations.0005_orderevent_detail_for_carrier_notes")
    old = OrderEvent.objects.create(order=paid, from_status="paid", to_status="paid",
                                    reason="Returned to the sender: Addressee unknown")  # fmt: skip
    typed = OrderEvent.objects.create(order=paid, from_status="paid", to_status="paid", reason="Delivery problem?")
    migration.carrier_notes_split(apps, None)
    old.refresh_from_db()
    typed.refresh_from_db()
    assert (old.reason, old.detail) == ("Returned to the sender", "Addressee unknown")
    assert (typed.reason, typed.detail) == ("Delivery problem?", "")  # not a carrier note: left as it was
    paid.buyer.language = "ru"
    paid.buyer.save(update_fields=["language"])
    client.force_login(paid.buyer)
    assert "Возвращено отправителю: Addressee unknown" in _timeline(client, paid)
    migration.carrier_notes_join(apps, None)  # the way back writes the one string again
    old.refresh_from_db()
    assert (old.reason, old.detail) == ("Returned to the sender: Addressee unknown", "Addressee unknown")
