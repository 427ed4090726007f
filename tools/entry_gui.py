"""PyInstaller entry of kcdesk.exe (windowed): the same entry point as the ``kcdesk`` script."""

import sys

from kcdesk.__main__ import main

sys.exit(main())
