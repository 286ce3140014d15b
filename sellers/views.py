"""The seller-facing pages: the application (details, documents, submit), the
seller centre, store settings and private documents (the public store page is listings.views.store).

Views shape input and pick a template; every write goes through
sellers.services, and its DomainErrors reach forms through add_domain_error.
"""

from babel.numbers import get_currency_name
from csp.constants import NONE, SELF
from csp.decorators import csp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django_countries.fields import Country

from marketplace.errors import DomainError
from marketplace.forms import add_domain_error
from marketplace.money import babel_locale
from marketplace.uploads import EXTENSIONS

from . import services
from .access import approved_seller_required, seller_application_required
from .forms import DocumentUploadForm, SellerApplicationForm, StoreSettingsForm, registration_help
from .models import DocumentKind, Seller, SellerDocument, SellerStatus
from .registration import SCHEMES
from .selectors import seller_for_user, seller_missing_documents, seller_required_documents

STATUS_TEMPLATE = "sellers/status.html"


def currency_label(code: str) -> str:
    """'TRY — Turkish lira', in the reader's language."""
    try:
        return f"{code} — {get_currency_name(code, locale=babel_locale())}"
    except (ValueError, LookupError):
        return code


def _error_status(exc: DomainError) -> int:
    """A form redisplayed for invalid input is a 200; a conflict (the
    application was locked meanwhile) or a refusal keeps its own status."""
    return 200 if exc.status_code == 400 else exc.status_code


def _dash(request: HttpRequest, template: str, seller: Seller | None, active: str, context=None, status=200):
    """Render a page in the seller-centre layout (its nav needs the seller)."""
    return render(request, template, {"seller": seller, "active_nav": active, **(context or {})}, status=status)


def _country_table() -> list[dict]:
    """Per seller country: registration scheme, expected format, settlement currency."""
    rows = []
    for code, currency in settings.CARAVAN_SELLER_COUNTRIES.items():
        name, expected, _check = SCHEMES[code]
        country = Country(code)
        rows.append(
            {
                "code": code,
                "country": country,
                "scheme": name[:1].upper() + name[1:],
                "expected": expected,
                "help": registration_help(code),
                "currency": currency,
                "currency_label": currency_label(currency),
            }
        )
    return sorted(rows, key=lambda row: str(row["country"].name))


def _document_rows(seller: Seller, *, bound: DocumentUploadForm | None = None) -> list[dict]:
    """One row per required document kind (then any other kind uploaded)."""
    documents = list(seller.documents.all())
    kinds = seller_required_documents(seller.country.code)
    shown = [d.kind for d in documents] + ([bound.kind] if bound is not None else [])
    kinds += [DocumentKind(k) for k in dict.fromkeys(shown) if k not in kinds]
    required = set(seller_required_documents(seller.country.code))
    rows = []
    for kind in kinds:
        mine = [d for d in documents if d.kind == kind]
        form = bound if bound is not None and bound.kind == kind else DocumentUploadForm(kind=kind)
        rows.append(
            {
                "kind": kind,
                "required": kind in required,
                "documents": mine,
                "form": form,
                "can_add": len(mine) < settings.CARAVAN_SELLER_DOCUMENTS_PER_KIND,
            }
        )
    return rows


# --- the seller centre --------------------------------------------------------------


@never_cache
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    seller = seller_for_user(request.user)
    if seller is None:
        return redirect("sellers:apply")
    if not seller.is_approved:
        context = {
            "missing": seller_missing_documents(seller) if seller.is_editable else [],
            "events": list(seller.events.all()),
        }
        return _dash(request, STATUS_TEMPLATE, seller, "overview", context)
    context = {"currency_label": currency_label(seller.settlement_currency)}
    return _dash(request, "sellers/dashboard.html", seller, "overview", context)


