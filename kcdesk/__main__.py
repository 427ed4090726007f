"""Entry point: ``kcdesk`` opens the window; ``kcdesk <command>`` works headless."""

from __future__ import annotations

import sys
from collections.abc import Sequence

# Options the window understands; anything else goes to the command line interface.
GUI_FLAGS = {"--demo"}
GUI_VALUE_OPTIONS = {"--database-url", "--lang"}


def _wants_gui(argv: Sequence[str]) -> bool:
    args = list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in GUI_FLAGS:
            i += 1
        elif arg in GUI_VALUE_OPTIONS:
            i += 2
        elif any(arg.startswith(o + "=") for o in GUI_VALUE_OPTIONS):
            i += 1
        else:
            return False
    return True


def _attach_console() -> None:
    """A gui-script on Windows has no console: attach to the parent's so the CLI can print."""
    if sys.platform == "win32" and sys.stdout is None:  # pragma: no cover - Windows only
        import ctypes

        if ctypes.windll.kernel32.AttachConsole(-1):
            sys.stdout = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115
            sys.stderr = open("CONOUT$", "w", encoding="utf-8")  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if _wants_gui(args):
        from kcdesk.gui.app import run_gui

        return run_gui(args)
    _attach_console()
    from kcdesk.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
