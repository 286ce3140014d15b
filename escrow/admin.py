"""The books in the admin, read-only: accounts with their balances (sums of
postings), journal transactions with their postings, and the trial balance
(every currency sums to zero). For staff in the "Finance" group (view
permissions only: nothing in the ledger is ever edited)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path

from .models import Account, JournalTransaction, Posting
from .selectors import accounts_with_balances, trial_balance


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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
