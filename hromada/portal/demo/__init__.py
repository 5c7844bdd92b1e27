"""A fictional demo installation: `hromada demo` loads it, idempotently (see docs/demo.md)."""
