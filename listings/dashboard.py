"""The seller centre's listing pages: the table (search, status filter, inline
stock, bulk pause/activate), the editor (create and edit), photos and status.

Every view is behind `approved_seller_required` and reaches listings only
through `_own_listings(request)`, so another seller's listing is a 404. Every
write goes through listings.services; its DomainErrors come back as form errors
(ListingEditor.add_domain_error) or as messages.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from marketplace.errors import DomainError, NotFound
from sellers.access import approved_seller_required
from translation.models import TranslationKind

from . import services
from . import translations as translation_services
from .forms import ListingEditor, TranslationOverrideForm, category_choices
from .models import Listing, ListingImage, ListingStatus, ListingVariant
from .selectors import listing_first_thumbnail, listing_translation_rows

PER_PAGE = 50
STATUS_FILTERS = [ListingStatus.DRAFT, ListingStatus.ACTIVE, ListingStatus.PAUSED]
BULK_ACTIONS = {"pause": ListingStatus.PAUSED, "activate": ListingStatus.ACTIVE}
THUMBNAIL_STORAGE = ListingImage._meta.get_field("thumbnail").storage


def _render(request: HttpRequest, template: str, context: dict | None = None, status: int = 200) -> HttpResponse:
    """A page in the seller-centre layout, with "Listings" lit in its nav."""
    context = {"seller": request.seller, "active_nav": "listings", **(context or {})}
    return render(request, template, context, status=status)


def _own_listings(request: HttpRequest) -> QuerySet[Listing]:
    return Listing.objects.filter(seller=request.seller)


def _own_listing(request: HttpRequest, pk: int) -> Listing:
    return get_object_or_404(_own_listings(request), pk=pk)


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go back to after a POST: the `next` field if it is ours."""
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _table_rows(queryset: QuerySet[Listing]) -> QuerySet[Listing]:
    """The table's listings with what a row shows, in a fixed number of
    queries: the first photo's thumbnail as a subquery, variants prefetched."""
    return queryset.annotate(thumb_name=listing_first_thumbnail()).prefetch_related(
        Prefetch("variants", queryset=ListingVariant.objects.order_by("position", "pk"))
    )


def _decorate(listing: Listing) -> Listing:
    variants = list(listing.variants.all())
    listing.total_stock = sum(v.stock for v in variants)
    listing.thumb_url = THUMBNAIL_STORAGE.url(listing.thumb_name) if getattr(listing, "thumb_name", None) else ""
    return listing


def _row_listing(request: HttpRequest, pk: int) -> Listing:
    return _decorate(get_object_or_404(_table_rows(_own_listings(request)), pk=pk))


# --- the table ------------------------------------------------------------------------


