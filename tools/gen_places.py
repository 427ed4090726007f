"""Regenerate resources/places/places.json.gz from the vietnam-provinces wheel.

Why a snapshot: the releases of vietnam-provinces that carry the legacy (pre-2025) units and the
official old->new table need Python 3.12, while kcdesk supports 3.11. The data is GPL-3.0-or-later,
like kcdesk, and is shipped with its attribution in resources/places/SOURCE.md.

Usage:
    pip download --no-deps --python-version 3.12 --only-binary=:all: \
        "vietnam-provinces==2026.9.0" -d /tmp/vp
    python tools/gen_places.py /tmp/vp/vietnam_provinces-2026.9.0-py3-none-any.whl
"""

from __future__ import annotations

import gzip
import json
import sys
import tempfile
import zipfile
from pathlib import Path


def main(wheel: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(wheel).extractall(tmp)
        sys.path.insert(0, tmp)
        from vietnam_provinces import _lookup as new  # type: ignore[import-not-found]
        from vietnam_provinces import _ward_conversion_2025 as conv  # type: ignore[import-not-found]
        from vietnam_provinces.legacy import _lookup as old  # type: ignore[import-not-found]

        data = {
            "source": Path(wheel).name,
            "provinces_2025": [
                [int(p.code), p.name, str(p.division_type)] for p in new.PROVINCE_MAPPING.values()
            ],
            "communes_2025": [
                [int(w.code), w.name, str(w.division_type), int(w.province_code)]
                for w in new.WARD_MAPPING.values()
            ],
            "provinces_legacy": [
                [int(p.code), p.name, str(p.division_type)] for p in old.PROVINCE_MAPPING.values()
            ],
            "districts_legacy": [
                [int(d.code), d.name, str(d.division_type), int(d.province_code)]
                for d in old.DISTRICT_MAPPING.values()
            ],
            "communes_legacy": [
                [int(w.code), w.name, str(w.division_type), int(w.district_code)]
                for w in old.WARD_MAPPING.values()
            ],
            # old commune code -> [[new commune code, partly merged 0/1], ...]
            "old_to_new": [
                [e.old_ward.code, [n.code for n in e.new_wards], int(e.old_ward.is_partly_merged)]
                for e in conv.OLD_TO_NEW.values()
            ],
        }
    out = Path(__file__).resolve().parent.parent / "resources" / "places" / "places.json.gz"
    with gzip.GzipFile(out, "wb", mtime=0) as fh:
        fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    print(out, {k: len(v) for k, v in data.items() if isinstance(v, list)})


if __name__ == "__main__":
    main(sys.argv[1])
