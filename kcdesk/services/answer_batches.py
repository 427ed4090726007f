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

import contextlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Any

import orjson

from kcdesk.domain.errors import Issue
from kcdesk.domain.forms import FormDefinition, errors_only, parse_definition, validate_answers

# Surveys in a package from which the checks go to worker processes.
PARALLEL_FROM = 2_000
_BATCH = 1_000
_MAX_WORKERS = 4
# Batches handed to the pool and not yet answered, per worker: enough to keep each one busy,
# few enough that the answers waiting for a worker stay a few megabytes. Beyond it the import
# waits for the oldest batch (the workers are then the slower side anyway).
_IN_FLIGHT_PER_WORKER = 6

# One item: the form's fingerprint, JSON, whether that JSON is the survey's whole package line
# (answers under data/answers: taken as it came, it costs the importer nothing to send) or the
# answers alone, and the day the survey was made (ordinal).
Item = tuple[str, bytes | str, bool, int]
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
    """The errors of each item that has any, by its position in ``items`` (runs in a worker).
    An item without a form (fingerprint ``""``) is a line to decode, nothing more."""
    failed = []
    for i, (fingerprint, text, whole_line, day) in enumerate(items):
        try:
            answers = _answers(text, whole_line) if fingerprint else _json(text)
        except ValueError:
            failed.append((i, [_NOT_JSON]))
            continue
        if not fingerprint:
            continue
        definition = _definition(fingerprint, sources[fingerprint])
        errors = errors_only(validate_answers(definition, answers, today=date.fromordinal(day)))
        if errors:
            failed.append((i, errors))
    return failed


_NOT_JSON = Issue(
    "answers", "sync_record",
    "dữ liệu không phải JSON hợp lệ (có số vượt quá giới hạn?), không phải do kcdesk tạo ra.",
    "the data is not valid JSON (a number out of range?); kcdesk does not make such data.",
)  # fmt: skip


def _json(text: bytes | str) -> Any:
    try:
        return orjson.loads(text)
    except (orjson.JSONDecodeError, RecursionError) as exc:
        raise ValueError("not valid JSON") from exc


def _answers(text: bytes | str, whole_line: bool) -> dict[str, Any]:
    """The answers in this JSON (``ValueError`` if it is not valid JSON with answers in it)."""
    try:
        decoded = orjson.loads(text)
        answers = decoded["data"]["answers"] if whole_line else decoded
    except (orjson.JSONDecodeError, RecursionError, KeyError, TypeError) as exc:
        raise ValueError("not valid JSON") from exc
    if not isinstance(answers, dict):
        raise ValueError("answers are not an object")
    return answers


def _ready() -> None:
    """A worker's first task: nothing, so that it is started and has imported this module."""


def _answered(future: Future[Any] | None) -> bool:
    return future is None or future.done()


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
        self._in_flight = max(1, workers) * _IN_FLIGHT_PER_WORKER
        if workers:
            try:
                self._pool = ProcessPoolExecutor(
                    workers, mp_context=multiprocessing.get_context("spawn")
                )
                # Workers start on the first task: start them now, while the import reads the
                # facilities that come before the surveys, not when the first answers wait.
                for _ in range(workers):
                    self._pool.submit(_ready)
            except (OSError, ValueError, NotImplementedError, RuntimeError):
                self.close()  # the checks are made inline
        self._sources: dict[str, dict[str, Any]] = {}
        self._items: list[Item] = []
        self._who: list[tuple[str, str]] = []  # (uuid, survey date) of each item, for messages
        self._sent: deque[tuple[Future[list[tuple[int, list[Issue]]]] | None, list[Item],
                                list[tuple[str, str]]]] = deque()  # fmt: skip
        self._errors: list[Issue] = []

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def check(
        self, uuid: str, data: dict[str, Any], definition: FormDefinition,
        answers: dict[str, Any] | None, today: date, line: bytes | None = None,
        text: str | None = None,
    ) -> list[Issue]:  # fmt: skip
        """Errors of these answers now (inline), or ``[]`` and later from :meth:`finish`.
        ``line``: the survey's package line these answers were decoded from, if any; ``text``:
        the answers' JSON as they came. With either, ``answers`` may be ``None`` (not decoded
        yet: they are decoded where they are checked)."""
        if self._pool is None:
            if answers is None:
                try:
                    answers = _answers(line or b"", True) if text is None else _answers(text, False)
                except ValueError:
                    return [self._wrap(uuid, data, _NOT_JSON)]
                data = {**data, "answers": answers}
            issues = errors_only(validate_answers(definition, answers, today=today))
            return [self._wrap(uuid, data, i) for i in issues]
        self._sources.setdefault(definition.fingerprint, definition.source)
        sent: bytes | str
        if text is not None:
            sent, whole_line = text, False
        elif line is None:
            # orjson hands back a buffer of several kilobytes whatever the text's length;
            # copied to its size, the answers waiting for a worker take what they are.
            sent, whole_line = bytes(memoryview(orjson.dumps(answers))), False
        else:
            sent, whole_line = line, True
        self._add((definition.fingerprint, sent, whole_line, today.toordinal()),
                  uuid, str(data.get("survey_date") or ""))  # fmt: skip
        return []

    def decode(self, uuid: str, text: str) -> None:
        """Decode JSON in full, nothing more (a skimmed survey's answers, see fast_lines): in a
        worker when there are workers; JSON that does not decode fails the import in
        :meth:`finish`."""
        if self._pool is None:
            try:
                _json(text)
            except ValueError:
                self._errors.append(self._wrap(uuid, {}, _NOT_JSON))
            return
        self._add(("", text, False, 0), uuid, "")

    def _add(self, item: Item, uuid: str, day: str) -> None:
        self._items.append(item)
        self._who.append((uuid, day))
        if len(self._items) >= _BATCH:
            self._send()

    def _send(self) -> None:
        if not self._items:
            return
        items, who = self._items, self._who
        self._items, self._who = [], []
        future = None
        if self._pool is not None:
            sources = {fp: self._sources[fp] for fp in {item[0] for item in items} if fp}
            try:
                future = self._pool.submit(check_batch, sources, items)
            except RuntimeError:  # the pool broke or shut down: check here instead
                future = None
        self._sent.append((future, items, who))
        # Answered batches are taken in order as they come, and a long queue waits for its
        # oldest, so that memory holds a few batches, not the whole package's answers.
        while self._sent and (len(self._sent) > self._in_flight or _answered(self._sent[0][0])):
            self._take_oldest()

    def _take_oldest(self) -> None:
        future, items, who = self._sent.popleft()
        try:
            failed = future.result() if future is not None else None
        except Exception:
            failed = None
        if failed is None:
            failed = check_batch(self._sources, items)
        for i, issues in failed:
            uuid, day = who[i]
            data: dict[str, Any] = {"survey_date": day}
            with contextlib.suppress(ValueError):  # a line that is not JSON has no answers
                data["answers"] = _answers(items[i][1], items[i][2])
            self._errors += [self._wrap(uuid, data, issue) for issue in issues]

    def finish(self) -> list[Issue]:
        """Every error of the surveys handed to :meth:`check` since the start, in their order."""
        self._send()
        while self._sent:
            self._take_oldest()
        return self._errors

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
