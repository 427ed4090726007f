"""PyInstaller entry of kcdesk.exe (windowed): the same entry point as the ``kcdesk`` script."""

import multiprocessing
import sys

from kcdesk.__main__ import main

# A big sync import checks answers in worker processes: a frozen app must start them as
# workers, not as a second copy of itself.
multiprocessing.freeze_support()
sys.exit(main())