@never_cache
@require_GET
@approved_seller_required
def index(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "")[:200].split())
    status = request.GET.get("status", "")
    if status not in STATUS_FILTERS:
        status = ""
    counts = _own_listings(request).aggregate(
        all=Count("pk"), **{value: Count("pk", filter=Q(status=value)) for value in STATUS_FILTERS}
    )
    listings = _own_listings(request)
    if query:
        listings = listings.filter(title__icontains=query)
    if status:
        listings = listings.filter(status=status)
    page = Paginator(_table_rows(listings).order_by("-updated_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))
    for listing in page.object_list:
        _decorate(listing)
    tabs = [{"value": "", "label": _("All"), "count": counts["all"]}] + [
        {"value": value.value, "label": value.label, "count": counts[value.value]} for value in STATUS_FILTERS
    ]
    params = request.GET.copy()
    params.pop("page", None)
    # Drafts whose category an import suggested get a picker in their row (one query for all of them).
    flagged = any(listing.category_check for listing in page.object_list)
    context = {
        "category_choices": category_choices() if flagged else [],
        "page": page,
        "listings": page.object_list,
        "query": query,
        "status": status,
        "tabs": tabs,
        "total": counts["all"],
        "page_params": params.urlencode(),
        "here": request.get_full_path(),
    }
    return _render(request, "listings/dashboard/index.html", context)


@never_cache
@require_GET
@approved_seller_required
def summary(request: HttpRequest) -> HttpResponse:
    """The overview's Listings card body: counts by status (loaded by htmx)."""
    counts = _own_listings(request).aggregate(
        all=Count("pk"), **{value: Count("pk", filter=Q(status=value)) for value in STATUS_FILTERS}
    )
    out_of_stock = _own_listings(request).filter(status=ListingStatus.ACTIVE).exclude(variants__stock__gt=0).count()
    return _render(request, "listings/dashboard/_summary.html", {"counts": counts, "out_of_stock": out_of_stock})


@never_cache
@require_POST
@approved_seller_required
def stock_update(request: HttpRequest, variant_pk: int) -> HttpResponse:
    """One variant's stock from the table. With htmx the stock cell comes back
    re-rendered (with an error in it if refused); without, a redirect."""
    variant = get_object_or_404(ListingVariant, pk=variant_pk, listing__seller=request.seller)
    error = ""
    try:
        stock = int(request.POST.get("stock", "").strip())
    except ValueError:
        error = _("Enter the stock as a whole number of lots.")
    else:
        try:
            variant = services.variant_stock_update(actor=request.user, variant_id=variant.pk, stock=stock)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error = exc.message
    if request.htmx:
        listing = _row_listing(request, variant.listing_id)
        context = {"listing": listing, "stock_error": error, "stock_saved": not error, "variant_pk": variant.pk,
                   "open": True, "here": _next_url(request, reverse("seller_listings:index"))}  # fmt: skip
        return _render(request, "listings/dashboard/_stock_cell.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request,
            _("Stock of %(sku)s is now %(n)s lots.") % {"sku": variant.sku, "n": variant.stock},
        )
    return redirect(_next_url(request, reverse("seller_listings:index")))


@never_cache
@require_POST
@approved_seller_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Pause or activate the ticked listings; say which could not change and why."""
    back = _next_url(request, reverse("seller_listings:index"))
    target = BULK_ACTIONS.get(request.POST.get("action", ""))
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    if target is None:
        messages.error(request, _("Choose what to do with the selected listings."))
        return redirect(back)
    mine = dict(_own_listings(request).filter(pk__in=ids).values_list("pk", "title"))
    if not mine:
        messages.error(request, _("Tick the listings you want to change first."))
        return redirect(back)
    failed = services.listings_bulk_set_status(
        actor=request.user, seller_id=request.seller.pk, listing_ids=list(mine), status=target
    )
    changed = len(mine) - len(failed)
    if changed:
        if target == ListingStatus.PAUSED:
            text = ngettext("%(n)s listing paused.", "%(n)s listings paused.", changed)
        else:
            text = ngettext("%(n)s listing is now active.", "%(n)s listings are now active.", changed)
        messages.success(request, text % {"n": changed})
    for pk, problem in failed.items():
        messages.error(request, _("“%(title)s” did not change: %(why)s") % {"title": mine[pk], "why": problem})
    return redirect(back)


@never_cache
@require_POST
@approved_seller_required
def category_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm or change the category an import suggested (the table's "check the category")."""
    listing = _own_listing(request, pk)
    back = _next_url(request, reverse("seller_listings:index"))
    try:
        category_id = int(request.POST.get("category") or 0)
    except ValueError:
        category_id = 0
    try:
        services.listing_category_confirm(actor=request.user, listing_id=listing.pk, category_id=category_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The category of “%(title)s” is confirmed.") % {"title": listing.title[:80]})
    return redirect(back)


# --- create and edit --------------------------------------------------------------------


def _editor_page(request: HttpRequest, editor: ListingEditor, *, status: int = 200, **extra) -> HttpResponse:
    listing = editor.listing
    context = {
        "editor": editor,
        "form": editor.form,
        "listing": listing,
        "currency": editor.currency,
        "parcel": {
            "weight": settings.CARAVAN_PARCEL_MAX_WEIGHT_GRAMS,
            "side": settings.CARAVAN_PARCEL_MAX_SIDE_CM,
            "sum": settings.CARAVAN_PARCEL_MAX_DIMENSIONS_SUM_CM,
            "value": settings.CARAVAN_PARCEL_MAX_DECLARED_VALUE_EUR,
        },
        "max_photos": settings.CARAVAN_LISTING_MAX_IMAGES,
        "max_photo_mb": settings.CARAVAN_LISTING_IMAGE_MAX_BYTES // 1048576,
        **extra,
    }
    if listing is not None:
        images = list(listing.images.all())
        context["images"] = images
        context["photo_slots"] = max(0, settings.CARAVAN_LISTING_MAX_IMAGES - len(images))
        if listing.status != ListingStatus.ACTIVE:
            context["problems"] = services.publish_problems(listing)
    return _render(request, "listings/dashboard/form.html", context, status=status)


def _save(request: HttpRequest, editor: ListingEditor) -> Listing | None:
    """Validate the editor and create or update through the services; None
    (with the errors on the editor) when something was refused."""
    if not editor.is_valid():
        return None
    data = editor.to_input()
    if data is None:
        return None
    try:
        if editor.listing is None:
            return services.listing_create(actor=request.user, seller_id=request.seller.pk, data=data)
        return services.listing_update(actor=request.user, listing_id=editor.listing.pk, data=data)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        editor.add_domain_error(exc)
        return None


@never_cache
@approved_seller_required
def create(request: HttpRequest) -> HttpResponse:
    editor = ListingEditor(seller=request.seller, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        listing = _save(request, editor)
        if listing is not None:
            messages.success(request, _("Your draft is saved. Add photos, then publish it."))
            return redirect(reverse("seller_listings:edit", args=[listing.pk]) + "#photos")
    return _editor_page(request, editor)


@never_cache
@approved_seller_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _own_listing(request, pk)
    editor = ListingEditor(
        seller=request.seller, listing=listing, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        saved = _save(request, editor)
        if saved is not None and saved.category_check:
            # The seller saved the editor with its category in view: that confirms it.
            saved = services.listing_category_confirm(
                actor=request.user, listing_id=saved.pk, category_id=saved.category_id
            )
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return redirect("seller_listings:edit", pk=saved.pk)
        editor.listing.refresh_from_db()  # the refused update was rolled back
    return _editor_page(request, editor)


# --- status and photos ------------------------------------------------------------------


@never_cache
@require_POST
@approved_seller_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish (draft → active), pause or re-activate one listing."""
    listing = _own_listing(request, pk)
    back = _next_url(request, reverse("seller_listings:edit", args=[listing.pk]))
    target = request.POST.get("status", "")
    if target not in (ListingStatus.ACTIVE, ListingStatus.PAUSED):
        messages.error(request, _("Choose whether to publish or pause the listing."))
        return redirect(back)
    was = listing.status
    try:
        listing = services.listing_set_status(actor=request.user, listing_id=listing.pk, status=target)
    except DomainError as exc:
        if isinstance(exc, services.PublishRefused):
            why = " ".join(exc.problems)
            messages.error(
                request, _("“%(title)s” cannot be published yet: %(why)s") % {"title": listing.title, "why": why}
            )
        else:
            messages.error(request, exc.message)
        return redirect(back)
    if target == ListingStatus.PAUSED:
        messages.success(request, _("“%(title)s” is paused: buyers no longer see it.") % {"title": listing.title})
    elif was == ListingStatus.DRAFT:
        messages.success(request, _("“%(title)s” is published: buyers can find it now.") % {"title": listing.title})
    else:
        messages.success(request, _("“%(title)s” is active again.") % {"title": listing.title})
    return redirect(back)


@never_cache
@require_POST
@approved_seller_required
def photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload one or more photos; each is checked on its own, and each
    refusal is shown with the file's name."""
    listing = _own_listing(request, pk)
    uploads = request.FILES.getlist("photos")
    if not uploads:
        messages.error(request, _("Choose one or more photos to upload."))
        return redirect(reverse("seller_listings:edit", args=[listing.pk]) + "#photos")
    added, errors = 0, []
    for upload in uploads:
        try:
            services.listing_image_add(actor=request.user, listing_id=listing.pk, upload=upload)
        except DomainError as exc:
            errors.append({"name": upload.name, "message": exc.message})
        else:
            added += 1
    if added:
        messages.success(request, ngettext("%(n)s photo added.", "%(n)s photos added.", added) % {"n": added})
    if not errors:
        return redirect(reverse("seller_listings:edit", args=[listing.pk]) + "#photos")
    listing.refresh_from_db()
    return _editor_page(request, ListingEditor(seller=request.seller, listing=listing), photo_errors=errors)


@never_cache
@require_POST
@approved_seller_required
def photo_delete(request: HttpRequest, pk: int, image_pk: int) -> HttpResponse:
    listing = _own_listing(request, pk)
    image = get_object_or_404(ListingImage, pk=image_pk, listing=listing)
    try:
        services.listing_image_delete(actor=request.user, image_id=image.pk)
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The photo is deleted."))
    return redirect(reverse("seller_listings:edit", args=[listing.pk]) + "#photos")


# --- translations (the seller's own override) -------------------------------------------


def _translation_rows(listing: Listing, posted: dict | None = None) -> list[dict]:
    """The selector's rows (listing_translation_rows: one per interface language but
    the listing's own, with its status) plus what this page shows: the language's
    name and the edit form's values (the posted ones for the language whose save
    was refused)."""
    rows = []
    terms = translation_services.listing_terms(listing)
    for selected in listing_translation_rows(listing):
        code, row = selected["language"], selected["translation"]
        values = (row.attributes if row else {}) or {}
        form = {
            "title": row.title if row else "",
            "description": row.description if row else "",
            "attributes": [
                {"name": name, "original": original, "value": values.get(name, "")}
                for name, original in (listing.attributes or {}).items()
            ],
            "terms": [
                {"number": n, "original": term, "value": ((row.terms or {}) if row else {}).get(term, "")}
                for n, term in enumerate(terms)
            ],
            "errors": {},
        }
        if posted and posted["language"] == code:
            form = posted["form"]
        rows.append(
            {
                "language": code,
                "name": get_language_info(code)["name_translated"],
                "translation": row,
                "current": selected["status"] == "current",
                "human": row is not None and row.kind == TranslationKind.HUMAN,
                "form": form,
            }
        )
    return rows


@never_cache
@approved_seller_required
def translations(request: HttpRequest, pk: int) -> HttpResponse:
    """The listing in every other interface language: the translation, its engine,
    kind and status, and a form per language to correct it (a human override) or
    to go back to the machine translation."""
    listing = _own_listing(request, pk)
    here = reverse("seller_listings:translations", args=[listing.pk])
    posted = None
    status = 200
    if request.method == "POST":
        form = TranslationOverrideForm(request.POST, listing=listing)
        form.is_valid()  # every field is optional text: the service decides what is allowed
        values = form.override()
        language, action = values["language"], form.cleaned_data.get("action") or "save"
        language_name = get_language_info(language)["name_translated"] if language in dict(settings.LANGUAGES) else ""
        try:
            if action == "reset":
                translation_services.listing_translation_reset(
                    actor=request.user, listing_id=listing.pk, language=language
                )
            else:
                posted = {
                    "language": language,
                    "form": {
                        "title": values["title"],
                        "description": values["description"] or "",
                        "attributes": [
                            {"name": name, "original": original, "value": values["attributes"][name]}
                            for name, original in (listing.attributes or {}).items()
                        ],
                        "terms": [
                            {"number": n, "original": term, "value": (values["terms"] or {}).get(term, "")}
                            for n, term in enumerate(form.terms)
                        ],
                        "errors": {},
                    },
                }
                translation_services.listing_translation_override(actor=request.user, listing_id=listing.pk, **values)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            if posted is not None and exc.field in ("title", "attributes", "description", "terms"):
                posted["form"]["errors"][exc.field] = exc.message
            else:
                messages.error(request, exc.message)
                posted = None
            status = 400
        else:
            if action == "reset":
                messages.success(
                    request,
                    _("The machine translation into %(language)s is on its way back.") % {"language": language_name},
                )
            else:
                messages.success(
                    request, _("Your translation into %(language)s is saved.") % {"language": language_name}
                )
            return redirect(f"{here}#lang-{language}")
    context = {
        "listing": listing,
        "source_name": get_language_info(listing.source_language)["name_translated"],
        "rows": _translation_rows(listing, posted),
        "title_max": translation_services.OVERRIDE_TITLE_MAX,
        "attribute_max": translation_services.OVERRIDE_ATTRIBUTE_MAX,
        "description_max": translation_services.override_description_max(),
    }
    return _render(request, "listings/dashboard/translations.html", context, status=status)
