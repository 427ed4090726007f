"""PyInstaller entry of kcdesk-cli.exe (console): the command line only."""

import multiprocessing
import sys

from kcdesk.cli import main

# A big sync import checks answers in worker processes: a frozen app must start them as
# workers, not as a second copy of itself.
multiprocessing.freeze_support()
sys.exit(main())
