"""Vietnamese text: normalisation, search folding, collation, formatting (pure Python)."""
