"""Shipping methods, zones, rates, shipments and tracking: built by the logistics issue."""
