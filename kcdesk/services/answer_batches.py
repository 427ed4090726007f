"""Checking the answers of many completed surveys, in worker processes when there are many.

A sync import checks every completed survey with the editor's rules; for a package of tens of
thousands of surveys that check costs about as much as everything else the import does. The
import is one transaction that is rolled back if any record fails, so the checks need not hold
up the writing: they run beside it in other processes (one per spare core) and the import waits
for their verdict before it commits. Small packages are checked inline: starting a process
costs more than it saves.

This module imports only the forms domain and orjson, so that a worker starts quickly (Windows
starts each one afresh).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

import orjson

from kcdesk.domain.errors import Issue
from kcdesk.domain.forms import FormDefinition, errors_only, parse_definition, validate_answers

# Surveys in a package from which the checks go to worker processes.
PARALLEL_FROM = 2_000
_BATCH = 250
_MAX_WORKERS = 4

# One item: the form's fingerprint, the answers as JSON, the day the survey was made (ordinal).
Item = tuple[str, bytes, int]
# How a failed survey's issue is put to a person: (survey uuid, its data, the issue) → issue.
Wrap = Callable[[str, dict[str, Any], Issue], Issue]

_definitions: dict[str, FormDefinition] = {}  # per process: parsed once


def _definition(fingerprint: str, source: dict[str, Any]) -> FormDefinition:
    found = _definitions.get(fingerprint)
    if found is None:
        found = _definitions[fingerprint] = parse_definition(source)
    return found


def check_batch(
    sources: dict[str, dict[str, Any]], items: list[Item]
) -> list[tuple[int, list[Issue]]]:
    """The errors of each item that has any, by its position in ``items`` (runs in a worker)."""
    failed = []
    for i, (fingerprint, answers, day) in enumerate(items):
        definition = _definition(fingerprint, sources[fingerprint])
        errors = errors_only(
            validate_answers(definition, orjson.loads(answers), today=date.fromordinal(day))
        )
        if errors:
            failed.append((i, errors))
    return failed


def _workers() -> int:
    cores = os.cpu_count() or 1
    return max(0, min(cores - 1, _MAX_WORKERS))


class AnswerChecks:
    """Checks answers inline, or in worker processes when ``expected`` surveys reach
    :data:`PARALLEL_FROM` and the machine has a spare core. :meth:`finish` gives every error.

    If the workers cannot start or one dies, its surveys are checked inline: the outcome never
    depends on the pool.
    """

    def __init__(self, expected: int, wrap: Wrap) -> None:
        self._wrap = wrap
        workers = _workers() if expected >= PARALLEL_FROM else 0
        self._pool: ProcessPoolExecutor | None = None
        if workers:
            try:
                self._pool = ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("spawn")
                )
            except (OSError, ValueError, NotImplementedError):
                self._pool = None
        self._sources: dict[str, dict[str, Any]] = {}
        self._items: list[Item] = []
        self._who: list[tuple[str, str]] = []  # (uuid, survey date) of each item, for messages
        self._sent: list[tuple[Future[list[tuple[int, list[Issue]]]] | None, list[Item],
                               list[tuple[str, str]]]] = []  # fmt: skip
        self._errors: list[Issue] = []

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def check(
        self, uuid: str, data: dict[str, Any], definition: FormDefinition, answers: dict[str, Any],
        today: date,
    ) -> list[Issue]:  # fmt: skip
        """Errors of these answers now (inline), or ``[]`` and later from :meth:`finish`."""
        if self._pool is None:
            issues = errors_only(validate_answers(definition, answers, today=today))
            return [self._wrap(uuid, data, i) for i in issues]
        self._sources.setdefault(definition.fingerprint, definition.source)
        self._items.append((definition.fingerprint, orjson.dumps(answers), today.toordinal()))
        self._who.append((uuid, str(data.get("survey_date") or "")))
        if len(self._items) >= _BATCH:
            self._send()
        return []

    def _send(self) -> None:
        if not self._items:
            return
        items, who = self._items, self._who
        self._items, self._who = [], []
        future = None
        if self._pool is not None:
            sources = {fp: self._sources[fp] for fp in {item[0] for item in items}}
            try:
                future = self._pool.submit(check_batch, sources, items)
            except RuntimeError:  # the pool broke or shut down: check here instead
                future = None
        self._sent.append((future, items, who))

    def finish(self) -> list[Issue]:
        """Every error of the surveys handed to :meth:`check` since the start, in their order."""
        self._send()
        for future, items, who in self._sent:
            try:
                failed = future.result() if future is not None else None
            except Exception:
                failed = None
            if failed is None:
                failed = check_batch(self._sources, items)
            for i, issues in failed:
                uuid, day = who[i]
                data = {"answers": orjson.loads(items[i][1]), "survey_date": day}
                self._errors += [self._wrap(uuid, data, issue) for issue in issues]
        self._sent.clear()
        return self._errors

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
