"""Prefect flows of the offshoring statistics pipeline."""
