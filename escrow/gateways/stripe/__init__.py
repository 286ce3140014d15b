"""The Stripe gateway: Stripe Checkout over Stripe's HTTP API (adapter.py)."""
