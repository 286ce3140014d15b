"""Waiting on a condition, for tests that drive a real worker, server or browser.

A test waits for what it needs to see, never for a fixed time, and its budget is
generous enough to hold on a slow, busy 2-core machine (another test suite or a
CPU burner beside it): passing tests return as soon as the condition holds, so
the budget costs only a failing test its time. What must be fast is measured
separately, once its preconditions hold (tests/marketplace/test_embedded.py)."""

import time

# Seconds a real worker gets to pick up and finish a job (a worker subprocess still
# importing Django under load, Apertium starting for the first time).
WORKER_BUDGET = 300.0
WORKER_BUDGET_MS = int(WORKER_BUDGET * 1000)
# Milliseconds a browser assertion or action waits (Playwright's default is 5,000).
BROWSER_BUDGET_MS = 30_000


def wait_for(predicate, what: str, timeout: float = WORKER_BUDGET, interval: float = 0.1):
    """Poll `predicate` until it returns something true, and return that."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)
