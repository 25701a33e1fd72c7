"""Plain-Python domain: records, taxonomy, validation, case steps, permissions. No Qt, no SQL."""
