"""Reads of the shipping data, turned into the frozen values `logistics.quote` works on."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

from marketplace.money import money as _money

from .models import (
    Carrier,
    FreeDestination,
    FreeShippingRule,
    ShippingMethod,
    ShippingTemplate,
    Warehouse,
    Zone,
    ZoneRate,
    eu_countries,
)
from .quote import FreeRule, Limits, Method, Rate, TemplateSpec, ZoneSpec

VERSION_KEY = "logistics:methods:version"
STORE_CACHE_SECONDS = 3600
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


def _methods_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def shipping_methods_for(origin: str) -> tuple[Method, ...]:
    """Every active method, with its zones from `origin` (a method that does not
    serve the origin comes with no zones, so the quote can say so). Two queries
    the first time; then one cache read for the version, until a carrier,
    method, zone or rate is saved or deleted."""
    version = _methods_version()
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
    # Edits in the admin; the services also forget the store themselves (bulk writes send no signals).
    for model in (ShippingTemplate, FreeShippingRule, Warehouse):
        post_save.connect(_store_changed, sender=model, dispatch_uid=f"logistics-store-{model.__name__}")
        post_delete.connect(_store_changed, sender=model, dispatch_uid=f"logistics-store-del-{model.__name__}")
    m2m_changed.connect(_store_changed, sender=ShippingTemplate.methods.through, dispatch_uid="logistics-store-m2m")


# --- seller templates and warehouses ---------------------------------------------------------


def _template_queryset():
    return ShippingTemplate.objects.prefetch_related(
        Prefetch("methods", queryset=ShippingMethod.objects.only("pk", "code")), "free_rules"
    )


def template_spec(template: ShippingTemplate) -> TemplateSpec:
    """A template (its methods and free rules prefetched) as quote values."""
    codes = frozenset(m.code for m in template.methods.all())
    rules = tuple(
        FreeRule(
            countries=rule.covers(),
            min_order=None if rule.min_order is None else _money(rule.min_order.amount, rule.min_order.currency.code),
        )
        for rule in template.free_rules.all()
    )
    return TemplateSpec(
        method_codes=codes or None, free_rules=rules, handling_days=template.handling_days, name=template.name
    )


@dataclass(frozen=True)
class WarehouseSpec:
    id: int
    country: str
    name: str
    handling_days: int


@dataclass(frozen=True)
class StoreShipping:
    """One store's shipping setup as values: its templates and active warehouses."""

    default: TemplateSpec | None = None
    templates: dict[int, TemplateSpec] = field(default_factory=dict)
    warehouses: tuple[WarehouseSpec, ...] = ()

    def template(self, template_id: int | None) -> TemplateSpec | None:
        """The listing's chosen template, else the store default."""
        if template_id is not None and template_id in self.templates:
            return self.templates[template_id]
        return self.default

    def warehouse_in(self, country: str) -> WarehouseSpec | None:
        return next((w for w in self.warehouses if w.country == country), None)


def _store_key(seller_id: int, version: str) -> str:
    # Under the methods' version: an edit of the methods (their codes) reloads every store too.
    return f"logistics:store:{version}:{seller_id}"


def stores_shipping(seller_ids: Iterable[int]) -> dict[int, StoreShipping]:
    """{seller id: StoreShipping} from the shared cache; the stores missing
    from it are loaded together (four queries whatever their number) and
    cached until one of their templates or warehouses changes."""
    ids = set(seller_ids)
    if not ids:
        return {}
    version = _methods_version()
    keys = {pk: _store_key(pk, version) for pk in ids}
    cached = cache.get_many(list(keys.values()))
    found = {pk: cached[keys[pk]] for pk in ids if keys[pk] in cached}
    missing = ids - set(found)
    if missing:
        loaded = {pk: {"default": None, "templates": {}, "warehouses": []} for pk in missing}
        for row in _template_queryset().filter(seller_id__in=missing):
            spec = template_spec(row)
            loaded[row.seller_id]["templates"][row.pk] = spec
            if row.is_default:
                loaded[row.seller_id]["default"] = spec
        for w in Warehouse.objects.filter(seller_id__in=missing, active=True).order_by("country"):
            loaded[w.seller_id]["warehouses"].append(WarehouseSpec(w.pk, w.country, w.name, w.handling_days))
        fresh = {
            pk: StoreShipping(default=v["default"], templates=v["templates"], warehouses=tuple(v["warehouses"]))
            for pk, v in loaded.items()
        }
        cache.set_many({keys[pk]: value for pk, value in fresh.items()}, STORE_CACHE_SECONDS)
        found.update(fresh)
    return found


