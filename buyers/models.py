"""Buyer addresses and buyer-only data (preferences live on marketplace.User)."""
