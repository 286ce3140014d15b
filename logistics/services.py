"""Writes of the seller's shipping setup: templates (methods offered, free
shipping, handling days) and overseas warehouses. Each service is one
transaction, checks every rule before writing and raises a DomainError naming
the field, so nothing is half-written. Who may call is the caller's check
(the seller-centre pages and the API pass the request's own store)."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django_countries import countries

from marketplace.errors import ConflictError, DomainError, NotFound

from .models import FreeDestination, FreeShippingRule, ShippingMethod, ShippingTemplate, Warehouse
from .selectors import store_shipping_forget

DEFAULT_TEMPLATE_NAME = "Default"


@dataclass(frozen=True)
class FreeRuleInput:
    destination: str
    countries: tuple[str, ...] = ()
    min_order: Decimal | None = None  # in the store's settlement currency


def _check_handling_days(days) -> None:
    top = settings.CARAVAN_SHIPPING_HANDLING_DAYS_MAX
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= top:
        message = _("Handling days are a whole number from 0 to %(max)s.") % {"max": top}
        raise DomainError(message, field="handling_days")


def _origins(seller) -> set[str]:
    return {str(seller.country)} | set(Warehouse.objects.filter(seller=seller).values_list("country", flat=True))


def _clean_rules(rules: list[FreeRuleInput]) -> list[FreeRuleInput]:
    if len(rules) > settings.CARAVAN_SHIPPING_FREE_RULES_PER_TEMPLATE:
        raise DomainError(
            _("At most %(n)s free-shipping rules per template.")
            % {"n": settings.CARAVAN_SHIPPING_FREE_RULES_PER_TEMPLATE},
            field="free_rules",
        )
    cleaned = []
    for rule in rules:
        if rule.destination not in FreeDestination.values:
            raise DomainError(
                _("Free shipping goes everywhere, to the EU or to a list of countries."), field="free_rules"
            )
        codes: tuple[str, ...] = ()
        if rule.destination == FreeDestination.COUNTRIES:
            codes = tuple(sorted({str(c).strip().upper() for c in rule.countries}))
            unknown = [c for c in codes if c not in countries]
            if not codes or unknown:
                raise DomainError(
                    _("Name the countries with ISO codes (e.g. DE, FR); not a country: %(c)s.")
                    % {"c": ", ".join(unknown) or "—"},
                    field="free_rules",
                )
        amount = rule.min_order
        if amount is not None:
            try:
                amount = Decimal(amount)
            except (InvalidOperation, TypeError, ValueError):
                amount = None
                raise DomainError(_("The minimum order is an amount, e.g. 30.00."), field="free_rules") from None
            if not amount.is_finite() or amount < 0 or amount >= Decimal("1e15"):
                raise DomainError(_("The minimum order is an amount of 0 or more."), field="free_rules")
        cleaned.append(FreeRuleInput(rule.destination, codes, amount))
    return cleaned


@transaction.atomic
def shipping_template_save(
    *,
    seller,
    actor,
    name: str,
    method_codes: list[str] | None = None,
    handling_days: int = 0,
    free_rules: list[FreeRuleInput] | None = None,
    is_default: bool = False,
    template_id: int | None = None,
) -> ShippingTemplate:
    """Create (no `template_id`) or replace one of `seller`'s templates.

    Methods must be active and serve the store's country or one of its
    warehouses' (none: every method). Making a template the default takes the
    flag from the old default in the same transaction (the seller's templates
    are locked first, so two saves cannot leave two defaults or none). The
    default cannot be un-defaulted directly: make another one the default.
    """
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise DomainError(_("Give the template a name (at most 80 characters)."), field="name")
    _check_handling_days(handling_days)
    codes = sorted(set(method_codes or []))
    methods = list(ShippingMethod.objects.filter(code__in=codes, active=True))
    origins = _origins(seller)
    unknown = sorted(set(codes) - {m.code for m in methods if origins & set(m.origin_countries)})
    if unknown:
        raise DomainError(
            _("Not an active method from your store's countries: %(c)s.") % {"c": ", ".join(unknown)}, field="methods"
        )
    rules = _clean_rules(list(free_rules or []))

    mine = list(ShippingTemplate.objects.select_for_update().filter(seller=seller).order_by("pk"))
    if template_id is None:
        if len(mine) >= settings.CARAVAN_SHIPPING_TEMPLATES_PER_STORE:
            raise DomainError(
                _("A store has at most %(n)s shipping templates.")
                % {"n": settings.CARAVAN_SHIPPING_TEMPLATES_PER_STORE},
                field="name",
            )
        template = ShippingTemplate(seller=seller)
    else:
        template = next((t for t in mine if t.pk == template_id), None)
        if template is None:
            raise NotFound(_("There is no such shipping template."))
        if template.is_default and not is_default:
            raise DomainError(
                _("This is the store's default template: make another one the default instead."), field="is_default"
            )
    if any(t.name.casefold() == name.casefold() and t.pk != template.pk for t in mine):
        raise DomainError(_("You already have a template with this name."), field="name")
    if is_default:
        ShippingTemplate.objects.filter(seller=seller, is_default=True).exclude(pk=template.pk).update(is_default=False)
    template.name = name
    template.handling_days = handling_days
    template.is_default = is_default or not any(t.is_default for t in mine if t.pk != template.pk)
    template.save()
    template.methods.set(methods)
    template.free_rules.all().delete()
    currency = seller.settlement_currency
    FreeShippingRule.objects.bulk_create(
        FreeShippingRule(
            template=template,
            destination=r.destination,
            countries=list(r.countries),
            min_order=r.min_order,
            min_order_currency=currency if r.min_order is not None else None,
        )
        for r in rules
    )
    store_shipping_forget(seller.pk)
    return template


@transaction.atomic
def shipping_template_delete(*, seller, actor, template_id: int) -> None:
    """Delete one of `seller`'s templates; its listings fall back to the store
    default. The default itself cannot be deleted."""
    template = ShippingTemplate.objects.select_for_update().filter(seller=seller, pk=template_id).first()
    if template is None:
        raise NotFound(_("There is no such shipping template."))
    if template.is_default:
        raise ConflictError(_("The store's default template cannot be deleted."), field="is_default")
    template.delete()
    store_shipping_forget(seller.pk)


def shipping_template_default_ensure(*, seller, actor=None) -> ShippingTemplate:
    """The store's default template, created (every method, no free shipping,
    no extra handling) if it has none. Idempotent, safe under concurrency (the
    one-default constraint)."""
    found = ShippingTemplate.objects.filter(seller=seller, is_default=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            name = DEFAULT_TEMPLATE_NAME
            if ShippingTemplate.objects.filter(seller=seller, name=name).exists():
                name = f"{DEFAULT_TEMPLATE_NAME} {seller.pk}"
            template = ShippingTemplate.objects.create(seller=seller, name=name, is_default=True)
            store_shipping_forget(seller.pk)
            return template
    except IntegrityError:
        return ShippingTemplate.objects.get(seller=seller, is_default=True)


@transaction.atomic
def warehouse_save(
    *,
    seller,
    actor,
    country: str,
    name: str = "",
    handling_days: int = 0,
    active: bool = True,
    warehouse_id: int | None = None,
) -> Warehouse:
    """Create or change one of `seller`'s overseas warehouses: a country from
    CARAVAN_WAREHOUSE_COUNTRIES other than the store's own, one per country."""
    country = (country or "").strip().upper()
    home = str(seller.country)
    if country == home:
        raise DomainError(
            _("Your store already ships from %(c)s: its stock there is the listing's own.")
            % {"c": countries.name(home)},
            field="country",
        )
    if country not in settings.CARAVAN_WAREHOUSE_COUNTRIES:
        raise DomainError(
            _("Warehouses can be in: %(list)s.") % {"list": ", ".join(settings.CARAVAN_WAREHOUSE_COUNTRIES)},
            field="country",
        )
    _check_handling_days(handling_days)
    name = (name or "").strip() or _("Warehouse in %(c)s") % {"c": countries.name(country)}
    if len(name) > 80:
        raise DomainError(_("At most 80 characters."), field="name")
    mine = list(Warehouse.objects.select_for_update().filter(seller=seller).order_by("pk"))
    if warehouse_id is None:
        if len(mine) >= settings.CARAVAN_WAREHOUSES_PER_STORE:
            raise DomainError(
                _("A store has at most %(n)s warehouses.") % {"n": settings.CARAVAN_WAREHOUSES_PER_STORE},
                field="country",
            )
        warehouse = Warehouse(seller=seller)
    else:
        warehouse = next((w for w in mine if w.pk == warehouse_id), None)
        if warehouse is None:
            raise NotFound(_("There is no such warehouse."))
        if warehouse.country != country and warehouse.stock.filter(stock__gt=0).exists():
            raise ConflictError(_("This warehouse holds stock: it cannot move to another country."), field="country")
    if any(w.country == country and w.pk != warehouse.pk for w in mine):
        raise DomainError(_("You already have a warehouse in this country."), field="country")
    warehouse.country = country
    warehouse.name = name
    warehouse.handling_days = handling_days
    warehouse.active = bool(active)
    warehouse.save()
    store_shipping_forget(seller.pk)
    return warehouse


@transaction.atomic
def warehouse_delete(*, seller, actor, warehouse_id: int) -> None:
    """Delete an empty warehouse with no stock history (otherwise deactivate it)."""
    warehouse = Warehouse.objects.select_for_update().filter(seller=seller, pk=warehouse_id).first()
    if warehouse is None:
        raise NotFound(_("There is no such warehouse."))
    if warehouse.stock.filter(stock__gt=0).exists():
        raise ConflictError(_("This warehouse still holds stock: set it to 0 first, or deactivate it."), field="stock")
    try:
        with transaction.atomic():
            warehouse.delete()
        store_shipping_forget(seller.pk)
    except ProtectedError:
        raise ConflictError(
            _("This warehouse has stock history (orders reserved from it): deactivate it instead."), field="active"
        ) from None
