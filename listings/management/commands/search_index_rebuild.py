"""Rewrite every listing's search document (after a field is added to
listings.search.documents, or to repair an index): one statement on
PostgreSQL, batches of 500 on SQLite."""

from django.core.management.base import BaseCommand
from django.db import transaction

from listings.search import listings_search_index_fill


class Command(BaseCommand):
    help = "Rewrite the search document of every listing (both databases)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--missing", action="store_true", help="Only listings never indexed (rows inserted in bulk)."
        )

    def handle(self, *args, missing: bool = False, **options):
        with transaction.atomic():
            listings_search_index_fill(everything=not missing)
        self.stdout.write(self.style.SUCCESS("Search index rebuilt." if not missing else "Missing listings indexed."))
