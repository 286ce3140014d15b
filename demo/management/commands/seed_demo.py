"""Demo data for `make run`: idempotent, so it runs on every start.

Every later issue adds its part here (sellers, listings, orders...).
`--listings N` also tops the catalogue up to N listings with bulk inserts
(benchmarks: `seed_demo --listings 100000`).
"""

import time

from django.core.management.base import BaseCommand

from demo.conversations import seed_conversations
from demo.listings import demo_sellers, seed_bulk_listings, seed_listings
from demo.sellers import seed_sellers
from demo.shipping import seed_shipping
from demo.users import DEMO_PASSWORD, seed_users
from listings.models import Listing
from listings.translations import listing_translations_fill
from marketplace.services import exchange_rates_seed


class Command(BaseCommand):
    help = "Create demo data (safe to run again: it creates what is missing and changes nothing else)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--listings",
            type=int,
            default=0,
            metavar="N",
            help="Also fill the catalogue up to N listings with bulk inserts (e.g. 100000 for benchmarks).",
        )

    def handle(self, *args, **options):
        created = seed_users()
        rates = exchange_rates_seed()
        sellers = seed_sellers()
        started = time.monotonic()
        listings = seed_listings()
        queued = listings  # one translation job per new demo listing (the bulk rows queue none)
        translated = self._translate_demo_listings()
        conversations = seed_conversations()
        shipping = seed_shipping()
        if options["listings"]:
            listings += seed_bulk_listings(options["listings"], progress=self._progress)
        total, active = Listing.objects.count(), Listing.objects.filter(status="active").count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {created} new users (password '{DEMO_PASSWORD}'), "
                f"{rates} seed exchange rates, {sellers} new sellers, "
                f"{listings} new listings in {time.monotonic() - started:.1f} s "
                f"({total} in the catalogue, {active} active), {translated} listing translations stored now and "
                f"{queued} translation jobs queued for the worker, "
                f"{conversations} new demo conversations, {shipping} shipping templates, warehouses and stock rows."
            )
        )

    def _translate_demo_listings(self) -> int:
        """Translate, now, the demo listings whose titles the offline glossary
        reads (Chinese, Russian, Turkish: fractions of a millisecond each), so the
        storefront reads in every language at once. The European listings were
        queued for Celery when they were created: the worker translates them with
        Apertium (~0.2 s a call) in the background."""
        ids = list(
            Listing.objects.filter(
                seller__in=demo_sellers().values(),
                source_language__in=("zh-hans", "ru", "tr"),
                translations__isnull=True,
            ).values_list("pk", flat=True)
        )
        return listing_translations_fill(ids) if ids else 0

    def _progress(self, count: int) -> None:
        self.stdout.write(f"  {count} listings...")
