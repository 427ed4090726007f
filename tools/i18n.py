"""Keep the interface translations in step with the code.

The GUI is written in Vietnamese (``self.tr("…")``); English lives in one Qt translation source
per area, ``resources/translations/kcdesk_<area>_en.ts``, compiled to ``.qm`` beside it. The
``.qm`` files are committed so that a plain ``pip install`` has them.

Areas: ``main`` is everything in ``kcdesk/gui/`` outside the area packages; each area package
``kcdesk/gui/<area>/`` (excel, reports, surveys, proposals, sync) has its own file, so engineers
never edit the same ``.ts``. ``kcdesk_qt_vi.ts`` is written by hand: it puts Qt's own words
(OK, Cancel, Copy, Next …) into Vietnamese, and ``update`` never touches it.

Usage (from the repository root)::

    python tools/i18n.py              # update every .ts from the code, then build every .qm
    python tools/i18n.py update [AREA ...]
    python tools/i18n.py todo AREA > todo.tsv      # untranslated texts: context<TAB>source<TAB>
    python tools/i18n.py fill AREA todo.tsv        # after writing the English in column 3
    python tools/i18n.py build        # .ts → .qm (pyside6-lrelease)
    python tools/i18n.py check        # exit 1 if a text is untranslated or a .qm is stale

Work flow for a new string: write it in Vietnamese in ``tr()``, run ``update``, translate (in Qt
Linguist, or with ``todo``/``fill``), run ``build``, commit the .ts and the .qm.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUI = ROOT / "kcdesk" / "gui"
TRANSLATIONS = ROOT / "resources" / "translations"
AREA_PACKAGES = ("excel", "reports", "surveys", "proposals", "sync")
TARGET_LANGUAGE = "en"
HAND_WRITTEN = ("kcdesk_qt_vi.ts",)


def _qt_tool(name: str) -> str:
    """Path of a Qt tool shipped inside the PySide6 wheel (works on Windows and Linux)."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    for candidate in (folder / f"{name}.exe", folder / name):
        if candidate.is_file():
            return str(candidate)
    return f"pyside6-{name}"


def areas() -> list[str]:
    found = ["main"]
    found += [a for a in AREA_PACKAGES if (GUI / a).is_dir()]
    return found


def sources(area: str) -> list[Path]:
    if area == "main":
        return sorted(
            p for p in GUI.rglob("*.py") if p.relative_to(GUI).parts[0] not in AREA_PACKAGES
        )
    return sorted((GUI / area).rglob("*.py"))


def ts_path(area: str) -> Path:
    return TRANSLATIONS / f"kcdesk_{area}_{TARGET_LANGUAGE}.ts"


def all_ts() -> list[Path]:
    return sorted(TRANSLATIONS.glob("*.ts"))


def _has_strings(files: list[Path]) -> bool:
    return any(("tr(" in p.read_text(encoding="utf-8")) for p in files)


def update(selected: list[str], ts_for: dict[str, Path] | None = None, quiet: bool = False) -> None:
    """Run lupdate for each area: new texts come in unfinished, vanished ones are dropped."""
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for area in selected:
        files = sources(area)
        target = (ts_for or {}).get(area, ts_path(area))
        if not files or not (_has_strings(files) or target.exists()):
            continue
        cmd = [
            _qt_tool("lupdate"),
            *[str(p) for p in files],
            "-ts",
            str(target),
            "-source-language",
            "vi",
            "-target-language",
            TARGET_LANGUAGE,
            "-locations",
            "none",
            "-no-obsolete",
        ]
        if quiet:
            cmd.append("-silent")
        subprocess.run(cmd, check=True, cwd=ROOT)


