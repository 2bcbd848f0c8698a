"""Helpers shared by the vintage, idempotency, crash and bad-input tests."""
