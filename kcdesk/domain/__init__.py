"""Entities, validation and rules of the khuyến công domain (pure Python, no I/O)."""
