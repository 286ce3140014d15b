"""The vetting queue in the Django admin: what a vetting officer sees, the
decisions taken through the confirm pages, and who may not take them."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from sellers.models import Seller, SellerDocument, SellerEvent, SellerStatus
from sellers.services import seller_document_upload
from tests.factories import UserFactory
from tests.sellers.conftest import email_callbacks

from .conftest import image_bytes

CHANGELIST = reverse("admin:sellers_seller_changelist")


@pytest.fixture
def officer_client(client, vetting_officer):
    client.force_login(vetting_officer)
    return client


@pytest.fixture
def other_staff(db):
    """Staff who may read the queue but is not a vetting officer."""
    person = UserFactory(is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="view_seller", content_type__app_label="sellers"))
    return person


def change_url(seller: Seller) -> str:
    return reverse("admin:sellers_seller_change", args=[seller.pk])


def decide_url(seller: Seller, action: str) -> str:
    return reverse("admin:sellers_seller_decide", kwargs={"object_id": seller.pk, "action": action})


def submitted_days_ago(seller: Seller, days: int) -> Seller:
    Seller.objects.filter(pk=seller.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return seller


def listed(response) -> list[str]:
    return [seller.store_name for seller in response.context["cl"].result_list]


# --- the queue ---------------------------------------------------------------


def test_changelist_opens_on_the_queue_oldest_first(officer_client, make_seller):
    newer = submitted_days_ago(make_seller(SellerStatus.SUBMITTED), 1)
    oldest = submitted_days_ago(make_seller(SellerStatus.SUBMITTED), 9)
    middle = submitted_days_ago(make_seller(SellerStatus.SUBMITTED), 4)
    make_seller(SellerStatus.APPROVED)
    make_seller(SellerStatus.DRAFT)

    response = officer_client.get(CHANGELIST)

    assert response.status_code == 200
    assert listed(response) == [oldest.store_name, middle.store_name, newer.store_name]
    content = response.content.decode()
    assert "Seller applications" in content
    assert "?status=all" in content  # "All" stays one click away
    assert 'class="caravan-pill caravan-pill-' in content
    assert "/static/flags/tr.gif" in content


def test_all_statuses_keep_fifo_order_with_drafts_last(officer_client, make_seller):
    draft = make_seller(SellerStatus.DRAFT)
    approved = submitted_days_ago(make_seller(SellerStatus.APPROVED), 30)
    submitted = submitted_days_ago(make_seller(SellerStatus.SUBMITTED), 2)

    response = officer_client.get(CHANGELIST, {"status": "all"})

    assert listed(response) == [approved.store_name, submitted.store_name, draft.store_name]


def test_filter_by_status_and_country(officer_client, make_seller):
    italian = make_seller(SellerStatus.APPROVED, country="IT")
    make_seller(SellerStatus.APPROVED, country="TR")
    make_seller(SellerStatus.SUBMITTED, country="IT")

    assert len(listed(officer_client.get(CHANGELIST, {"status": "approved"}))) == 2
    response = officer_client.get(CHANGELIST, {"status": "approved", "country": "IT"})
    assert listed(response) == [italian.store_name]
    assert len(listed(officer_client.get(CHANGELIST, {"status": "all", "country": "IT"}))) == 2


def test_facet_counts_render(officer_client, make_seller):
    make_seller(SellerStatus.SUBMITTED)
    response = officer_client.get(CHANGELIST, {"_facets": "True"})
    assert response.status_code == 200
    assert "(1)" in response.content.decode()


@pytest.mark.parametrize("field", ["email", "registration_number", "legal_name"])
def test_search(officer_client, make_seller, field):
    wanted = make_seller(SellerStatus.SUBMITTED, country="ES")
    make_seller(SellerStatus.SUBMITTED, country="ES")
    term = wanted.user.email if field == "email" else getattr(wanted, field)
    if " " in term:
        term = f'"{term}"'  # the admin ANDs the words of a search; quotes keep a phrase whole

    response = officer_client.get(CHANGELIST, {"q": term})

    assert listed(response) == [wanted.store_name]


def test_document_count_column(officer_client, make_seller):
    seller = make_seller(SellerStatus.SUBMITTED, country="TR")  # TR needs three documents
    response = officer_client.get(CHANGELIST)
    assert response.context["cl"].result_list[0].document_count == 3 == seller.documents.count()


def test_changelist_query_count_does_not_grow_with_rows(officer_client, make_seller, django_assert_max_num_queries):
    make_seller(SellerStatus.SUBMITTED)
    officer_client.get(CHANGELIST)  # warm caches (content types, sessions)
    with django_assert_max_num_queries(10) as one:
        assert officer_client.get(CHANGELIST).status_code == 200
    for _ in range(19):
        make_seller(SellerStatus.SUBMITTED, country="IT")
    with django_assert_max_num_queries(len(one)) as twenty:
        response = officer_client.get(CHANGELIST)
    assert len(listed(response)) == 20
    assert len(twenty) == len(one)


# --- the application ---------------------------------------------------------


def test_change_page_shows_documents_events_and_the_decisions(officer_client, make_seller):
    seller = make_seller(SellerStatus.SUBMITTED, country="TR")

    response = officer_client.get(change_url(seller))

    assert response.status_code == 200
    content = response.content.decode()
    for document in seller.documents.all():
        assert document.original_name in content
        assert reverse("sellers:document_file", kwargs={"pk": document.pk}) in content
        assert escape(document.get_kind_display()) in content
    assert "application/pdf" in content
    assert "<iframe" in content
    # The history: created as a draft, then submitted by the applicant.
    assert "Submitted, waiting for review" in content
    assert seller.user.email in content
    for action in ("approve", "request_changes", "reject"):
        assert decide_url(seller, action) in content
    assert decide_url(seller, "suspend") not in content
    assert decide_url(seller, "reinstate") not in content
    # Read-only: no save button, no delete link, no form inputs for applicant data.
    assert 'name="_save"' not in content
    assert 'name="store_name"' not in content
    assert "deletelink" not in content


def test_change_page_previews_images_inline(officer_client, make_seller):
    seller = make_seller(SellerStatus.DRAFT, country="IT")
    upload = SimpleUploadedFile("licence.png", image_bytes(), content_type="image/png")
    seller_document_upload(seller_id=seller.pk, actor=seller.user, kind="business_licence", upload=upload)
    document = seller.documents.get()

    content = officer_client.get(change_url(seller)).content.decode()

    url = reverse("sellers:document_file", kwargs={"pk": document.pk})
    assert f'<img src="{url}?inline=1"' in content
    assert "licence.png" in content
    assert "image/png" in content
    assert "Nothing to decide yet" in content


def test_change_page_previews_a_pdf_in_a_frame_the_document_allows(officer_client, make_seller):
    seller = make_seller(SellerStatus.SUBMITTED, country="IT")
    document = seller.documents.get(kind="business_licence")
    content = officer_client.get(change_url(seller)).content.decode()

    preview = reverse("sellers:document_file", kwargs={"pk": document.pk}) + "?inline=1"
    assert f'<iframe src="{preview}"' in content
    response = officer_client.get(preview)
    # The vetting page is on this site: SAMEORIGIN lets its <iframe> show the PDF (DENY left it blank).
    assert response.status_code == 200 and response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; ")


def test_change_page_lists_decisions_with_actor_and_reason(officer_client, make_seller, vetting_officer):
    seller = make_seller(SellerStatus.SUSPENDED)

    content = officer_client.get(change_url(seller)).content.decode()

    assert "Counterfeits" in content  # the suspension's reason, from the fixture
    assert vetting_officer.email in content
    assert "Approved → Suspended" in content
    assert decide_url(seller, "reinstate") in content
    assert decide_url(seller, "suspend") not in content


def test_approved_store_offers_only_suspend(officer_client, make_seller):
    seller = make_seller(SellerStatus.APPROVED)
    content = officer_client.get(change_url(seller)).content.decode()
    assert decide_url(seller, "suspend") in content
    for action in ("approve", "reject", "request_changes", "reinstate"):
        assert decide_url(seller, action) not in content


# --- deciding ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "action", "label", "reason", "end"),
    [
        (SellerStatus.SUBMITTED, "approve", "Approve", "", SellerStatus.APPROVED),
        (SellerStatus.SUBMITTED, "approve", "Approve", "Welcome aboard", SellerStatus.APPROVED),
        (
            SellerStatus.SUBMITTED,
            "reject",
            "Reject",
            "Registration number belongs to another company",
            SellerStatus.REJECTED,
        ),
        (
            SellerStatus.SUBMITTED,
            "request_changes",
            "Request changes",
            "The ID scan is blurry",
            SellerStatus.CHANGES_REQUESTED,
        ),
        (SellerStatus.APPROVED, "suspend", "Suspend", "Selling counterfeits", SellerStatus.SUSPENDED),
        (SellerStatus.SUSPENDED, "reinstate", "Reinstate", "Appeal upheld", SellerStatus.APPROVED),
    ],
)
def test_decision_through_the_confirm_page(
    officer_client, make_seller, vetting_officer, django_capture_on_commit_callbacks, start, action, label, reason, end
):
    seller = make_seller(start)
    events_before = seller.events.count()

    page = officer_client.get(decide_url(seller, action))
    assert page.status_code == 200
    content = page.content.decode()
    assert f'value="{label}"' in content
    assert seller.store_name in content
    assert seller.registration_number in content
    assert 'name="reason"' in content

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = officer_client.post(decide_url(seller, action), {"reason": reason})

    assert response.status_code == 302
    assert response.url == change_url(seller)
    seller.refresh_from_db()
    assert seller.status == end
    assert seller.events.count() == events_before + 1
    event = seller.events.latest("created_at", "pk")
    assert (event.actor, event.from_status, event.to_status, event.reason) == (vetting_officer, start, end, reason)
    assert len(email_callbacks(callbacks)) == 1  # the seller's email, sent after commit
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["success"]


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (SellerStatus.SUBMITTED, "reject"),
        (SellerStatus.SUBMITTED, "request_changes"),
        (SellerStatus.APPROVED, "suspend"),
        (SellerStatus.SUSPENDED, "reinstate"),
    ],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_reason_is_required(officer_client, make_seller, django_capture_on_commit_callbacks, start, action, reason):
    seller = make_seller(start)
    events_before = seller.events.count()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = officer_client.post(decide_url(seller, action), {"reason": reason})

    assert response.status_code == 200
    assert "Give a reason: the seller will read it." in response.content.decode()
    seller.refresh_from_db()
    assert seller.status == start
    assert seller.events.count() == events_before
    assert callbacks == []


@pytest.mark.parametrize(
    ("start", "action"),
    [
        (SellerStatus.SUBMITTED, "suspend"),
        (SellerStatus.SUBMITTED, "reinstate"),
        (SellerStatus.APPROVED, "reject"),
        (SellerStatus.SUSPENDED, "approve"),
        (SellerStatus.REJECTED, "request_changes"),
        (SellerStatus.DRAFT, "approve"),
    ],
)
def test_decision_that_does_not_apply_is_refused_with_a_message(officer_client, make_seller, start, action):
    seller = make_seller(start)
    events_before = seller.events.count()

    page = officer_client.get(decide_url(seller, action))
    assert page.status_code == 200
    assert "does not apply" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()

    response = officer_client.post(decide_url(seller, action), {"reason": "Trying anyway"})

    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()
    assert "Nothing was changed" in response.content.decode()
    seller.refresh_from_db()
    assert seller.status == start
    assert seller.events.count() == events_before


def test_replayed_decision_changes_nothing(officer_client, make_seller):
    seller = make_seller(SellerStatus.APPROVED)
    events_before = seller.events.count()

    response = officer_client.post(decide_url(seller, "approve"), {"reason": ""})

    assert response.status_code == 302
    assert seller.events.count() == events_before
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "info"
    assert "Nothing changed: " in str(message)


def test_unknown_decision_is_404(officer_client, make_seller):
    seller = make_seller(SellerStatus.SUBMITTED)
    assert officer_client.get(decide_url(seller, "delete")).status_code == 404


def test_missing_application_redirects_with_a_message(officer_client):
    response = officer_client.get(
        reverse("admin:sellers_seller_decide", kwargs={"object_id": 999999, "action": "approve"})
    )
    assert response.status_code == 302


# --- the bulk action -------------------------------------------------------------


def test_bulk_approve_approves_submitted_and_explains_the_rest(
    officer_client, make_seller, vetting_officer, django_capture_on_commit_callbacks
):
    first = make_seller(SellerStatus.SUBMITTED)
    second = make_seller(SellerStatus.SUBMITTED, country="CN")
    rejected = make_seller(SellerStatus.REJECTED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = officer_client.post(
            CHANGELIST + "?status=all",
            {"action": "approve_selected", "_selected_action": [first.pk, second.pk, rejected.pk], "index": 0},
        )

    assert response.status_code == 302
    statuses = dict(Seller.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", rejected.pk: "rejected"}
    assert SellerEvent.objects.filter(actor=vetting_officer, to_status="approved").count() == 2
    assert len(email_callbacks(callbacks)) == 2
    notes = [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    assert notes[0][0] == "success" and first.store_name in notes[0][1] and second.store_name in notes[0][1]
    assert notes[1][0] == "warning" and rejected.store_name in notes[1][1]


# --- who may do what ----------------------------------------------------------------


def test_staff_without_vetting_permission_cannot_decide(client, other_staff, make_seller):
    seller = make_seller(SellerStatus.SUBMITTED)
    client.force_login(other_staff)

    page = client.get(change_url(seller))
    assert page.status_code == 200
    content = page.content.decode()
    assert seller.store_name in content
    for action in ("approve", "request_changes", "reject"):
        assert decide_url(seller, action) not in content
    assert "Only vetting officers can decide" in content

    changelist = client.get(CHANGELIST)
    assert changelist.status_code == 200
    assert "approve_selected" not in changelist.content.decode()

    for action in ("approve", "reject", "request_changes", "suspend", "reinstate"):
        assert client.get(decide_url(seller, action)).status_code == 403
        assert client.post(decide_url(seller, action), {"reason": "I am staff"}).status_code == 403
    refused = client.post(CHANGELIST, {"action": "approve_selected", "_selected_action": [seller.pk], "index": 0})
    assert refused.status_code in (200, 302)
    seller.refresh_from_db()
    assert seller.status == SellerStatus.SUBMITTED


def test_non_staff_is_sent_to_the_admin_login(client, make_seller):
    seller = make_seller(SellerStatus.SUBMITTED)
    client.force_login(seller.user)

    for url in (CHANGELIST, change_url(seller), decide_url(seller, "approve")):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    client.post(decide_url(seller, "approve"), {"reason": ""})
    seller.refresh_from_db()
    assert seller.status == SellerStatus.SUBMITTED


def test_applications_cannot_be_added_edited_or_deleted(make_seller, admin_user, client):
    seller = make_seller(SellerStatus.SUBMITTED)
    client.force_login(admin_user)  # even a superuser

    assert client.get(reverse("admin:sellers_seller_add")).status_code == 403
    assert client.get(reverse("admin:sellers_seller_delete", args=[seller.pk])).status_code == 403
    response = client.post(change_url(seller), {"store_name": "Hijacked", "status": "approved"})
    assert response.status_code == 403
    assert Seller.objects.values_list("store_name", "status").get(pk=seller.pk) == (
        seller.store_name,
        SellerStatus.SUBMITTED,
    )
    # A superuser holds every permission, vet_seller included: decision buttons, no save button.
    content = client.get(change_url(seller)).content.decode()
    assert decide_url(seller, "approve") in content
    assert 'name="_save"' not in content


def test_events_and_documents_have_no_admin_of_their_own():
    assert not admin.site.is_registered(SellerEvent)
    assert not admin.site.is_registered(SellerDocument)
    with pytest.raises(NoReverseMatch):
        reverse("admin:sellers_sellerevent_change", args=[1])
