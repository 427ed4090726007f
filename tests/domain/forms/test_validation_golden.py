"""Validation and evaluation give exactly what they gave before they were made fast.

``validation_golden.txt`` holds one digest per case (3,705) of golden_corpus.py (issues, the whole
FormState, completeness, with_calculations), written by the tree-walking implementation. A faster
implementation must reproduce every one. To rewrite the file after a deliberate change of
behaviour: ``KCDESK_WRITE_GOLDEN=1 python -m pytest tests/domain/forms/test_validation_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

from kcdesk.domain.forms.compiled import plan_for

from .golden_corpus import cases, definitions, digest, outcome

GOLDEN = Path(__file__).with_name("validation_golden.txt")


def test_outcomes_match_the_golden_digests() -> None:
    got = [(d, a, today, outcome(d, a, today)) for d, a, today in cases()]
    digests = [digest(text) for *_, text in got]
    if os.environ.get("KCDESK_WRITE_GOLDEN"):
        GOLDEN.write_text("\n".join(digests) + "\n", encoding="ascii")
    want = GOLDEN.read_text(encoding="ascii").split()
    assert len(want) == len(digests), "the corpus changed: rewrite the golden file"
    wrong = [i for i, (a, b) in enumerate(zip(want, digests, strict=True)) if a != b]
    for i in wrong[:3]:
        d, answers, today, text = got[i]
        print(f"--- case {i}: {d.key}, today {today}\nanswers: {answers!r}\n{text}\n")
    assert not wrong, f"{len(wrong)} of {len(digests)} cases differ, first: {wrong[:10]}"


def test_the_corpus_runs_the_lean_code() -> None:
    # Most surveys are decided by the lean code (no state made): the corpus must go through it.
    assert all(plan_for(d)._lean is not None for d in definitions())
