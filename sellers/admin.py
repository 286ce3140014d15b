"""The vetting queue: staff read an application, its documents and its history,
then decide through a small confirm page per decision.

Nothing an applicant filed is editable here, and nothing is added or deleted:
every decision goes through sellers.services, which checks the vet_seller
permission again, locks the row, records the event and queues the email.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import Country

from marketplace.errors import DomainError

from . import services
from .models import Seller, SellerDocument, SellerStatus

# What a vetting officer should know about an application in each status.
STATUS_NOTES = {
    SellerStatus.DRAFT: _("The applicant is still filling in this application. Nothing to decide yet."),
    SellerStatus.SUBMITTED: _(
        "This application is waiting for a decision. Check the details and open every document, then decide."
    ),
    SellerStatus.CHANGES_REQUESTED: _(
        "Sent back to the applicant for changes. It returns to the queue when they submit it again."
    ),
    SellerStatus.APPROVED: _("This store is live. Suspend it if it breaks the marketplace rules."),
    SellerStatus.REJECTED: _("This application was rejected. A rejected application cannot be reopened."),
    SellerStatus.SUSPENDED: _(
        "This store is suspended: buyers cannot see it. Reinstate it once the issue is resolved."
    ),
}


@dataclass(frozen=True)
class Decision:
    """One button of the vetting queue and the service behind it."""

    action: str
    label: str
    service: Callable[..., Seller]
    applies_to: str
    reason_required: bool
    reason_label: str
    consequence: str
    done: str
    danger: bool = False


DECISIONS: dict[str, Decision] = {
    d.action: d
    for d in (
        Decision(
            action="approve",
            label=_("Approve"),
            service=services.seller_approve,
            applies_to=SellerStatus.SUBMITTED,
            reason_required=False,
            reason_label=_("Message to the seller (optional)"),
            consequence=_(
                "The store goes live: the seller can publish listings and receive orders. "
                "The seller is emailed, with your message if you write one."
            ),
            done=_("“%(store)s” is approved. The seller will be emailed."),
        ),
        Decision(
            action="request_changes",
            label=_("Request changes"),
            service=services.seller_request_changes,
            applies_to=SellerStatus.SUBMITTED,
            reason_required=True,
            reason_label=_("Reason: what the seller must change"),
            consequence=_(
                "The application goes back to the seller, who can correct it and submit it again. "
                "The seller is emailed your message: say exactly what to fix."
            ),
            done=_("Changes requested from “%(store)s”. The seller will be emailed."),
        ),
        Decision(
            action="reject",
            label=_("Reject"),
            service=services.seller_reject,
            applies_to=SellerStatus.SUBMITTED,
            reason_required=True,
            reason_label=_("Reason for rejecting (sent to the seller)"),
            consequence=_(
                "The application is closed for good: it cannot be reopened or submitted again. "
                "If the seller could fix the problem, request changes instead."
            ),
            done=_("“%(store)s” is rejected. The seller will be emailed."),
            danger=True,
        ),
        Decision(
            action="suspend",
            label=_("Suspend"),
            service=services.seller_suspend,
            applies_to=SellerStatus.APPROVED,
            reason_required=True,
            reason_label=_("Reason for suspending (sent to the seller)"),
            consequence=_(
                "The store disappears from the marketplace: the seller cannot publish listings or receive "
                "orders until the store is reinstated."
            ),
            done=_("“%(store)s” is suspended. The seller will be emailed."),
            danger=True,
        ),
        Decision(
            action="reinstate",
            label=_("Reinstate"),
            service=services.seller_reinstate,
            applies_to=SellerStatus.SUSPENDED,
            reason_required=True,
            reason_label=_("Reason for reinstating (sent to the seller)"),
            consequence=_("The store is live again: the seller can publish listings and receive orders."),
            done=_("“%(store)s” is reinstated. The seller will be emailed."),
        ),
    )
}


class DecisionForm(forms.Form):
    required_css_class = "required"

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "cols": 70}),
        max_length=2000,
        help_text=_("The seller reads this in an email and on their dashboard; it is also kept in the history."),
        error_messages={"required": _("Give a reason: the seller will read it.")},
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = decision.reason_required
        self.fields["reason"].label = decision.reason_label


class QueueStatusFilter(admin.SimpleListFilter):
    """Status, opening on the applications waiting for a decision. "All" is an
    explicit value: no parameter at all means the queue."""

    title = _("status")
    parameter_name = "status"
    ALL = "all"
    DEFAULT = SellerStatus.SUBMITTED

    def lookups(self, request, model_admin):
        return [(self.ALL, _("All")), *SellerStatus.choices]

    def value(self):
        return super().value() or self.DEFAULT

    def choices(self, changelist):
        entries = super().choices(changelist)
        next(entries)  # Django's own "All" drops the parameter, which here means the queue
        yield from entries

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ALL:
            return queryset
        return queryset.filter(status=value)


class SellerCountryFilter(admin.SimpleListFilter):
    """The countries sellers may come from (settings), without a query."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        return [(code, Country(code).name) for code in settings.CARAVAN_SELLER_COUNTRIES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country=self.value())
        return queryset


