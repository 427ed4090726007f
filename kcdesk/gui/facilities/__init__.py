"""The facility register: list, search, filters, editor, facility page."""
