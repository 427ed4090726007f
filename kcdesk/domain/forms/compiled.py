"""A form definition compiled once into Python functions that evaluate and check its answers.

Why: the sync import checks every survey it receives, and walking the definition for each one
(type dispatch per question, a Scope per expression, a call per node) cost about 1 ms a survey.
For each definition this module writes, once, straight-line code (codewriter.py): per question,
its relevance and calculation inlined (expressions.PySource), its answer read by the JSON kind
its type expects, its check (checks.py). One pass evaluates the answers and notes the questions
that may have an issue; report.Reporter then writes those issues, in form order, exactly as it
always has. Answers of kinds the code does not expect go to ``values.to_value`` and the Reporter.

A survey is first run through lean code that makes no state (its values in variables): when no
question is suspect, that is the whole check. Otherwise the full pass makes the state the
Reporter reads. evaluate_form has its own code without the checks, validate_answers given a
state its own code that reads it (checks.write_validate).
"""

from __future__ import annotations

import contextlib
import itertools
import linecache
import weakref
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from kcdesk.domain.errors import Issue
from kcdesk.domain.forms.checks import (
    Final,
    all_of,
    check_of,
    empty_ok,
    rule,
    write_row_checks,
    write_validate,
)
from kcdesk.domain.forms.codewriter import CodeWriter, form_ref, name
from kcdesk.domain.forms.expressions import Expression
from kcdesk.domain.forms.model import FormDefinition, QType, Question, Section
from kcdesk.domain.forms.report import Reporter
from kcdesk.domain.forms.values import FormState

# The JSON kind an answer of a value type usually holds, and its value, read without to_value.
_FAST_READ: dict[QType, tuple[str, str]] = {
    QType.TEXT: ("type(raw) is str", "raw.strip() or None"),
    QType.LONG_TEXT: ("type(raw) is str", "raw.strip() or None"),
    QType.CHOICE: ("type(raw) is str", "raw.strip() or None"),
    QType.INTEGER: ("type(raw) is int", "_small(raw) or _Decimal(raw)"),
    QType.DECIMAL: ("type(raw) is int", "_small(raw) or _Decimal(raw)"),
    QType.MONEY: ("type(raw) is int", "_small(raw) or _Decimal(raw)"),
    QType.YES_NO: ("raw is True or raw is False", "raw"),
    QType.MULTI_CHOICE: ("type(raw) is list and raw", "tuple(map(str, raw))"),
    QType.COMMUNE: ("type(raw) is dict and type(c := raw.get('code')) is str and c.strip()", "c"),
    QType.INDUSTRY_CODE: (
        "type(raw) is dict and type(c := raw.get('code')) is str and c.strip()",
        "c",
    ),
}


def _read(w: CodeWriter, target: str, q: Question, local: bool = False) -> None:
    """``target = to_value(q, raw)``: when ``raw`` is not None (``target`` is None already, but
    for a ``local`` variable)."""

    def value() -> None:
        fast = _FAST_READ.get(q.value_type)
        if q.value_type is QType.DATE:
            fast = ("type(raw) is str", f"_day({w.question(q)}, raw)")
        if fast is None:
            w.line(f"{target} = to_value({w.question(q)}, raw)")
            return
        w.block(f"if {fast[0]}:", lambda: w.line(f"{target} = {fast[1]}"))
        w.block("else:", lambda: w.line(f"{target} = to_value({w.question(q)}, raw)"))

    w.block("if raw is not None:", value)
    if local:
        w.block("else:", lambda: w.line(f"{target} = None"))