def _when(value):
    """A timestamp as the admin shows its own date fields (localised, in the site's time
    zone): an admin method's return value is otherwise printed raw (2026-12-02 05:02:36.058395+00:00)."""
    return display_for_value(value, "—")


def status_pill(seller: Seller) -> str:
    return format_html(
        # A class per status, not a style="" colour: the Content-Security-Policy allows no inline style.
        '<span class="caravan-pill caravan-pill-{}">{}</span>',
        seller.status,
        seller.get_status_display(),
    )


def country_with_flag(seller: Seller) -> str:
    return format_html(
        '<img class="caravan-flag" src="{}" alt="" width="16" height="11"> {}', seller.country.flag, seller.country.name
    )


@admin.register(Seller)
class SellerAdmin(admin.ModelAdmin):
    list_display = [
        "store_name",
        "country_display",
        "legal_entity_type",
        "status_display",
        "submitted",
        "document_count",
    ]
    list_display_links = ["store_name"]
    list_filter = [QueueStatusFilter, SellerCountryFilter]
    search_fields = ["store_name", "legal_name", "registration_number", "user__email"]
    search_help_text = _("Search by store name, legal name, registration number or the applicant's email.")
    # The queue is worked first in, first out; drafts (never submitted) last.
    ordering = [F("submitted_at").asc(nulls_last=True), "pk"]
    actions = ["approve_selected"]
    fieldsets = [
        (_("Decision"), {"fields": ["staff_message", "submitted", "decided", "approved"]}),
        (_("Store"), {"fields": ["store_name", "store_language", "description", "logo"]}),
        (
            _("Business"),
            {
                "fields": [
                    "legal_name",
                    "legal_entity_type",
                    "country_display",
                    "registration_number",
                    "business_address",
                    "contact_phone",
                    "settlement_currency",
                ]
            },
        ),
        (_("Applicant"), {"fields": ["applicant", "created", "updated"]}),
    ]
    readonly_fields = [field for _title, options in fieldsets for field in options["fields"]]

    # --- permissions: staff read and decide, they never edit, add or delete ---

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Seller | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Seller | None = None) -> bool:
        return False

    def has_vet_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(services.VET_PERMISSION)

    # --- the list ------------------------------------------------------------

    def get_queryset(self, request: HttpRequest):
        # A correlated subquery rather than a JOIN + GROUP BY: the changelist's COUNT(*)s then drop it.
        documents = (
            SellerDocument.objects.filter(seller=OuterRef("pk")).order_by().values("seller").annotate(n=Count("pk"))
        )
        return (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(document_count=Coalesce(Subquery(documents.values("n")), 0))
        )

    @admin.display(description=_("country"), ordering="country")
    def country_display(self, obj: Seller) -> str:
        return country_with_flag(obj)

    @admin.display(description=_("status"), ordering="status")
    def status_display(self, obj: Seller) -> str:
        return status_pill(obj)

    @admin.display(description=_("documents"), ordering="document_count")
    def document_count(self, obj: Seller) -> int:
        return obj.document_count

    # The model's bookkeeping fields have no translated verbose names; these do.

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj: Seller):
        return _when(obj.submitted_at)

    @admin.display(description=_("decided"))
    def decided(self, obj: Seller):
        return _when(obj.decided_at)

    @admin.display(description=_("approved"))
    def approved(self, obj: Seller):
        return _when(obj.approved_at)

    @admin.display(description=_("application started"))
    def created(self, obj: Seller):
        return _when(obj.created_at)

    @admin.display(description=_("last changed"))
    def updated(self, obj: Seller):
        return _when(obj.updated_at)

    @admin.display(description=_("applicant"))
    def applicant(self, obj: Seller) -> str:
        if obj.user.full_name:
            return f"{obj.user.full_name} <{obj.user.email}>"
        return obj.user.email

    @admin.action(description=_("Approve selected applications"), permissions=["vet"])
    def approve_selected(self, request: HttpRequest, queryset) -> None:
        approved, skipped, failed = [], [], []
        for seller in queryset.order_by(*self.ordering):
            if seller.status != SellerStatus.SUBMITTED:
                skipped.append(f"{seller.store_name} ({seller.get_status_display().lower()})")
                continue
            try:
                services.seller_approve(seller_id=seller.pk, actor=request.user)
            except DomainError as exc:  # e.g. decided by someone else a moment ago
                failed.append(f"{seller.store_name}: {exc.message}")
            else:
                approved.append(seller.store_name)
        if approved:
            message = ngettext(
                "Approved %(count)d application: %(names)s. The seller will be emailed.",
                "Approved %(count)d applications: %(names)s. The sellers will be emailed.",
                len(approved),
            )
            self.message_user(
                request, message % {"count": len(approved), "names": ", ".join(approved)}, messages.SUCCESS
            )
        if skipped:
            message = ngettext(
                "Skipped %(count)d application that is not waiting for review: %(names)s.",
                "Skipped %(count)d applications that are not waiting for review: %(names)s.",
                len(skipped),
            )
            self.message_user(request, message % {"count": len(skipped), "names": "; ".join(skipped)}, messages.WARNING)
        for line in failed:
            self.message_user(request, line, messages.ERROR)

    # --- the application -----------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            can_vet = self.has_vet_permission(request)
            context.update(
                documents=[
                    {
                        "document": document,
                        "url": reverse("sellers:document_file", kwargs={"pk": document.pk}),
                        "is_image": document.content_type.startswith("image/"),
                        "is_pdf": document.content_type == "application/pdf",
                    }
                    for document in obj.documents.all()
                ],
                events=obj.events.select_related("actor").order_by("created_at", "pk"),
                status_note=STATUS_NOTES.get(obj.status, ""),
                status_pill=status_pill(obj),
                can_vet=can_vet,
                decisions=[
                    {"decision": d, "url": self._decide_url(obj, d.action)}
                    for d in DECISIONS.values()
                    if can_vet and d.applies_to == obj.status
                ],
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    # --- the decisions -------------------------------------------------------

    def get_urls(self):
        decide = path(
            "<path:object_id>/decide/<str:action>/",
            self.admin_site.admin_view(self.decide_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_decide",
        )
        # Before the default URLs: their "<path:object_id>/" catch-all would swallow it.
        return [decide, *super().get_urls()]

    def _decide_url(self, seller: Seller, action: str) -> str:
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_decide",
            kwargs={"object_id": seller.pk, "action": action},
        )

    def decide_view(self, request: HttpRequest, object_id: str, action: str) -> HttpResponse:
        decision = DECISIONS.get(action)
        if decision is None:
            raise Http404(_("There is no such decision."))
        if not self.has_vet_permission(request):
            raise PermissionDenied
        seller = self.get_object(request, unquote(object_id))
        if seller is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        change_url = reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_change", args=[seller.pk]
        )
        form = DecisionForm(request.POST if request.method == "POST" else None, decision=decision)
        if form.is_valid():
            status_before = seller.status
            try:
                seller = decision.service(seller_id=seller.pk, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as exc:
                form.add_error("reason" if exc.field == "reason" else None, exc.message)
            else:
                if status_before == decision.applies_to:
                    self.message_user(request, decision.done % {"store": seller.store_name}, messages.SUCCESS)
                else:  # the service found the decision already in force and changed nothing
                    self.message_user(
                        request,
                        _("Nothing changed: “%(store)s” is already %(status)s.")
                        % {"store": seller.store_name, "status": seller.get_status_display().lower()},
                        messages.INFO,
                    )
                return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(decision)s “%(store)s”?") % {"decision": decision.label, "store": seller.store_name},
            "subtitle": None,
            "seller": seller,
            "original": seller,
            "status_pill": status_pill(seller),
            "country": country_with_flag(seller),
            "decision": decision,
            "applies": seller.status == decision.applies_to,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/sellers/seller/decide.html", context)
