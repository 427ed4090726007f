"""The surveys area: list, editor rendered from the form definition, printing."""
