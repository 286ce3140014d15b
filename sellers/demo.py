"""Demo sellers for seed_demo (idempotent)."""


def seed_sellers() -> int:
    """Create the demo sellers that are missing; return how many were created."""
    return 0
