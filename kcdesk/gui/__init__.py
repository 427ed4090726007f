"""The PySide6 desktop interface. Nothing outside this package imports Qt."""
