"""``python -m benchmarks [--quick] [--json] [--only NAME]``: every workload beside its raw limit."""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
import traceback
from pathlib import Path

from benchmarks.common import Result


def discover() -> list[str]:
    folder = Path(__file__).resolve().parent
    return sorted(
        m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_")
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke check")
    parser.add_argument("--json", action="store_true", help="print a JSON list of results")
    parser.add_argument("--only", action="append", default=[], help="module or workload substring")
    args = parser.parse_args(argv)
    results: list[Result] = []
    failures = 0
    for name in discover():
        module = importlib.import_module(f"benchmarks.{name}")
        for fn in getattr(module, "WORKLOADS", []):
            label = f"{name}.{fn.__name__}"
            if args.only and not any(o in label for o in args.only):
                continue
            if not args.json:
                print(f"… {label}", file=sys.stderr, flush=True)
            try:
                outcome = fn(args.quick)
            except Exception:
                failures += 1
                traceback.print_exc()
                continue
            results.extend(outcome if isinstance(outcome, list) else [outcome])
    if args.json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False, indent=2))
    else:
        header = f"{'workload':58} {'kcdesk':>10} {'raw limit':>10} {'ratio':>7} {'target':>7}  met"
        print(header)
        print("-" * len(header))
        for r in results:
            target = "—" if r.target is None else f"≤{r.target:g}"
            if r.absolute_s:
                target += f", ≤{r.absolute_s * 1000:g} ms"
            print(
                f"{r.workload[:58]:58} {r.kcdesk_s:10.4f} {r.limit_s:10.4f} {r.ratio:7.2f} "
                f"{target:>7}  {'yes' if r.met else 'NO'}"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
