"""Staff views of the carrier side: the sandbox carrier's records (with a "simulate"
action to move a demo parcel on) and the carrier events Caravan received. Events
are read-only: they are what a carrier said."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.admin import ReadOnlyAdminMixin

from .base import CarrierError
from .models import CarrierEventReceipt, SandboxEvent, SandboxShipment
from .sandbox_provider import sandbox_shipment_simulate


class SandboxEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = SandboxEvent
    fields = ["seq", "code", "due_at", "location", "description", "event_id", "webhook_status", "webhook_attempts",
              "webhook_last_error"]  # fmt: skip
    readonly_fields = fields
    extra = 0
    ordering = ["seq"]


@admin.register(SandboxShipment)
class SandboxShipmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["shipment_id", "tracking_number", "carrier_code", "method_code", "origin", "destination",
                    "scenario", "created_at"]  # fmt: skip
    list_filter = ["scenario", "carrier_code", "origin"]
    search_fields = ["tracking_number", "shipment_id"]
    readonly_fields = list_display
    inlines = [SandboxEventInline]
    actions = ["simulate_next_event"]

    # The sandbox is a test double: moving a parcel on needs only the permission to look at it.
    @admin.action(description=_("Simulate: the next event happens now"), permissions=["view"])
    def simulate_next_event(self, request, queryset):
        moved = 0
        for shipment in queryset:
            try:
                sandbox_shipment_simulate(carrier_code=shipment.carrier_code, tracking_number=shipment.tracking_number)
                moved += 1
            except CarrierError as e:
                self.message_user(request, f"{shipment}: {e.message}", messages.ERROR)
        self.message_user(
            request, ngettext("%(n)d shipment moved on.", "%(n)d shipments moved on.", moved) % {"n": moved}
        )


@admin.register(CarrierEventReceipt)
class CarrierEventReceiptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["received_at", "carrier_code", "tracking_number", "code", "occurred_at", "via", "event_id"]
    list_filter = ["via", "code", "carrier_code"]
    search_fields = ["tracking_number", "event_id"]
    readonly_fields = list_display
    date_hierarchy = "received_at"
