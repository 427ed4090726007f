"""The PySide6 desktop interface. Nothing outside this package imports Qt."""

from kcdesk.gui import _pyside_fixes as _pyside_fixes  # before any signal is emitted
