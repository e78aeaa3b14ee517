"""Benchmark the API under load (`make bench`); it measures and reports, it never asserts."""
