"""Adapters to the outside world, with no knowledge of the domain."""