@never_cache
@approved_seller_required
def store_settings(request: HttpRequest) -> HttpResponse:
    seller = request.seller
    form = StoreSettingsForm.for_seller(seller, request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.seller_store_update(
                seller_id=seller.pk,
                actor=request.user,
                store_name=data["store_name"],
                description=data["description"],
                store_language=data["store_language"],
                logo=data["logo"] or None,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
            status = _error_status(exc)
        else:
            messages.success(request, _("Your store settings are saved."))
            return redirect("sellers:settings")
    return _dash(request, "sellers/settings.html", seller, "settings", {"form": form}, status=status)


# --- applying ---------------------------------------------------------------------


@never_cache
@login_required
def apply(request: HttpRequest) -> HttpResponse:
    """Step 1: the business and store details. Creates the application on the
    first save, updates it while it is a draft or sent back for changes."""
    seller = seller_for_user(request.user)
    if seller is not None and not seller.is_editable and request.method != "POST":
        return _review(request, seller)
    form = SellerApplicationForm.for_seller(seller, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            seller = services.seller_application_save(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
            status = _error_status(exc)
        else:
            messages.success(request, _("Your details are saved. Now upload your documents."))
            return redirect("sellers:documents")
    table = _country_table()
    context = {
        "form": form,
        "countries_table": table,
        "accepted": {row["code"]: {"help": row["help"], "currency": row["currency_label"]} for row in table},
        "refusal": str(services.COUNTRY_REFUSAL),
        "help_default": registration_help(""),
        "step": 1,
    }
    return _dash(request, "sellers/apply.html", seller, "application", context, status=status)


@never_cache
@seller_application_required
def documents(request: HttpRequest, seller: Seller) -> HttpResponse:
    """Step 2: the documents the seller's country requires; upload and delete."""
    bound = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete":
            try:
                document_id = int(request.POST.get("document", ""))
                services.seller_document_delete(seller_id=seller.pk, actor=request.user, document_id=document_id)
            except ValueError:
                messages.error(request, _("There is no such document."))
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The document is deleted."))
            return redirect("sellers:documents")
        kind = request.POST.get("kind", "")
        if kind not in DocumentKind.values:
            messages.error(request, _("Choose what kind of document this is."))
            return redirect("sellers:documents")
        bound = DocumentUploadForm(request.POST, request.FILES, kind=kind)
        if bound.is_valid():
            try:
                document = services.seller_document_upload(
                    seller_id=seller.pk, actor=request.user, kind=kind, upload=bound.cleaned_data["file"]
                )
            except DomainError as exc:
                if exc.status_code == 400:
                    add_domain_error(bound, exc)
                else:  # not about this file: the application is locked, or not theirs
                    messages.error(request, exc.message)
                status = _error_status(exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is uploaded as: %(kind)s.")
                    % {"name": document.original_name, "kind": document.get_kind_display()},
                )
                return redirect("sellers:documents")
        seller.refresh_from_db()
    context = {
        "rows": _document_rows(seller, bound=bound),
        "missing": seller_missing_documents(seller),
        "max_mb": settings.CARAVAN_SELLER_DOCUMENT_MAX_BYTES // 1048576,
        "per_kind": settings.CARAVAN_SELLER_DOCUMENTS_PER_KIND,
        "step": 2,
    }
    return _dash(request, "sellers/documents.html", seller, "application", context, status=status)


def _review(request: HttpRequest, seller: Seller, status: int = 200) -> HttpResponse:
    context = {
        "rows": _document_rows(seller),
        "missing": seller_missing_documents(seller),
        "currency_label": currency_label(seller.settlement_currency),
        "scheme": SCHEMES[seller.country.code][0] if seller.country.code in SCHEMES else "",
        "step": 3,
    }
    return _dash(request, "sellers/review.html", seller, "application", context, status=status)


@never_cache
@seller_application_required
def submit(request: HttpRequest, seller: Seller) -> HttpResponse:
    """Step 3: a summary (GET) and the submission (POST). Submitting twice is
    harmless: the service returns an already submitted application unchanged."""
    if request.method != "POST":
        return _review(request, seller)
    was = seller.status
    try:
        seller = services.seller_application_submit(seller_id=seller.pk, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("sellers:documents" if seller.is_editable else "sellers:dashboard")
    if was == SellerStatus.SUBMITTED:
        messages.info(request, _("Your application was already submitted; it is waiting for review."))
    else:
        messages.success(request, _("Your application is submitted. We will email you when our team has decided."))
    return redirect("sellers:dashboard")


# --- private documents ------------------------------------------------------------


def _document_for_viewer(user, pk: int) -> SellerDocument:
    """The document, if `user` owns it or vets sellers; otherwise 404 (never
    403, which would confirm that the document exists)."""
    document = SellerDocument.objects.select_related("seller").filter(pk=pk).first()
    if document is None:
        raise Http404
    if document.seller.user_id != user.pk and not user.has_perm(services.VET_PERMISSION):
        raise Http404
    return document


# A document is a file, not a page: Chrome's PDF viewer is refused by the pages' policy
# (object-src 'none' blocks its plugin data), so the file's own policy keeps only what
# matters for it: it may be framed by our admin's vetting preview, and nowhere else.
DOCUMENT_CSP = {"frame-ancestors": [SELF], "base-uri": [NONE], "form-action": [NONE]}


def document_download_name(document: SellerDocument) -> str:
    """A name we make, with the extension of the type we detected: the uploader's file
    name (say `poly.html` on a PNG) never reaches the browser."""
    return f"{document.kind}-{document.pk}{EXTENSIONS.get(document.content_type, '.bin')}"


# SAMEORIGIN (not the site's DENY) for this response only: the vetting page previews a
# PDF in an <iframe>, which asks for `?inline=1`; everything else is a download.
@xframe_options_sameorigin
@login_required
@csp(DOCUMENT_CSP)
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_for_viewer(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=document.content_type,
        as_attachment=request.GET.get("inline") != "1",
        filename=document_download_name(document),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
