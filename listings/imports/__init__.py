"""Source-feed import: parse.py reads a feed (no database, no network), services.py
writes drafts through the listing services in Celery batches (listings.tasks), views.py
and api.py are the seller's pages and API."""
