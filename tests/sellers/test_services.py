import itertools

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from marketplace.errors import ConflictError, DomainError, NotPermitted
from sellers import services
from sellers.models import Seller, SellerEvent, SellerStatus
from sellers.notifications import seller_event_email
from sellers.tasks import seller_event_notify_task
from sellers.transitions import ALLOWED, TransitionNotAllowed
from tests.factories import UserFactory
from tests.sellers.conftest import application_data, email_callbacks, image_bytes, pdf_upload

pytestmark = pytest.mark.django_db

S = SellerStatus
DECISIONS = {
    # (from, to): how a vetting officer makes that move
    (S.SUBMITTED, S.APPROVED): services.seller_approve,
    (S.SUBMITTED, S.REJECTED): services.seller_reject,
    (S.SUBMITTED, S.CHANGES_REQUESTED): services.seller_request_changes,
    (S.APPROVED, S.SUSPENDED): services.seller_suspend,
    (S.SUSPENDED, S.APPROVED): services.seller_reinstate,
}


def test_the_transition_table_is_exactly_the_design():
    assert {(a, b) for a, targets in ALLOWED.items() for b in targets} == {
        (S.DRAFT, S.SUBMITTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        *DECISIONS,
    }


@pytest.mark.parametrize(("start", "target"), list(DECISIONS))
def test_every_allowed_decision_records_an_event_and_queues_an_email(
    make_seller, vetting_officer, start, target, django_capture_on_commit_callbacks
):
    seller = make_seller(status=start)
    with django_capture_on_commit_callbacks() as callbacks:
        seller = DECISIONS[start, target](seller_id=seller.pk, actor=vetting_officer, reason="Checked by phone")
    assert seller.status == target
    event = seller.events.last()
    assert (event.actor, event.from_status, event.to_status, event.reason) == (
        vetting_officer, start, target, "Checked by phone",
    )  # fmt: skip
    assert len(email_callbacks(callbacks)) == 1  # the email task, sent after commit


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (a, b)
        for a, b in itertools.product(S.values, S.values)
        if a != b and (a, b) not in DECISIONS and b in {S.APPROVED, S.REJECTED, S.CHANGES_REQUESTED, S.SUSPENDED}
    ],
)
def test_every_forbidden_decision_is_refused_and_changes_nothing(make_seller, vetting_officer, start, target):
    seller = make_seller(status=start)
    events = seller.events.count()
    with pytest.raises(TransitionNotAllowed):
        services.seller_decide(seller_id=seller.pk, actor=vetting_officer, to_status=target, reason="x")
    seller.refresh_from_db()
    assert seller.status == start
    assert seller.events.count() == events


@pytest.mark.parametrize("start", [S.SUBMITTED, S.APPROVED, S.REJECTED, S.SUSPENDED])
def test_applicant_cannot_submit_from_other_states(make_seller, start):
    seller = make_seller(status=start)
    if start == S.SUBMITTED:
        assert services.seller_application_submit(seller_id=seller.pk, actor=seller.user).status == S.SUBMITTED
        return
    with pytest.raises(TransitionNotAllowed):
        services.seller_application_submit(seller_id=seller.pk, actor=seller.user)


def test_approve_is_not_reinstate(make_seller, vetting_officer):
    suspended = make_seller(status=S.SUSPENDED)
    with pytest.raises(TransitionNotAllowed):
        services.seller_approve(seller_id=suspended.pk, actor=vetting_officer)
    submitted = make_seller(status=S.SUBMITTED)
    with pytest.raises(TransitionNotAllowed):
        services.seller_reinstate(seller_id=submitted.pk, actor=vetting_officer, reason="x")


@pytest.mark.parametrize(("start", "target"), [k for k in DECISIONS if k != (S.SUBMITTED, S.APPROVED)])
def test_decisions_other_than_approval_need_a_reason(make_seller, vetting_officer, start, target):
    seller = make_seller(status=start)
    with pytest.raises(DomainError) as excinfo:
        DECISIONS[start, target](seller_id=seller.pk, actor=vetting_officer, reason="  ")
    assert excinfo.value.field == "reason"
    seller.refresh_from_db()
    assert seller.status == start


def test_replaying_a_decision_is_a_quiet_no_op(make_seller, vetting_officer):
    seller = make_seller(status=S.SUBMITTED)
    services.seller_approve(seller_id=seller.pk, actor=vetting_officer)
    events = seller.events.count()
    again = services.seller_approve(seller_id=seller.pk, actor=vetting_officer)
    assert again.status == S.APPROVED
    assert seller.events.count() == events


