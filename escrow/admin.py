"""The books in the admin, read-only: accounts with their balances (sums of
postings), journal transactions with their postings, and the trial balance
(every currency sums to zero). For staff in the "Finance" group (view
permissions only: nothing in the ledger is ever edited)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path

from marketplace.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import (
    Account,
    GatewayEvent,
    JournalTransaction,
    Payment,
    PaymentAllocation,
    Posting,
    Refund,
    SandboxAttempt,
    SandboxPayment,
    SandboxRefund,
    SandboxWebhook,
)
from .selectors import accounts_with_balances, trial_balance


class _ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Account)
class AccountAdmin(_ReadOnly):
    list_display = ["key", "kind", "currency", "order_id", "seller_id", "balance"]
    list_filter = ["kind", "currency"]
    search_fields = ["key"]
    change_list_template = "admin/escrow/account/change_list.html"

    def get_queryset(self, request):
        return accounts_with_balances()

    @admin.display(description="balance", ordering="balance")
    def balance(self, obj):
        return obj.balance if obj.balance is not None else 0

    def get_urls(self):
        trial = self.admin_site.admin_view(self.trial_balance_view)
        return [path("trial-balance/", trial, name="escrow_trial_balance"), *super().get_urls()]

    def trial_balance_view(self, request):
        context = {**self.admin_site.each_context(request), "title": "Trial balance", "totals": trial_balance(),
                   "opts": self.model._meta}  # fmt: skip
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return TemplateResponse(request, "admin/escrow/trial_balance.html", context)


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    fields = ["account", "amount", "currency"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalTransaction)
class JournalTransactionAdmin(_ReadOnly):
    list_display = ["reference", "kind", "memo", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["reference", "postings__account__key"]
    readonly_fields = ["reference", "kind", "memo", "actor", "created_at"]
    inlines = [PostingInline]


# --- payments, refunds and the gateways' records (read-only: money is moved by services only) ---


class AllocationInline(ReadOnlyInline):
    model = PaymentAllocation
    fields = readonly_fields = ["order_id", "amount"]


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = readonly_fields = ["order_id", "amount", "reason", "status", "gateway_ref", "created_at", "completed_at"]


class GatewayEventInline(ReadOnlyInline):
    model = GatewayEvent
    fields = readonly_fields = ["event_id", "kind", "received_at"]


@admin.register(Payment)
class PaymentAdmin(_ReadOnly):
    list_display = ["pk", "reference", "buyer", "amount", "status", "method", "gateway", "gateway_ref", "created_at",
                    "paid_at"]  # fmt: skip
    list_filter = ["status", "gateway", "method"]
    search_fields = ["reference", "gateway_ref", "buyer__email"]
    list_select_related = ["buyer"]
    readonly_fields = ["reference", "buyer", "country", "language", "amount", "status", "method", "gateway",
                       "gateway_ref", "return_url", "description", "failure_reason", "void_reason", "created_at",
                       "paid_at"]  # fmt: skip
    exclude = ["token"]  # the pay link is the buyer's: staff do not need it
    inlines = [AllocationInline, RefundInline, GatewayEventInline]


@admin.register(Refund)
class RefundAdmin(_ReadOnly):
    list_display = ["pk", "payment", "order_id", "amount", "reason", "status", "gateway_ref", "actor", "created_at",
                    "completed_at"]  # fmt: skip
    list_filter = ["status"]
    search_fields = ["order_id", "gateway_ref", "idempotency_key"]
    list_select_related = ["payment", "actor"]


@admin.register(GatewayEvent)
class GatewayEventAdmin(_ReadOnly):
    list_display = ["event_id", "gateway", "kind", "payment", "refund", "received_at"]
    list_filter = ["gateway", "kind"]
    search_fields = ["event_id", "payment__reference", "payment__gateway_ref"]
    list_select_related = ["payment", "refund"]


class SandboxAttemptInline(ReadOnlyInline):
    model = SandboxAttempt
    fields = readonly_fields = ["method", "detail", "outcome", "created_at"]


class SandboxRefundInline(ReadOnlyInline):
    model = SandboxRefund
    fields = readonly_fields = ["ref", "amount", "reason", "merchant_reference", "created_at"]


class SandboxWebhookInline(ReadOnlyInline):
    model = SandboxWebhook
    fields = readonly_fields = ["event_id", "kind", "attempts", "last_status", "delivered_at"]


@admin.register(SandboxPayment)
class SandboxPaymentAdmin(_ReadOnly):
    """The sandbox gateway's own side (what its provider dashboard would show)."""

    list_display = ["ref", "merchant_reference", "amount", "status", "method", "captured_amount", "refunded_amount",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "method", "country"]
    search_fields = ["ref", "merchant_reference"]
    exclude = ["token"]
    inlines = [SandboxAttemptInline, SandboxRefundInline, SandboxWebhookInline]


@admin.register(SandboxWebhook)
class SandboxWebhookAdmin(_ReadOnly):
    """The sandbox's webhook deliveries: each event, its attempts and the last answer."""

    list_display = ["event_id", "kind", "payment", "attempts", "last_status", "delivered", "last_attempt_at",
                    "created_at"]  # fmt: skip
    list_filter = ["kind", ("delivered_at", admin.EmptyFieldListFilter)]
    search_fields = ["event_id", "payment__ref"]
    list_select_related = ["payment"]

    @admin.display(boolean=True, description="delivered")
    def delivered(self, obj):
        return obj.delivered_at is not None
