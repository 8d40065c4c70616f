"""Benchmarks that print figures and write JSON (+ a PNG). Run as ``python -m benchmarks.NAME``."""