def _calculate(
    w: CodeWriter, q: Question, ref: Callable[[str], str], ok: str, to: tuple[str, str]
) -> None:
    """A calculation: its stored form (into ``calculated``) and its value (into ``values``);
    in a row, into the variables ``to``."""
    assert q.calculation is not None
    value = w.source(ref).expr(q.calculation.node)
    qq = w.question(q)
    # values.to_json: a number rounded half up to its result's places, whole as an int
    t = w.local("_t")
    if q.value_type in (QType.INTEGER, QType.MONEY):
        rounded = f"int({t}.quantize(_ONE, rounding=_HALF_UP))"
    else:
        rounded = f"_decimal_json({t}, {w.const(Decimal(1).scaleb(-q.decimals))})"
    stored = f"{rounded} if isinstance({t} := {value}, _Decimal) else None"
    w.line(f"stored = {stored}" if ok == "True" else f"stored = ({stored}) if {ok} else None")
    # to_value of a stored number
    number = (  # what to_value gives for the int or float to_json stores (as_number)
        "(_small(stored) or _Decimal(stored)) if type(stored) is int else"
        f" _Decimal(str(stored)) if type(stored) is float else to_value({qq}, stored)"
    )
    if to[0] == "calculated":
        w.line(f"calculated[{name(q.name)}] = stored")
        w.block("if stored is not None:", lambda: w.line(f"values[{name(q.name)}] = {number}"))
    else:  # into variables (no stored form kept when ``to[0]`` is empty)
        if to[0]:
            w.line(f"{to[0]} = stored")
        w.line(f"{to[1]} = ({number}) if stored is not None else None")


class _NotLean(Exception):
    """A definition the lean code cannot do (it then runs with the state)."""


