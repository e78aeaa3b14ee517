"""Hold the shared flask-caching handle that memoises the query functions."""

from flask_caching import Cache

cache = Cache()
