"""Orders in the admin: read-only (every change is a service's, with its event
row), the lines and the event history inline."""

from django.contrib import admin

from marketplace.admin import ReadOnlyAdminMixin, ReadOnlyInline

from .models import Checkout, Order, OrderEvent, OrderLine, Shipment, ShipmentEvent


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = ["sku", "title", "title_buyer", "options", "lots", "lot_size", "unit_price", "unit_price_buyer",
              "line_total", "line_total_buyer", "weight_grams", "hs_code"]  # fmt: skip
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["at", "actor", "from_status", "to_status", "reason", "detail"]
    readonly_fields = fields


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # view only: every change is a service's, with its event row
    list_display = ["number", "status", "buyer", "seller", "total", "settlement_total", "pay_by", "ship_by",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "currency", "settlement_currency"]
    search_fields = ["number", "buyer__email", "seller__store_name"]
    list_select_related = ["buyer", "seller"]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Order._meta.concrete_fields]


@admin.register(Checkout)
class CheckoutAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # view only: every change is a service's, with its event row
    list_display = ["token", "buyer", "currency", "country", "payment_id", "created_at"]
    search_fields = ["token", "buyer__email"]
    list_select_related = ["buyer"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Checkout._meta.concrete_fields]


# --- fulfilment: shipments and their tracking events (read-only) ---------------------------------


class ShipmentEventInline(ReadOnlyInline):
    model = ShipmentEvent
    fields = ["occurred_at", "code", "location", "description", "via", "event_id", "received_at"]
    readonly_fields = fields


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):  # view only: events come from carriers (orders.fulfilment)
    list_display = ["order", "carrier_code", "tracking_number", "shipped_on", "last_code", "delivered_at"]
    list_filter = ["carrier_code", "last_code"]
    search_fields = ["tracking_number", "order__number", "carrier_shipment_id"]
    list_select_related = ["order"]
    inlines = [ShipmentEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Shipment._meta.concrete_fields]