class _Evaluate:
    """Writes ``evaluate(answers, today) -> (state, suspects)``: what answers.evaluate_form did,
    question by question in evaluation order, and (with ``checks``) the document index of each
    relevant question whose check did not pass. ``any_day``: ``today`` may not be a date.

    ``lean``: no state is made, only the suspects returned; values are held in variables. Most
    surveys have no issue, and their state would be thrown away."""

    def __init__(
        self,
        w: CodeWriter,
        definition: FormDefinition,
        any_day: bool,
        checks: bool = True,
        lean: bool = False,
    ) -> None:
        self.w, self.definition, self.any_day, self.checks = w, definition, any_day, checks
        self.lean = lean
        self.value_of: dict[str, str] = {}  # lean: a name's literal → its value's variable
        self.index = {q.name: i for i, q in enumerate(definition.questions())}
        self.steps: list[tuple[str, Question, Section]] = []
        for n in definition.order:
            q, section = definition.question(n), definition.section_of(n)
            if q is not None and section is not None:  # else: not a question, skipped
                self.steps.append((n, q, section))
        self.later: list[str] = []  # names evaluated after the current one (values not final)

    def write(self) -> None:
        w, steps = self.w, self.steps
        if self.lean and (self.any_day or len({n for n, _, _ in steps}) < len(steps)):
            raise _NotLean  # a name evaluated twice would need its variable renamed
        w.line("def evaluate(answers, today):")
        w.depth += 1
        if self.lean:
            w.line("get, columns, suspects = answers.get, {}, []")
        else:
            # Every question gets its relevance and value in this order: dicts made from
            # templates keep it, and only what differs from "relevant, no answer" is written.
            relevant = w.const({n: True for n, _, _ in steps})
            values = w.const(dict.fromkeys(n for n, _, _ in steps))
            sections = w.const({s.name: True for _, _, s in steps})
            w.line(
                f"relevant, values, sections = {relevant}.copy(), {values}.copy(), {sections}.copy()"
            )
            w.line("tables, columns, calculated = {}, {}, {}")
            w.line(
                "state = _FormState(relevant, sections, values, tables, columns, calculated, today)"
            )
            w.line("get, vget, suspects = answers.get, values.get, []")
        w.line("bad = suspects.append")
        if not self.any_day:  # today is a date: its year is worked out once
            w.line("this_year = _f1_year(today)")
            w.this_year = "this_year"
        section_ok: dict[str, str] = {}  # section → its relevance: "True" or a local
        for position, (n, q, section) in enumerate(steps):
            self.later = [m for m, _, _ in steps[position + 1 :]]
            if section.name not in section_ok:  # decided at its first question
                section_ok[section.name] = self.section(section)
            ok = self.relevance(q.relevant, self.form_ref, section_ok[section.name])
            if ok != "True":
                w.line(f"ok = {ok}")
                if not self.lean:
                    w.line(f"relevant[{name(n)}] = ok")
                ok = "ok"
            target = f"values[{name(n)}]"
            if self.lean:  # its variable, read from now on (a constraint may name its question)
                target = self.value_of[name(n)] = w.local("x")
            if q.type is QType.CALCULATE and q.calculation is not None:
                to = ("", target) if self.lean else ("calculated", "values")
                _calculate(w, q, self.form_ref, ok, to)
            elif q.type is QType.REPEAT:
                self.table(q, ok, target)
            elif q.type is QType.NOTE:
                self.value_of[name(n)] = "None"  # no value (None in the template)
            elif q.type is QType.CALCULATE:  # pragma: no cover - the loader wants a calculation
                self.when_else(ok, target, self.read, target, q, f"get({name(n)})", self.lean)
            else:
                self.when_else(ok, target, self.answer, n, q, target)
        if self.lean:  # with suspects, the values the Reporter's constraints read
            values = ", ".join(f"{name(n)}: {self.value_of[name(n)]}" for n, _, _ in steps)
            w.block("if suspects:", lambda: w.line(f"return suspects, {{{values}}}, columns"))
            w.line("return suspects, None, None")
        else:
            w.line("return state, suspects")
        w.depth -= 1
        w.this_year = ""

    def when(self, ok: str, body: Callable[..., None], *args: Any) -> None:
        """``body(*args)``, under ``if ok:`` unless ``ok`` is "True"."""
        if ok == "True":
            body(*args)
        else:
            self.w.block(f"if {ok}:", lambda: body(*args))

    def section(self, section: Section) -> str:
        if section.relevant is None:
            return "True"
        var = self.w.local("section")
        self.w.line(f"{var} = {self.w.source(self.form_ref).condition(section.relevant.node)}")
        if not self.lean:
            self.w.line(f"sections[{name(section.name)}] = {var}")
        return var

    def form_ref(self, literal: str) -> str:
        """Reading a question's value: from ``values``, or (lean) its variable, ``None`` while
        it has none yet (as in ``values``, made with every name set to None)."""
        if not self.lean:
            return form_ref(literal)
        return self.value_of.get(literal, "None")

    def when_else(self, ok: str, var: str, body: Callable[..., None], *args: Any) -> None:
        """``body(*args)`` when ``ok``, else ``var = None`` (when ``var`` is a variable)."""
        self.when(ok, body, *args)
        if ok != "True" and var.isidentifier():
            self.w.block("else:", lambda: self.w.line(f"{var} = None"))

    def relevance(self, expr: Expression | None, ref: Callable[[str], str], ok: str) -> str:
        if expr is None:
            return ok
        cond = self.w.source(ref).condition(expr.node)
        return cond if ok == "True" else f"{ok} and ({cond})"

    def final(self, n: str, column: str | None) -> bool:
        """Is this value (a table's column when ``column``) final at this point?"""
        return n not in self.later

    def answer(self, n: str, q: Question, target: str) -> None:
        if not self.checks:
            self.read(target, q, f"get({name(n)})", self.lean)
            return
        bad = f"bad({self.index[n]!r})"
        self.read_check(target, q, f"get({name(n)})", bad, self.form_ref, self.final, self.lean)

    def read_check(
        self,
        target: str,
        q: Question,
        raw: str,
        fail: str,
        ref: Callable[[str], str],
        final: Final,
        local: bool = False,
    ) -> None:
        """``target = to_value(q, raw)`` and ``fail`` unless the answer certainly has no issue:
        checks.write_check, storing the value it reads. ``target`` is None already, unless it
        is a ``local`` variable."""
        w = self.w
        check = check_of(w, q)
        holds = all_of([*check.what, rule(w, q, ref, final, check.kind)])
        none = [f"{target} = None"] if local else []
        w.line(f"raw = {raw}")
        w.block("if raw is None:", lambda: w.put(*none, "pass" if empty_ok(q) else fail))

        def usual() -> None:
            w.line(f"{target} = v = {check.value}" if check.value else f"{target} = v")
            if holds != "True":
                w.block(f"if not ({holds}):", lambda: w.line(fail))

        w.block(f"elif {check.usual}:", usual)
        if check.blank is not None and empty_ok(q):
            w.block(f"elif {check.blank}:", lambda: w.put(*none))  # value: None

        def other() -> None:
            w.line(f"{target} = to_value({w.question(q)}, raw)")
            w.line(fail)

        w.block("else:  # blank, or of another JSON kind: the Reporter says", other)

    def table(self, q: Question, ok: str, target: str) -> None:
        """answers._evaluate_rows, each row checked as Reporter.rows would, then the table.

        A row's cells are read into variables; its relevance, values and calculations are made
        from them at once, in the order the columns are evaluated."""
        w, lit = self.w, name(q.name)
        order = self.definition.column_orders.get(q.name) or tuple(c.name for c in q.columns)
        cols = [(c, col) for c in order if (col := q.column(c)) is not None]
        in_rows = {c for c, _ in cols}  # the columns a row's values have
        names = [c.name for c in q.columns]
        # The columns' tuples: each row's cells taken at once and turned, when each column has
        # its own name (else a list per name, as answers._evaluate_rows did).
        turn = len(names) > 1 and len(set(names)) == len(names) and in_rows.issuperset(names)
        lists = {c.name: w.local("column") for c in q.columns}
        w.line(f"answer = get({lit})" + ("" if ok == "True" else " if ok else None"))
        w.line("cells, fine = [], True" if self.lean else "rows, cells, fine = [], [], True")
        for var in dict.fromkeys(lists.values()) if not turn else ():
            w.line(f"{var} = []")
        known = w.const(frozenset(c.name for c in q.columns))
        # A cell is checked as it is read when what its constraint reads is final by then;
        # the others once the row is done.
        later: list[Question] = [c for c in q.columns if c.name not in in_rows]

        def row_final(m: str, c: str | None) -> bool:
            return (c is None and m in in_rows) or (m != q.name and self.final(m, c))

        def row() -> None:
            if not self.checks:
                w.block("if not isinstance(r, dict):", lambda: w.line("r = {}"))
            else:
                w.block("if not isinstance(r, dict):", lambda: w.line("r, fine = {}, False"))
                w.block(f"elif not {known}.issuperset(r):", lambda: w.line("fine = False"))
            value: dict[str, str] = {}  # column → its variable, once read
            relevant: dict[str, str] = {}  # its relevance: "True" or a variable
            stored: dict[str, str] = {}  # a calculation's stored form
            for c, col in cols:
                final = self.cell_final(q, in_rows, frozenset([*value, c]))
                if not self.cell(c, col, final, value, relevant, stored):
                    later.append(col)

            def display(items: dict[str, str]) -> str:
                return "{" + ", ".join(f"{name(c)}: {v}" for c, v in items.items()) + "}"

            if not self.lean or (later and self.checks):  # the later checks read these
                w.line(f"rr, rv = {display(relevant)}, {display(value)}")
            if not self.lean:
                w.line(f"rows.append(_RowState(rr, rv, {display(stored)}))")
            if turn:
                w.line(f"cells.append(({', '.join(value[c] for c in names)},))")
            for col in q.columns if not turn else ():
                got = value.get(col.name, "None")  # rv.get: None for a column not evaluated
                w.line(f"{lists[col.name]}.append({got})")
            if later and self.checks:
                static = {c for c, col in cols if col.relevant is None}
                checks = [col for col in q.columns if col in later]

                def in_row(literal: str) -> str:  # Scope's Chain: the row, then the form
                    return f"(rv[{literal}] if {literal} in rv else {self.form_ref(literal)})"

                w.block(
                    "if fine:",
                    lambda: write_row_checks(w, checks, "fine = False", static, row_final, in_row),
                )

        w.block("for r in (answer if isinstance(answer, list) else ()):", row)
        if not self.lean:
            w.line(f"tables[{lit}] = rows")
        if turn:
            empty = w.const(((),) * len(names))
            w.line(f"{', '.join(lists.values())} = zip(*cells) if cells else {empty}")
            mapping = ", ".join(f"{name(c)}: {v}" for c, v in lists.items())
        else:
            mapping = ", ".join(f"{name(c)}: tuple({v})" for c, v in lists.items())
        w.line(f"columns[{lit}] = {{{mapping}}}")
        self.when_else(ok, target, self.table_answer, q, target)

    def cell_final(self, q: Question, in_rows: set[str], done: frozenset[str]) -> Final:
        """What is final when a cell is read: the row's cells read so far, the form's answers
        evaluated before the table."""

        def final(m: str, k: str | None) -> bool:
            if k is None and m in in_rows:
                return m in done
            return m != q.name and self.final(m, k)

        return final

    def read(self, target: str, q: Question, raw: str, local: bool = False) -> None:
        self.w.line(f"raw = {raw}")
        _read(self.w, target, q, local)

    def cell(
        self,
        c: str,
        col: Question,
        final: Final,
        value: dict[str, str],
        relevant: dict[str, str],
        stored: dict[str, str],
    ) -> bool:
        """One cell of a row, into a variable: its relevance, its value, its check when it can
        be done now (``False`` when it cannot)."""
        w, lit = self.w, name(c)
        cells = {name(k): v for k, v in value.items()}

        def ref(literal: str) -> str:  # the row's cells read so far, else the form (Chain)
            return cells.get(literal) or self.form_ref(literal)

        var = w.local("x")
        ok = self.relevance(col.relevant, ref, "True")
        if ok != "True":
            is_asked = w.local("ok")
            w.line(f"{is_asked} = {ok}")
            ok = is_asked
        relevant[c] = ok
        done = True
        if col.type is QType.CALCULATE and col.calculation is not None:
            stored[c] = w.local("stored")
            _calculate(w, col, ref, ok, (stored[c], var))
        elif col.type in (QType.NOTE, QType.CALCULATE) or not self.checks:  # no check
            self.when_else(ok, var, self.read, var, col, f"r.get({lit})", True)
        elif col.constraint and not all(final(m, k) for m, k in col.constraint.expression.refs):
            self.when_else(ok, var, self.read, var, col, f"r.get({lit})", True)
            done = False
        else:
            check = (var, col, f"r.get({lit})", "fine = False", ref, final, True)
            self.when_else(ok, var, self.read_check, *check)
        value[c] = var
        return done

    def table_answer(self, q: Question, target: str) -> None:
        """The table's value and its own check (count, rows, constraint)."""
        w = self.w
        if not self.checks:
            w.line("raw = answer")
            w.block(
                "if type(raw) is list and raw:",
                lambda: w.line(f"{target} = tuple(range(len(raw)))"),
            )
            w.block(
                "elif raw is not None:",
                lambda: w.line(f"{target} = to_value({w.question(q)}, raw)"),
            )
            return
        bad = f"bad({self.index[q.name]!r})"
        holds = all_of([*check_of(w, q, "fine").what, rule(w, q, self.form_ref, self.final)])
        none = [f"{target} = None"] if self.lean else []
        w.line("raw = answer")
        w.block("if raw is None:", lambda: w.put(*none, "pass" if empty_ok(q) else bad))

        def rows() -> None:
            w.line(f"{target} = v = tuple(range(len(raw)))")
            w.block(f"if not ({holds}):", lambda: w.line(bad))

        w.block("elif type(raw) is list and raw:", rows)
        if empty_ok(q):
            w.block("elif type(raw) is list:", lambda: w.put(*none))

        def other() -> None:
            w.line(f"{target} = to_value({w.question(q)}, raw)")
            w.line(bad)

        w.block("else:", other)


