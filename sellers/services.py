"""Every write of the sellers app: applying, documents, submitting, vetting."""

import hashlib

import phonenumbers
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from slugify import slugify

from marketplace.errors import ConflictError, DomainError, NotFound, NotPermitted
from marketplace.jobs import enqueue
from marketplace.pagecache import storefront_changed
from marketplace.uploads import UploadRejected, check_document, check_image

from .models import DocumentKind, Seller, SellerDocument, SellerEvent, SellerStatus
from .registration import registration_number_clean
from .selectors import seller_missing_documents
from .transitions import TransitionNotAllowed, assert_allowed

VET_PERMISSION = "sellers.vet_seller"
COUNTRY_REFUSAL = gettext_lazy("Caravan accepts sellers established in China, Russia, Italy, Spain or Turkey only.")
REASON_REQUIRED = {SellerStatus.REJECTED, SellerStatus.CHANGES_REQUESTED, SellerStatus.SUSPENDED}


def sellers_lock(seller_id: int) -> Seller:
    """Lock one seller row for the rest of the transaction."""
    return Seller.objects.select_for_update(of=("self",)).get(pk=seller_id)


def _unique_slug(store_name: str, exclude_pk: int | None) -> str:
    # Transliterated, so "Уральские самоцветы" -> uralskie-samotsvety, "杭州丝语" -> hang-zhou-si-yu.
    base = slugify(store_name, max_length=80) or "store"
    slug, n = base, 1
    while Seller.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_phone(phone: str, country: str) -> str:
    try:
        number = phonenumbers.parse(phone, country or None)
    except phonenumbers.NumberParseException as exc:
        raise DomainError(
            _("Enter the phone number in international format, e.g. +90 212 555 12 34."), field="contact_phone"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise DomainError(
            _("This phone number is not valid. Use the international format, e.g. +90 212 555 12 34."),
            field="contact_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _record(seller: Seller, *, actor, from_status: str, to_status: str, reason: str = "") -> SellerEvent:
    event = SellerEvent.objects.create(
        seller=seller, actor=actor, from_status=from_status, to_status=to_status, reason=reason
    )
    if from_status and to_status != from_status:
        from .tasks import seller_event_notify_task

        enqueue(seller_event_notify_task, event_id=event.pk)
    return event


@transaction.atomic
def seller_application_save(
    *,
    user,
    store_name: str,
    country: str,
    legal_entity_type: str,
    legal_name: str,
    registration_number: str,
    business_address: str,
    contact_phone: str,
    store_language: str,
    description: str = "",
) -> Seller:
    """Create the user's application, or update it while it is a draft or sent
    back for changes. Every field is checked before anything is written; the
    country rule also holds in the database (check constraint)."""
    seller = Seller.objects.select_for_update().filter(user=user).first()
    if seller is not None and not seller.is_editable:
        raise ConflictError(
            _("This application can no longer be edited: it is %(status)s.")
            % {"status": seller.get_status_display().lower()}
        )
    country = (country or "").upper()
    if country not in settings.CARAVAN_SELLER_COUNTRIES:
        raise DomainError(str(COUNTRY_REFUSAL), field="country")
    store_name = " ".join((store_name or "").split())
    if len(store_name) < 3:
        raise DomainError(_("The store name needs at least 3 characters."), field="store_name")
    if Seller.objects.filter(store_name__iexact=store_name).exclude(user=user).exists():
        raise DomainError(_("Another store already uses this name."), field="store_name")
    try:
        number = registration_number_clean(country, registration_number, legal_entity_type)
    except ValueError as exc:
        raise DomainError(str(exc), field="registration_number") from exc
    if Seller.objects.filter(country=country, registration_number=number).exclude(user=user).exists():
        raise DomainError(_("Another seller is already registered with this number."), field="registration_number")
    if store_language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the offered languages."), field="store_language")
    if not (legal_name or "").strip():
        raise DomainError(_("Enter the legal name of the business."), field="legal_name")
    if not (business_address or "").strip():
        raise DomainError(_("Enter the business address."), field="business_address")
    values = {
        "store_name": store_name,
        "country": country,
        "legal_entity_type": legal_entity_type,
        "legal_name": legal_name.strip(),
        "registration_number": number,
        "business_address": business_address.strip(),
        "contact_phone": _clean_phone(contact_phone, country),
        "store_language": store_language,
        "description": (description or "").strip(),
        "settlement_currency": settings.CARAVAN_SELLER_COUNTRIES[country],
    }
    try:
        with transaction.atomic():
            if seller is None:
                seller = Seller.objects.create(user=user, slug=_unique_slug(store_name, None), **values)
                _record(seller, actor=user, from_status="", to_status=SellerStatus.DRAFT)
            else:
                for name, value in values.items():
                    setattr(seller, name, value)
                seller.slug = _unique_slug(store_name, seller.pk)
                seller.save()
    except IntegrityError as exc:  # a concurrent applicant took the name or number
        raise ConflictError(_("Another seller just registered this store name or number.")) from exc
    return seller


def _lock_for_document_change(seller_id: int, actor) -> Seller:
    """Lock the application; only its applicant may change its documents, and only while it is editable."""
    seller = sellers_lock(seller_id)
    if seller.user_id != actor.pk:
        raise NotPermitted(_("Only the applicant can change the documents of an application."))
    if not seller.is_editable:
        raise ConflictError(
            _("Documents can no longer be changed: the application is %(status)s.")
            % {"status": seller.get_status_display().lower()}
        )
    return seller


@transaction.atomic
def seller_document_upload(*, seller_id: int, actor, kind: str, upload: UploadedFile) -> SellerDocument:
    """Store one qualification document privately, after checking its content."""
    seller = _lock_for_document_change(seller_id, actor)
    if kind not in DocumentKind.values:
        raise DomainError(_("Choose what kind of document this is."), field="kind")
    if seller.documents.filter(kind=kind).count() >= settings.CARAVAN_SELLER_DOCUMENTS_PER_KIND:
        raise DomainError(_("You have uploaded enough files of this kind; delete one first."), field="kind")
    # What is stored is the checked file: a PDF as sent, an image re-encoded without EXIF.
    checked = check_document(
        upload,
        max_bytes=settings.CARAVAN_SELLER_DOCUMENT_MAX_BYTES,
        max_pixels=settings.CARAVAN_SELLER_DOCUMENT_MAX_PIXELS,
    )
    document = SellerDocument(
        seller=seller,
        kind=kind,
        original_name=(upload.name or "document")[-255:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=hashlib.sha256(checked.data).hexdigest(),
        uploaded_by=actor,
    )
    document.file.save(f"upload{checked.extension}", ContentFile(checked.data), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def seller_document_delete(*, seller_id: int, actor, document_id: int) -> None:
    seller = _lock_for_document_change(seller_id, actor)
    document = seller.documents.filter(pk=document_id).first()
    if document is None:
        raise NotFound(_("There is no such document."))
    stored = document.file.name
    document.delete()
    transaction.on_commit(lambda: document.file.storage.delete(stored))


@transaction.atomic
def seller_application_submit(*, seller_id: int, actor) -> Seller:
    """Send the application to vetting. Idempotent: submitting an application
    that is already submitted returns it unchanged. Requires the country's
    documents."""
    seller = sellers_lock(seller_id)
    if seller.user_id != actor.pk:
        raise NotPermitted(_("Only the applicant can submit the application."))
    if seller.status == SellerStatus.SUBMITTED:
        return seller
    assert_allowed(seller.status, SellerStatus.SUBMITTED)
    missing = seller_missing_documents(seller)
    if missing:
        raise DomainError(
            _("Upload these documents first: %(kinds)s.") % {"kinds": ", ".join(str(k.label) for k in missing)},
            field="documents",
        )
    previous = seller.status
    seller.status = SellerStatus.SUBMITTED
    seller.submitted_at = timezone.now()
    seller.save(update_fields=["status", "submitted_at", "updated_at"])
    _record(seller, actor=actor, from_status=previous, to_status=SellerStatus.SUBMITTED)
    return seller


@transaction.atomic
def seller_decide(
    *, seller_id: int, actor, to_status: str, reason: str = "", expect_from: frozenset[str] | None = None
) -> Seller:
    """A vetting officer's decision: approve, reject, request changes, suspend
    or reinstate. Needs the vet_seller permission; reject, request changes and
    suspend need a reason (reinstating too). Replaying a decision already in
    force returns quietly."""
    if not actor.has_perm(VET_PERMISSION):
        raise NotPermitted(_("Only vetting officers can decide on seller applications."))
    seller = sellers_lock(seller_id)
    if seller.user_id == actor.pk:
        raise NotPermitted(_("Nobody can decide on their own seller application."))
    if seller.status == to_status:
        return seller
    if expect_from is not None and seller.status not in expect_from:
        raise TransitionNotAllowed(
            _("This decision does not apply to an application that is %(status)s.")
            % {"status": seller.get_status_display().lower()}
        )
    assert_allowed(seller.status, to_status)
    reason = (reason or "").strip()
    reinstating = seller.status == SellerStatus.SUSPENDED and to_status == SellerStatus.APPROVED
    if (to_status in REASON_REQUIRED or reinstating) and not reason:
        raise DomainError(_("Give a reason: the seller will read it."), field="reason")
    previous = seller.status
    now = timezone.now()
    seller.status = to_status
    seller.decided_at = now
    seller.staff_message = reason
    fields = ["status", "decided_at", "staff_message", "updated_at"]
    if to_status == SellerStatus.APPROVED and seller.approved_at is None:
        seller.approved_at = now
        fields.append("approved_at")
    seller.save(update_fields=fields)
    _record(seller, actor=actor, from_status=previous, to_status=to_status, reason=reason)
    storefront_changed()  # a store opened, closed or reopened: its listings appear or vanish
    return seller


def seller_approve(*, seller_id: int, actor, reason: str = "") -> Seller:
    return seller_decide(
        seller_id=seller_id,
        actor=actor,
        to_status=SellerStatus.APPROVED,
        reason=reason,
        expect_from=frozenset({SellerStatus.SUBMITTED}),
    )


def seller_reject(*, seller_id: int, actor, reason: str) -> Seller:
    return seller_decide(seller_id=seller_id, actor=actor, to_status=SellerStatus.REJECTED, reason=reason)


def seller_request_changes(*, seller_id: int, actor, reason: str) -> Seller:
    return seller_decide(seller_id=seller_id, actor=actor, to_status=SellerStatus.CHANGES_REQUESTED, reason=reason)


def seller_suspend(*, seller_id: int, actor, reason: str) -> Seller:
    return seller_decide(seller_id=seller_id, actor=actor, to_status=SellerStatus.SUSPENDED, reason=reason)


def seller_reinstate(*, seller_id: int, actor, reason: str) -> Seller:
    return seller_decide(
        seller_id=seller_id,
        actor=actor,
        to_status=SellerStatus.APPROVED,
        reason=reason,
        expect_from=frozenset({SellerStatus.SUSPENDED}),
    )


@transaction.atomic
def seller_store_update(
    *, seller_id: int, actor, store_name: str, description: str, store_language: str, logo=None
) -> Seller:
    """An approved seller's store settings (the slug, and so the store URL, stays)."""
    seller = sellers_lock(seller_id)
    if seller.user_id != actor.pk:
        raise NotPermitted(_("Only the seller can change the store."))
    if seller.status != SellerStatus.APPROVED:
        raise NotPermitted(_("Store settings are available once your store is approved."))
    store_name = " ".join((store_name or "").split())
    if len(store_name) < 3:
        raise DomainError(_("The store name needs at least 3 characters."), field="store_name")
    if Seller.objects.filter(store_name__iexact=store_name).exclude(pk=seller.pk).exists():
        raise DomainError(_("Another store already uses this name."), field="store_name")
    if store_language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose one of the offered languages."), field="store_language")
    seller.store_name, seller.description, seller.store_language = store_name, description.strip(), store_language
    fields = ["store_name", "description", "store_language", "updated_at"]
    if logo is not None:
        try:
            checked = check_image(
                logo,
                max_bytes=settings.CARAVAN_STORE_LOGO_MAX_BYTES,
                max_pixels=settings.CARAVAN_STORE_LOGO_MAX_PIXELS,
                field="logo",
            )
        except UploadRejected as exc:
            if exc.code != "wrong_type":
                raise
            raise UploadRejected(_("The logo must be a JPEG or PNG image."), field="logo") from None
        previous_logo = seller.logo.name
        seller.logo.save(f"{seller.slug}{checked.extension}", ContentFile(checked.data), save=False)
        fields.append("logo")
        if previous_logo:
            storage = seller.logo.storage
            transaction.on_commit(lambda: storage.delete(previous_logo))
    try:
        with transaction.atomic():
            seller.save(update_fields=fields)
    except IntegrityError as exc:
        raise ConflictError(_("Another store just took this name.")) from exc
    storefront_changed()
    return seller
