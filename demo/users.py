"""The demo's people: a staff admin and six buyers, one per storefront
language, all with one password that the README gives."""

from django.db import transaction

from buyers.services import AddressInput, address_create
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

# A delivery address for each buyer, so they can check out at once.
DEMO_ADDRESSES = {
    "ana@caravan.test": {"country": "BR", "country_area": "SP", "city": "São Paulo", "postal_code": "01310-100",
                         "street_address": "Av. Paulista, 1578, apto 42", "phone": "+55 11 91234-5678"},
    "olga@caravan.test": {"country": "KZ", "city": "Алматы", "postal_code": "050000",
                          "street_address": "пр. Абая, 52, кв. 7", "phone": "+7 701 234 5678"},
    "amara@caravan.test": {"country": "NG", "city": "Lagos", "street_address": "12 Awolowo Road, Ikoyi",
                           "phone": "+234 803 123 4567"},
    "lucia@caravan.test": {"country": "MX", "country_area": "CDMX", "city": "Ciudad de México",
                           "postal_code": "06700", "street_address": "Calle Orizaba 101, Roma Norte",
                           "phone": "+52 55 1234 5678"},
    "mehmet@caravan.test": {"country": "TR", "country_area": "İstanbul", "city": "Kadıköy", "postal_code": "34710",
                            "street_address": "Moda Cad. No: 18 D: 3", "phone": "+90 532 123 45 67"},
    "claire@caravan.test": {"country": "FR", "city": "Lyon", "postal_code": "69002",
                            "street_address": "12 rue de la République", "phone": "+33 6 12 34 56 78"},
}  # fmt: skip


@transaction.atomic
def seed_users() -> int:
    """Create the demo users that are missing, each buyer with a delivery address;
    return how many were created. An existing one is left as it is (someone may be
    trying the demo with it), but gets the address if it has none."""
    created = 0
    for email, name, language, currency, country, staff in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            maker = User.objects.create_superuser if staff else User.objects.create_user
            user = maker(email, DEMO_PASSWORD, full_name=name, language=language, currency=currency, country=country)
            created += 1
        if email in DEMO_ADDRESSES and not user.addresses.exists():  # demos seeded before addresses get one
            address_create(actor=user, data=AddressInput(full_name=name, **DEMO_ADDRESSES[email]), default=True)
    return created
