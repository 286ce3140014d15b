"""Carriers, methods, zones and rates: all editable by staff (the seed is only a start)."""

from django.contrib import admin

from .models import Carrier, FreeShippingRule, ShippingMethod, ShippingTemplate, Warehouse, Zone, ZoneRate


class ZoneRateInline(admin.StackedInline):
    model = ZoneRate
    can_delete = False


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "website"]
    search_fields = ["name", "code"]


class ZoneInline(admin.TabularInline):
    model = Zone
    fields = ["origin", "name", "transit_days_min", "transit_days_max"]
    show_change_link = True
    extra = 0


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "carrier", "service_level", "kind", "tracked", "max_weight_grams",
                    "max_declared_value", "protection_days", "active"]  # fmt: skip
    list_filter = ["active", "service_level", "kind", "tracked", "carrier"]
    list_editable = ["active"]
    search_fields = ["name", "code", "carrier__name"]
    list_select_related = ["carrier"]
    inlines = [ZoneInline]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["method", "origin", "name", "transit_days_min", "transit_days_max"]
    list_filter = ["origin", "method"]
    search_fields = ["name", "method__name"]
    list_select_related = ["method"]
    inlines = [ZoneRateInline]


class FreeShippingRuleInline(admin.TabularInline):
    model = FreeShippingRule
    extra = 0


@admin.register(ShippingTemplate)
class ShippingTemplateAdmin(admin.ModelAdmin):
    """Sellers edit their templates in the seller centre; staff can look and fix."""

    list_display = ["name", "seller", "is_default", "handling_days", "updated_at"]
    list_filter = ["is_default"]
    search_fields = ["name", "seller__store_name"]
    list_select_related = ["seller"]
    raw_id_fields = ["seller"]
    filter_horizontal = ["methods"]
    inlines = [FreeShippingRuleInline]


@admin.register(Warehouse)
class WarehouseAdmin(admin.ModelAdmin):
    list_display = ["name", "seller", "country", "handling_days", "active"]
    list_filter = ["country", "active"]
    search_fields = ["name", "seller__store_name"]
    list_select_related = ["seller"]
    raw_id_fields = ["seller"]


from .carriers import admin as carriers_admin  # noqa: E402, F401  (the carrier side's admin)
