"""Categories, listings, variants, price tiers and stock: built by the catalogue issue."""
