"""Payments, the double-entry ledger, releases, refunds and payouts: built by the escrow issue."""