def test_staff_outside_the_vetting_group_cannot_decide(make_seller):
    seller = make_seller(status=S.SUBMITTED)
    other_staff = UserFactory(is_staff=True)
    with pytest.raises(NotPermitted):
        services.seller_approve(seller_id=seller.pk, actor=other_staff)
    with pytest.raises(NotPermitted):
        services.seller_approve(seller_id=seller.pk, actor=seller.user)
    seller.refresh_from_db()
    assert seller.status == S.SUBMITTED


def test_submit_needs_the_countrys_documents_and_is_idempotent(make_seller):
    seller = make_seller(status=S.DRAFT, country="TR")
    with pytest.raises(DomainError) as excinfo:
        services.seller_application_submit(seller_id=seller.pk, actor=seller.user)
    assert "Tax registration certificate" in excinfo.value.message
    for kind in ["business_licence", "representative_id", "tax_certificate"]:
        services.seller_document_upload(seller_id=seller.pk, actor=seller.user, kind=kind, upload=pdf_upload())
    first = services.seller_application_submit(seller_id=seller.pk, actor=seller.user)
    second = services.seller_application_submit(seller_id=seller.pk, actor=seller.user)
    assert first.status == second.status == S.SUBMITTED
    assert first.submitted_at == second.submitted_at
    assert seller.events.filter(to_status=S.SUBMITTED).count() == 1


def test_application_cannot_be_edited_after_submission_until_changes_are_requested(make_seller, vetting_officer):
    seller = make_seller(status=S.SUBMITTED, country="IT")
    data = application_data("IT", 99, registration_number=seller.registration_number, store_name="New name")
    with pytest.raises(ConflictError):
        services.seller_application_save(user=seller.user, **data)
    with pytest.raises(ConflictError):
        services.seller_document_upload(seller_id=seller.pk, actor=seller.user, kind="business_licence",
                                        upload=pdf_upload())  # fmt: skip
    services.seller_request_changes(seller_id=seller.pk, actor=vetting_officer, reason="Name does not match")
    saved = services.seller_application_save(user=seller.user, **data)
    assert saved.store_name == "New name"
    assert services.seller_application_submit(seller_id=seller.pk, actor=seller.user).status == S.SUBMITTED


@pytest.mark.parametrize("country", ["DE", "US", "CH", "", "XX"])
def test_country_outside_the_five_is_refused_by_the_service(country):
    user = UserFactory()
    data = {**application_data("TR", 1), "country": country}
    with pytest.raises(DomainError) as excinfo:
        services.seller_application_save(user=user, **data)
    assert excinfo.value.field == "country"
    assert "China, Russia, Italy, Spain or Turkey only" in excinfo.value.message
    assert not Seller.objects.exists()


def test_settlement_currency_follows_the_country():
    currencies = {}
    for n, country in enumerate(["CN", "RU", "IT", "ES", "TR"], start=1):
        seller = services.seller_application_save(user=UserFactory(), **application_data(country, n))
        currencies[country] = seller.settlement_currency
    assert currencies == {"CN": "CNY", "RU": "RUB", "IT": "EUR", "ES": "EUR", "TR": "TRY"}


def test_registration_number_and_store_name_are_unique(make_seller):
    first = make_seller(status=S.DRAFT, country="ES")
    data = application_data("ES", 50, registration_number=first.registration_number)
    with pytest.raises(DomainError) as excinfo:
        services.seller_application_save(user=UserFactory(), **data)
    assert excinfo.value.field == "registration_number"
    data = application_data("ES", 51, store_name=first.store_name.upper())
    with pytest.raises(DomainError) as excinfo:
        services.seller_application_save(user=UserFactory(), **data)
    assert excinfo.value.field == "store_name"


def test_phone_is_stored_in_international_format():
    seller = services.seller_application_save(
        user=UserFactory(), **application_data("IT", 3, contact_phone="06 6982 1234")
    )
    assert seller.contact_phone == "+390669821234"
    with pytest.raises(DomainError) as excinfo:
        services.seller_application_save(user=UserFactory(), **application_data("IT", 4, contact_phone="12"))
    assert excinfo.value.field == "contact_phone"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("licence.pdf", b"", "empty"),
        ("licence.pdf", b"<html><script>alert(1)</script></html>", "Only PDF, JPEG or PNG"),
        ("photo.png", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "Only PDF, JPEG or PNG"),
        ("id.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 20, "damaged"),
        ("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024) + b"\n%%EOF", "too large"),
        ("cut.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n", "damaged"),
    ],
)
def test_bad_documents_are_refused_with_a_clear_message(make_seller, name, content, message):
    seller = make_seller(status=S.DRAFT)
    with pytest.raises(DomainError) as excinfo:
        services.seller_document_upload(seller_id=seller.pk, actor=seller.user, kind="business_licence",
                                        upload=SimpleUploadedFile(name, content, "application/pdf"))  # fmt: skip
    assert message in excinfo.value.message
    assert excinfo.value.field == "file"
    assert not seller.documents.exists()


