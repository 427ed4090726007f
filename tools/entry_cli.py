"""PyInstaller entry of kcdesk-cli.exe (console): the command line only."""

import sys

from kcdesk.cli import main

sys.exit(main())
