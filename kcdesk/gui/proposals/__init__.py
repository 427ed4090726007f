"""The proposals area: list with filters, the editor with its live budget, lifecycle steps."""