@pytest.mark.parametrize(("fmt", "ctype"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_images_are_recognised_by_content_not_name(make_seller, fmt, ctype):
    seller = make_seller(status=S.DRAFT)
    upload = SimpleUploadedFile("scan.pdf", image_bytes(fmt), "application/pdf")  # the name lies
    document = services.seller_document_upload(seller_id=seller.pk, actor=seller.user, kind="representative_id",
                                               upload=upload)  # fmt: skip
    assert document.content_type == ctype
    assert document.original_name == "scan.pdf"
    assert "scan" not in document.file.name  # stored under a random name, privately
    assert document.file.storage.location != __import__("django.conf").conf.settings.MEDIA_ROOT


def test_another_user_cannot_upload_or_delete_documents(make_seller):
    seller = make_seller(status=S.DRAFT)
    stranger = UserFactory()
    with pytest.raises(NotPermitted):
        services.seller_document_upload(seller_id=seller.pk, actor=stranger, kind="business_licence",
                                        upload=pdf_upload())  # fmt: skip
    document = services.seller_document_upload(seller_id=seller.pk, actor=seller.user, kind="business_licence",
                                               upload=pdf_upload())  # fmt: skip
    with pytest.raises(NotPermitted):
        services.seller_document_delete(seller_id=seller.pk, actor=stranger, document_id=document.pk)
    assert seller.documents.count() == 1


def test_deleting_a_document_removes_the_file_after_commit(make_seller, django_capture_on_commit_callbacks):
    seller = make_seller(status=S.DRAFT)
    document = services.seller_document_upload(seller_id=seller.pk, actor=seller.user, kind="business_licence",
                                               upload=pdf_upload())  # fmt: skip
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.seller_document_delete(seller_id=seller.pk, actor=seller.user, document_id=document.pk)
    assert not storage.exists(name)
    assert not seller.documents.exists()


@pytest.mark.parametrize(
    ("target", "language", "subject_part", "body_part"),
    [
        (S.APPROVED, "en", "approved", "You can now publish listings"),
        (S.REJECTED, "en", "not approved", "Documents unreadable"),
        (S.CHANGES_REQUESTED, "en", "needs changes", "Blurry ID"),
        (S.SUSPENDED, "en", "suspended", "Counterfeits"),
    ],
)
def test_seller_is_emailed_on_every_decision(make_seller, target, language, subject_part, body_part):
    seller = make_seller(status=target)
    event = seller.events.last()
    assert event.to_status == target
    assert seller_event_email(event_id=event.pk) is True
    message = mail.outbox[-1]
    assert message.to == [seller.user.email]
    assert subject_part in message.subject
    assert body_part in message.body
    assert "/seller/" in message.body
    # Sent once: a redelivered task sends nothing more.
    seller_event_notify_task.apply(kwargs={"event_id": event.pk})
    assert sum(1 for m in mail.outbox if m.subject == message.subject) == 1


def test_decision_email_is_in_the_sellers_language(make_seller, vetting_officer):
    seller = make_seller(status=S.SUBMITTED)
    seller.user.language = "tr"
    seller.user.save()
    services.seller_approve(seller_id=seller.pk, actor=vetting_officer)
    seller_event_email(event_id=seller.events.last().pk)
    with translation.override("tr"):
        turkish = translation.gettext("Your Caravan store is approved")
    assert turkish != "Your Caravan store is approved"  # the catalogue has it
    assert mail.outbox[-1].subject == turkish


def test_events_are_an_append_only_history(make_seller):
    seller = make_seller(status=S.SUSPENDED)
    history = list(SellerEvent.objects.filter(seller=seller).values_list("from_status", "to_status"))
    assert history == [("", S.DRAFT), (S.DRAFT, S.SUBMITTED), (S.SUBMITTED, S.APPROVED), (S.APPROVED, S.SUSPENDED)]


def test_a_vetting_officer_cannot_decide_on_their_own_application(make_seller, vetting_officer):
    seller = make_seller(status=S.SUBMITTED, user=vetting_officer)
    with pytest.raises(NotPermitted):
        services.seller_approve(seller_id=seller.pk, actor=vetting_officer)
    seller.refresh_from_db()
    assert seller.status == S.SUBMITTED
