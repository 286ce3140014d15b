"""The sandbox carrier's records and the received carrier events in the admin:
read-only, with a "simulate" action that moves a demo parcel on."""

import pytest
from django.urls import reverse

from logistics.carriers.models import CarrierEventReceipt, SandboxEvent, SandboxShipment
from logistics.carriers.sandbox_provider import sandbox_event_value, sandbox_shipment_register
from logistics.carriers.services import tracking_events_accept
from logistics.tracking import s10_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def register(n: int):
    return sandbox_shipment_register(
        carrier_code="china-post", tracking_number=s10_number("RR", 40000000 + n, "CN"),
        method_code="cn-post-registered", origin="CN", destination="ES",
    )  # fmt: skip


def test_shipments_list_and_page_show_the_timeline_read_only(admin_client, django_assert_max_num_queries, settings):
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
    shipments = [register(n) for n in range(12)]
    with django_assert_max_num_queries(12):
        page = admin_client.get(reverse("admin:logistics_sandboxshipment_changelist"))
    assert page.status_code == 200 and shipments[0].tracking_number in page.content.decode()
    detail = admin_client.get(reverse("admin:logistics_sandboxshipment_change", args=[shipments[0].pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "Posting/collection" in html and "Final delivery" in html
    assert 'name="_save"' not in html  # nothing to edit
    assert admin_client.get(reverse("admin:logistics_sandboxshipment_add")).status_code == 403
    delete = reverse("admin:logistics_sandboxshipment_delete", args=[shipments[0].pk])
    assert admin_client.post(delete).status_code == 403


def test_the_simulate_action_makes_the_next_event_happen(admin_client, settings, django_capture_on_commit_callbacks):
    settings.CARAVAN_SANDBOX_CARRIER_SECONDS_PER_DAY = 3600
    shipment = register(1)
    with django_capture_on_commit_callbacks() as callbacks:
        response = admin_client.post(
            reverse("admin:logistics_sandboxshipment_changelist"),
            {"action": "simulate_next_event", "_selected_action": [shipment.pk]},
            follow=True,
        )
    assert response.status_code == 200 and "1 shipment moved on." in response.content.decode()
    assert SandboxEvent.objects.filter(shipment=shipment, webhook_status="queued").count() == 1
    assert len(callbacks) == 1  # its webhook is queued


def test_received_events_are_listed_and_cannot_be_changed(admin_client):
    shipment = register(2)
    tracking_events_accept(
        carrier_code="china-post", events=[sandbox_event_value(e) for e in shipment.events.all()], via="poll"
    )
    receipt = CarrierEventReceipt.objects.first()
    page = admin_client.get(reverse("admin:logistics_carriereventreceipt_changelist"))
    assert page.status_code == 200 and shipment.tracking_number in page.content.decode()
    detail = admin_client.get(reverse("admin:logistics_carriereventreceipt_change", args=[receipt.pk]))
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert admin_client.get(reverse("admin:logistics_carriereventreceipt_add")).status_code == 403


def test_staff_without_permission_see_nothing(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:logistics_sandboxshipment_changelist")).status_code == 403
    assert SandboxShipment.objects.count() == 0
