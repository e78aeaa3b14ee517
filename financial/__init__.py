"""The domain: price models, queries and the ingestion service."""
