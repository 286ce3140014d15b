"""Reads of the shipping data, turned into the frozen values `logistics.quote` works on."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from marketplace.money import money as _money

from .models import Carrier, ShippingMethod, Zone, ZoneRate
from .quote import Limits, Method, Rate, ZoneSpec

CACHE_KEY = "logistics:methods:v1:{origin}"
CACHE_SECONDS = 300


def _method_values(method: ShippingMethod, origin: str) -> Method:
    zones = tuple(
        ZoneSpec(
            name=z.name,
            countries=frozenset(z.countries),
            transit_days=(z.transit_days_min, z.transit_days_max),
            rate=Rate(
                first_grams=z.rate.first_step_grams,
                first_price=_money(z.rate.first_step_price.amount, z.rate.first_step_price.currency.code),
                step_grams=z.rate.additional_step_grams,
                step_price=_money(z.rate.additional_step_price.amount, z.rate.additional_step_price.currency.code),
            ),
        )
        for z in method.zones.all()
        if z.origin == origin and hasattr(z, "rate")
    )
    return Method(
        code=method.code,
        name=method.name,
        carrier=method.carrier.name,
        service_level=method.service_level,
        kind=method.kind,
        tracked=method.tracked,
        origins=frozenset(method.origin_countries),
        protection_days=method.protection_days,
        limits=Limits(
            max_weight_grams=method.max_weight_grams,
            max_side_cm=method.max_side_cm,
            max_dimensions_sum_cm=method.max_dimensions_sum_cm,
            max_length_girth_cm=method.max_length_girth_cm,
            max_declared_value=_money(method.max_declared_value.amount, method.max_declared_value.currency.code),
        ),
        zones=zones,
    )


def shipping_methods_for(origin: str) -> tuple[Method, ...]:
    """Every active method, with its zones from `origin` (a method that does not
    serve the origin comes with no zones, so the quote can say so). Two queries,
    cached for a few minutes and dropped whenever a carrier, method, zone or
    rate is saved or deleted."""
    key = CACHE_KEY.format(origin=origin)
    methods = cache.get(key)
    if methods is None:
        rows = (
            ShippingMethod.objects.filter(active=True)
            .select_related("carrier")
            .prefetch_related("zones__rate")
            .order_by("code")
        )
        methods = tuple(_method_values(m, origin) for m in rows)
        cache.set(key, methods, CACHE_SECONDS)
    return methods


def shipping_methods_cache_clear(**kwargs) -> None:
    from django.conf import settings

    cache.delete_many([CACHE_KEY.format(origin=o) for o in settings.CARAVAN_SELLER_COUNTRIES])


def connect_signals() -> None:
    for model in (Carrier, ShippingMethod, Zone, ZoneRate):
        post_save.connect(shipping_methods_cache_clear, sender=model, dispatch_uid=f"logistics-cache-{model.__name__}")
        post_delete.connect(shipping_methods_cache_clear, sender=model, dispatch_uid=f"logistics-del-{model.__name__}")