def build(ts_files: list[Path] | None = None, out_dir: Path | None = None) -> list[Path]:
    """Compile each .ts to the .qm beside it (or into ``out_dir``)."""
    made = []
    for ts in ts_files if ts_files is not None else all_ts():
        qm = (out_dir or ts.parent) / (ts.stem + ".qm")
        subprocess.run(
            [_qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT
        )
        made.append(qm)
    return made


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message still to translate."""
    todo = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None:
                continue
            kind = translation.get("type", "")
            if kind in ("obsolete", "vanished"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")]
            empty = not (translation.text or "").strip() and not any(f.strip() for f in forms)
            if kind == "unfinished" or empty:
                todo.append((name, message.findtext("source", "")))
    return todo


def stale_qm(ts_files: list[Path] | None = None) -> list[Path]:
    """.qm files missing or different from what lrelease makes of their .ts now."""
    stale = []
    ts_files = ts_files if ts_files is not None else all_ts()
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build(ts_files, Path(tmp))
        for ts, new in zip(ts_files, fresh, strict=True):
            committed = ts.with_suffix(".qm")
            if not committed.exists() or not filecmp.cmp(committed, new, shallow=False):
                stale.append(committed)
    return stale


def missing_texts() -> dict[str, list[tuple[str, str]]]:
    """Texts in the code that a .ts does not know yet (someone forgot ``update``)."""
    result: dict[str, list[tuple[str, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        copies = {}
        for area in areas():
            copy = Path(tmp) / ts_path(area).name
            if ts_path(area).exists():
                copy.write_bytes(ts_path(area).read_bytes())
            copies[area] = copy
        update(areas(), copies, quiet=True)
        for area, copy in copies.items():
            if copy.exists():
                todo = unfinished(copy)
                if todo:
                    result[area] = todo
    return result


def _write_tsv(rows: list[tuple[str, str]]) -> None:
    out = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    for context, source in rows:
        out.writerow([context, source, ""])


def fill(area: str, tsv: Path) -> int:
    """Write the English of a ``todo`` file (3rd column) into the area's .ts; returns count."""
    wanted: dict[tuple[str, str], str] = {}
    with tsv.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) >= 3 and row[2].strip():
                wanted[(row[0], row[1])] = row[2]
    path = ts_path(area)
    tree = ET.parse(path)
    done = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            english = wanted.get((name, message.findtext("source", "")))
            translation = message.find("translation")
            if english is None or translation is None:
                continue
            translation.attrib.pop("type", None)
            forms = list(translation.iter("numerusform"))
            if forms:
                singular, _, plural = english.partition("|")
                for i, form in enumerate(forms):
                    form.text = singular if i == 0 else (plural or singular)
            else:
                translation.text = english
            done += 1
    _write_ts(tree, path)
    return done


def _write_ts(tree: ET.ElementTree, path: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    p_update = sub.add_parser("update", help="refresh .ts files from the code")
    p_update.add_argument("area", nargs="*")
    sub.add_parser("build", help="compile .ts → .qm")
    sub.add_parser("check", help="fail on untranslated texts or stale .qm")
    p_todo = sub.add_parser("todo", help="print untranslated texts of an area as TSV")
    p_todo.add_argument("area")
    p_fill = sub.add_parser("fill", help="write translations from a TSV into an area's .ts")
    p_fill.add_argument("area")
    p_fill.add_argument("tsv", type=Path)
    args = parser.parse_args(argv)

    if args.command in (None, "update"):
        chosen = getattr(args, "area", None) or areas()
        unknown = sorted(set(chosen) - set(areas()))
        if unknown:
            parser.error(f"unknown area(s): {', '.join(unknown)}; known: {', '.join(areas())}")
        update(chosen)
        if args.command is None:
            build()
        return 0
    if args.command == "build":
        for qm in build():
            print(qm.relative_to(ROOT))
        return 0
    if args.command == "todo":
        _write_tsv(unfinished(ts_path(args.area)))
        return 0
    if args.command == "fill":
        print(f"{fill(args.area, args.tsv)} translation(s) written to {ts_path(args.area).name}")
        return 0
    # check
    problems = 0
    for ts in all_ts():
        for context, source in unfinished(ts):
            print(f"{ts.name}: untranslated [{context}] {source!r}")
            problems += 1
    for area, rows in missing_texts().items():
        for context, source in rows:
            print(f"{ts_path(area).name}: not yet extracted [{context}] {source!r}")
            problems += 1
    for qm in stale_qm():
        print(f"{qm.name}: stale, run `python tools/i18n.py build`")
        problems += 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
