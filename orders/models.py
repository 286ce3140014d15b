"""Cart, checkout, orders and disputes: built by the orders issue."""