def store_shipping(seller_id: int) -> StoreShipping:
    return stores_shipping([seller_id])[seller_id]


def store_shipping_forget(seller_id: int) -> None:
    """The store's setup is read again: now, and once the edit commits."""
    key = _store_key(seller_id, _methods_version())
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(_store_key(seller_id, _methods_version())))


def _store_changed(sender, instance, **kwargs) -> None:
    seller_id = getattr(instance, "seller_id", None)
    if seller_id is None and isinstance(instance, FreeShippingRule):
        seller_id = ShippingTemplate.objects.filter(pk=instance.template_id).values_list("seller_id", flat=True).first()
    if seller_id is not None:
        store_shipping_forget(seller_id)


def template_specs_for(pairs: Iterable[tuple[int | None, int]]) -> dict[tuple[int | None, int], TemplateSpec | None]:
    """{(template id or None, seller id): spec} for many listings at once: the
    chosen template, else the seller's default (None: the store has none, so
    every method and no free shipping). Three queries whatever the number."""
    pairs = set(pairs)
    if not pairs:
        return {}
    template_ids = {t for t, _s in pairs if t is not None}
    seller_ids = {s for _t, s in pairs}
    rows = _template_queryset().filter(Q(pk__in=template_ids) | Q(seller_id__in=seller_ids, is_default=True))
    by_id, defaults = {}, {}
    for row in rows:
        spec = template_spec(row)
        by_id[row.pk] = (row.seller_id, spec)
        if row.is_default:
            defaults[row.seller_id] = spec
    found = {}
    for template_id, seller_id in pairs:
        chosen = by_id.get(template_id) if template_id is not None else None
        # A template of another store is never applied (the FK is the seller's to set, but be sure).
        found[(template_id, seller_id)] = chosen[1] if chosen and chosen[0] == seller_id else defaults.get(seller_id)
    return found


def template_spec_for(*, template_id: int | None, seller_id: int) -> TemplateSpec | None:
    return template_specs_for([(template_id, seller_id)])[(template_id, seller_id)]


def shipping_templates_of(seller_id: int):
    return _template_queryset().filter(seller_id=seller_id)


def warehouses_of(seller_id: int, *, active_only: bool = False):
    qs = Warehouse.objects.filter(seller_id=seller_id)
    return qs.filter(active=True) if active_only else qs


def shipping_methods_public():
    """Active methods with their carrier, zones and rates, for the read-only API."""
    return (
        ShippingMethod.objects.filter(active=True)
        .select_related("carrier")
        .prefetch_related(Prefetch("zones", queryset=Zone.objects.select_related("rate").order_by("origin", "name")))
        .order_by("code")
    )


def shipping_methods_from(origins: Iterable[str]):
    """Active methods serving any of `origins` (a template form's choices)."""
    origins = set(origins)
    return [m for m in ShippingMethod.objects.filter(active=True).select_related("carrier").order_by("code")
            if origins & set(m.origin_countries)]  # fmt: skip


def free_rules_countries_filter(country: str) -> Q:
    """The free rules (FreeShippingRule) that send to `country`, as a filter."""
    q = Q(destination=FreeDestination.EVERYWHERE)
    q |= Q(destination=FreeDestination.COUNTRIES, countries__contains=[country])
    if country in eu_countries():
        q |= Q(destination=FreeDestination.EU)
    return q
