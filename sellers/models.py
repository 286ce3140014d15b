"""Seller applications, documents and vetting: built by the sellers issue."""