Evaluator = Callable[[Mapping[str, Any], date], tuple[FormState, list[int]]]


class Plan:
    """The generated functions of one definition. Holds no reference to the definition: it is
    cached until the definition is freed. Besides the lean check and the check given a state,
    each kind of evaluation is written when first needed."""

    def __init__(self, definition: FormDefinition) -> None:
        self._definition = weakref.ref(definition)
        self.filenames: list[str] = []  # of the code written, for tracebacks
        self.questions = [(q, q.name) for q in definition.questions()]
        self.names = frozenset(n for _, n in self.questions)
        # Suspects are named by their place in the form: one question to each name.
        self.one_pass = len(self.names) == len(self.questions)
        self.tables = {i for i, (q, _) in enumerate(self.questions) if q.type is QType.REPEAT}
        self._validate: Callable[..., None] = self._build(definition, write_validate, "validate")
        self._evaluators: dict[tuple[bool, bool], Evaluator] = {}
        self._lean: Callable[[Mapping[str, Any], date], Any] | None = None
        with contextlib.suppress(_NotLean):
            self._lean = self._write(any_day=False, checks=True, lean=True)

    def _build(
        self,
        definition: FormDefinition,
        write: Callable[[CodeWriter, FormDefinition], None],
        fn: str,
    ) -> Any:
        w = CodeWriter()
        write(w, definition)
        filename = f"<form {definition.key} #{next(_serial)}>"
        self.filenames.append(filename)
        return w.build(filename, [fn])[0]

    def _write(self, any_day: bool, checks: bool, lean: bool = False) -> Any:
        definition = self._definition()
        assert definition is not None  # the plan is called with its definition

        def write(w: CodeWriter, d: FormDefinition) -> None:
            _Evaluate(w, d, any_day, checks, lean).write()

        return self._build(definition, write, "evaluate")

    def _evaluator(self, today: date, checks: bool) -> Evaluator:
        key = (not isinstance(today, date), checks)  # (today may not be a date, with checks)
        evaluate = self._evaluators.get(key)
        if evaluate is None:
            evaluate = self._evaluators[key] = self._write(*key)
        return evaluate

    def evaluate(self, answers: Mapping[str, Any], today: date) -> FormState:
        """answers.evaluate_form: the evaluation without the checks."""
        return self._evaluator(today, False)(answers, today)[0]

    def check(
        self, definition: FormDefinition, answers: Mapping[str, Any], today: date
    ) -> list[Issue]:
        """answers.validate_answers without a state: the questions the evaluation found
        suspect go to the Reporter, in form order. Most surveys have none: the lean code says
        so without making the state."""
        lean = self._lean
        if lean is not None and isinstance(today, date):
            suspects, values, columns = lean(answers, today)
            if not suspects and self.names.issuperset(answers):
                return []
            if values is not None and not any(i in self.tables for i in suspects):
                # Reporter.question reads the state only for a constraint (values, columns,
                # today) and a table's rows
                state = FormState(values=values, columns=columns, today=today)
            else:
                state = self.evaluate(answers, today)
        else:
            state, suspects = self._evaluator(today, True)(answers, today)
        if not self.one_pass:  # pragma: no cover - the loader refuses repeated names
            return self.validate(definition, answers, state)
        if not suspects and self.names.issuperset(answers):
            return []
        reporter = Reporter(definition, state)
        for i in sorted(set(suspects)):
            q, n = self.questions[i]
            reporter.question(q, answers.get(n), n)
        return self._unknown(definition, answers, reporter)

    def validate(
        self, definition: FormDefinition, answers: Mapping[str, Any], state: FormState
    ) -> list[Issue]:
        """answers.validate_answers given the state of an evaluation."""
        reporter = Reporter(definition, state)
        self._validate(answers, state, reporter.question)
        return self._unknown(definition, answers, reporter)

    def _unknown(
        self, definition: FormDefinition, answers: Mapping[str, Any], reporter: Reporter
    ) -> list[Issue]:
        if not self.names.issuperset(answers):
            for n in answers:
                if definition.question(n) is None:
                    reporter.unknown(n)
        return reporter.issues


_serial = itertools.count(1)  # plans of equal keys get their own file name in tracebacks
plans: dict[int, Plan] = {}  # id of a live definition → its plan (plan_for)


def plan_for(definition: FormDefinition) -> Plan:
    """The plan of a definition, compiled on first use and dropped when the definition is."""
    plan = plans.get(id(definition))
    if plan is None:
        plan = Plan(definition)
        plans[id(definition)] = plan
        weakref.finalize(definition, _forget, id(definition), plan.filenames)
    return plan


def _forget(key: int, filenames: list[str]) -> None:
    plans.pop(key, None)
    for filename in filenames:
        linecache.cache.pop(filename, None)  # the code's lines, kept for tracebacks
