"""Reads of the shipping data, turned into the frozen values `logistics.quote` works on."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from marketplace.money import money as _money

from .models import Carrier, ShippingMethod, Zone, ZoneRate
from .quote import Limits, Method, Rate, ZoneSpec

VERSION_KEY = "logistics:methods:version"
# Per process: {(origin, version): methods}. The shared cache holds only the version, so
# an edit in any process (the admin) reaches every process on its next read.
_loaded: dict[tuple[str, str], tuple[Method, ...]] = {}


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
    serve the origin comes with no zones, so the quote can say so). Two queries
    the first time; then one cache read for the version, until a carrier,
    method, zone or rate is saved or deleted."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    methods = _loaded.get((origin, version))
    if methods is None:
        rows = (
            ShippingMethod.objects.filter(active=True)
            .select_related("carrier")
            .prefetch_related("zones__rate")
            .order_by("code")
        )
        methods = tuple(_method_values(m, origin) for m in rows)
        if any(key[1] != version for key in _loaded):
            _loaded.clear()  # older versions are never read again
        _loaded[(origin, version)] = methods
    return methods


def shipping_methods_cache_clear(**kwargs) -> None:
    """Every process reloads the methods on its next read: now, and again when the
    edit commits (a read in between would otherwise keep the old rows)."""
    shipping_methods_forget()
    transaction.on_commit(shipping_methods_forget)


def shipping_methods_forget() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def connect_signals() -> None:
    for model in (Carrier, ShippingMethod, Zone, ZoneRate):
        post_save.connect(shipping_methods_cache_clear, sender=model, dispatch_uid=f"logistics-cache-{model.__name__}")
        post_delete.connect(shipping_methods_cache_clear, sender=model, dispatch_uid=f"logistics-del-{model.__name__}")
