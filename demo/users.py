"""The demo's people: a staff admin and six buyers, one per storefront
language, all with one password that the README gives."""

from django.db import transaction

from marketplace.models import User

DEMO_PASSWORD = "caravan-demo-2026"

DEMO_USERS = [
    # email, full name, language, currency, country, staff?
    ("admin@caravan.test", "Caravan Admin", "en", "EUR", "IE", True),
    ("ana@caravan.test", "Ana Souza", "pt-br", "BRL", "BR", False),
    ("olga@caravan.test", "Ольга Иванова", "ru", "RUB", "KZ", False),
    ("amara@caravan.test", "Amara Okafor", "en", "NGN", "NG", False),
    ("lucia@caravan.test", "Lucía Fernández", "es", "MXN", "MX", False),
    ("mehmet@caravan.test", "Mehmet Yılmaz", "tr", "TRY", "TR", False),
    ("claire@caravan.test", "Claire Dubois", "fr", "EUR", "FR", False),
]


@transaction.atomic
def seed_users() -> int:
    """Create the demo users that are missing; return how many were created.
    An existing one is left as it is (someone may be trying the demo with it)."""
    created = 0
    for email, name, language, currency, country, staff in DEMO_USERS:
        if User.objects.filter(email=email).exists():
            continue
        maker = User.objects.create_superuser if staff else User.objects.create_user
        maker(email, DEMO_PASSWORD, full_name=name, language=language, currency=currency, country=country)
        created += 1
    return created
