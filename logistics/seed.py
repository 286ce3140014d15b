"""The seed shipping data: carriers, methods, zones and rates from
logistics/data/methods.json (used by the data migration and by tests that
flush the database).

Every ISO 3166 country (django_countries' list) must fall in exactly one region
of the file, so each method's zones cover every destination it claims to serve;
a file that leaves a country out is refused.
"""

import json
from decimal import Decimal
from pathlib import Path

from django_countries.data import COUNTRIES

DATA = Path(__file__).resolve().parent / "data" / "methods.json"


def load():
    with DATA.open(encoding="utf-8") as f:
        return json.load(f)


def _decimal_or_none(value: str | None) -> Decimal | None:
    return Decimal(value) if value else None


def seed_methods(get_model) -> None:
    """Create or update every carrier and method of the file; a seeded method's zones
    are replaced. `get_model(name)` gives the model class (historical in a migration)."""
    Carrier, ShippingMethod = get_model("Carrier"), get_model("ShippingMethod")
    Zone, ZoneRate = get_model("Zone"), get_model("ZoneRate")
    data = load()
    regions = {key: region["countries"] for key, region in data["regions"].items()}
    listed = [c for codes in regions.values() for c in codes]
    missing = set(COUNTRIES) - set(listed)
    if missing or len(listed) != len(set(listed)):
        raise ValueError(f"methods.json regions must hold every ISO country once; missing {sorted(missing)}")

    carriers = {}
    for row in data["carriers"]:
        carriers[row["code"]], _ = Carrier.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "website": row["website"]}
        )
    for row in data["methods"]:
        limits = row["limits"]
        value, value_currency = limits["max_declared_value"]
        method, _ = ShippingMethod.objects.update_or_create(
            code=row["code"],
            defaults={
                "carrier": carriers[row["carrier"]],
                "name": row["name"],
                "service_level": row["service_level"],
                "kind": row["kind"],
                "tracked": row["tracked"],
                "origin_countries": sorted(row["origins"]),
                "max_weight_grams": limits["max_weight_grams"],
                "max_side_cm": Decimal(limits["max_side_cm"]),
                "max_dimensions_sum_cm": _decimal_or_none(limits["max_dimensions_sum_cm"]),
                "max_length_girth_cm": _decimal_or_none(limits["max_length_girth_cm"]),
                "max_declared_value": Decimal(value),
                "max_declared_value_currency": value_currency,
                "protection_days": row["protection_days"],
                "source": row["source"],
                "active": True,
            },
        )
        method.zones.all().delete()
        for origin, spec in row["origins"].items():
            currency = spec["currency"]
            for z in spec["zones"]:
                codes = set(z.get("countries", []))
                for key in z["regions"]:
                    codes.update(regions[key])
                if z["name"] != "Domestic":
                    codes.discard(origin)  # the origin country is its own (domestic) zone, or not served
                first_g, first_price, step_g, step_price = z["rate"]
                zone = Zone.objects.create(
                    method=method,
                    origin=origin,
                    name=z["name"],
                    countries=sorted(codes),
                    transit_days_min=z["transit"][0],
                    transit_days_max=z["transit"][1],
                )
                ZoneRate.objects.create(
                    zone=zone,
                    first_step_grams=first_g,
                    first_step_price=Decimal(first_price),
                    first_step_price_currency=currency,
                    additional_step_grams=step_g,
                    additional_step_price=Decimal(step_price),
                    additional_step_price_currency=currency,
                )


def unseed_methods(get_model) -> None:
    ShippingMethod, Carrier = get_model("ShippingMethod"), get_model("Carrier")
    data = load()
    ShippingMethod.objects.filter(code__in=[m["code"] for m in data["methods"]]).delete()
    Carrier.objects.filter(code__in=[c["code"] for c in data["carriers"]], methods__isnull=True).delete()
