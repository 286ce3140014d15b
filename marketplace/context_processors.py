from django.conf import settings
from django_countries import countries


def preferences(request):
    """What the header's language / currency / ship-to selectors need."""
    ship_to = getattr(request, "ship_to", settings.CARAVAN_DEFAULT_COUNTRY)
    return {
        "display_currencies": settings.CARAVAN_DISPLAY_CURRENCIES,
        "current_currency": getattr(request, "currency", settings.CARAVAN_DEFAULT_CURRENCY),
        "current_ship_to": ship_to,
        "current_ship_to_name": countries.name(ship_to) if ship_to else "",
        "all_countries": countries,
    }
