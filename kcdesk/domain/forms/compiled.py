"""A form definition compiled once into Python functions that evaluate and check its answers.

Why: the sync import checks every survey it receives, and walking the definition for each one
(type dispatch per question, a Scope per expression, a call per node) cost about 1 ms a survey.
For each definition this module writes, once, straight-line code (codewriter.py): per question,
its relevance and calculation inlined (expressions.PySource), its answer read by the JSON kind
its type expects, its check (checks.py). One pass evaluates the answers and notes the questions
that may have an issue; report.Reporter then writes those issues, in form order, exactly as it
always has. Answers of kinds the code does not expect go to ``values.to_value`` and the Reporter.
"""

from __future__ import annotations

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
    else:
        w.line(f"{to[0]} = stored")
        w.line(f"{to[1]} = ({number}) if stored is not None else None")


class _Evaluate:
    """Writes ``evaluate(answers, today) -> (state, suspects)``: what answers.evaluate_form did,
    question by question in evaluation order, and (with ``checks``) the document index of each
    relevant question whose check did not pass. ``any_day``: ``today`` may not be a date."""

    def __init__(
        self, w: CodeWriter, definition: FormDefinition, any_day: bool, checks: bool = True
    ) -> None:
        self.w, self.definition, self.any_day, self.checks = w, definition, any_day, checks
        self.index = {q.name: i for i, q in enumerate(definition.questions())}
        self.steps: list[tuple[str, Question, Section]] = []
        for n in definition.order:
            q, section = definition.question(n), definition.section_of(n)
            if q is not None and section is not None:  # else: not a question, skipped
                self.steps.append((n, q, section))
        self.later: list[str] = []  # names evaluated after the current one (values not final)

    def write(self) -> None:
        w, steps = self.w, self.steps
        # Every question gets its relevance and value in this order: dicts made from templates
        # keep it, and only what differs from "relevant, no answer" is written.
        relevant = w.const({n: True for n, _, _ in steps})
        values = w.const(dict.fromkeys(n for n, _, _ in steps))
        sections = w.const({s.name: True for _, _, s in steps})
        w.line("def evaluate(answers, today):")
        w.depth += 1
        w.line(
            f"relevant, values, sections = {relevant}.copy(), {values}.copy(), {sections}.copy()"
        )
        w.line("tables, columns, calculated = {}, {}, {}")
        w.line("state = _FormState(relevant, sections, values, tables, columns, calculated, today)")
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
            ok = self.relevance(q.relevant, form_ref, section_ok[section.name])
            if ok != "True":
                w.line(f"ok = {ok}")
                w.line(f"relevant[{name(n)}] = ok")
                ok = "ok"
            if q.type is QType.CALCULATE and q.calculation is not None:
                _calculate(w, q, form_ref, ok, ("calculated", "values"))
            elif q.type is QType.REPEAT:
                self.table(q, ok)
            elif q.type is QType.NOTE:
                pass  # no value: None in the template
            elif q.type is QType.CALCULATE:  # pragma: no cover - the loader wants a calculation
                self.when(ok, self.read, f"values[{name(n)}]", q, f"get({name(n)})")
            else:
                self.when(ok, self.answer, n, q)
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
        self.w.line(f"{var} = {self.w.source(form_ref).condition(section.relevant.node)}")
        self.w.line(f"sections[{name(section.name)}] = {var}")
        return var

    def relevance(self, expr: Expression | None, ref: Callable[[str], str], ok: str) -> str:
        if expr is None:
            return ok
        cond = self.w.source(ref).condition(expr.node)
        return cond if ok == "True" else f"{ok} and ({cond})"

    def final(self, n: str, column: str | None) -> bool:
        """Is this value (a table's column when ``column``) final at this point?"""
        return n not in self.later

    def answer(self, n: str, q: Question) -> None:
        if not self.checks:
            self.read(f"values[{name(n)}]", q, f"get({name(n)})")
            return
        bad = f"bad({self.index[n]!r})"
        self.read_check(f"values[{name(n)}]", q, f"get({name(n)})", bad, form_ref, self.final)

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

    def table(self, q: Question, ok: str) -> None:
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
        w.line("rows, cells, fine = [], [], True")
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

            w.line(f"rr, rv = {display(relevant)}, {display(value)}")
            w.line(f"rows.append(_RowState(rr, rv, {display(stored)}))")
            if turn:
                w.line(f"cells.append(({', '.join(value[c] for c in names)},))")
            for col in q.columns if not turn else ():
                got = "rv[{0}]" if col.name in in_rows else "rv.get({0})"
                w.line(f"{lists[col.name]}.append({got.format(name(col.name))})")
            if later and self.checks:
                static = {c for c, col in cols if col.relevant is None}
                checks = [col for col in q.columns if col in later]
                w.block(
                    "if fine:",
                    lambda: write_row_checks(w, checks, "fine = False", static, row_final),
                )

        w.block("for r in (answer if isinstance(answer, list) else ()):", row)
        w.line(f"tables[{lit}] = rows")
        if turn:
            empty = w.const(((),) * len(names))
            w.line(f"{', '.join(lists.values())} = zip(*cells) if cells else {empty}")
            mapping = ", ".join(f"{name(c)}: {v}" for c, v in lists.items())
        else:
            mapping = ", ".join(f"{name(c)}: tuple({v})" for c, v in lists.items())
        w.line(f"columns[{lit}] = {{{mapping}}}")
        self.when(ok, self.table_answer, q)

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
            return cells.get(literal) or f"vget({literal})"

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

    def when_else(self, ok: str, var: str, body: Callable[..., None], *args: Any) -> None:
        """``body(*args)`` when ``ok``, else ``var = None``."""
        self.when(ok, body, *args)
        if ok != "True":
            self.w.block("else:", lambda: self.w.line(f"{var} = None"))

    def table_answer(self, q: Question) -> None:
        """The table's value and its own check (count, rows, constraint)."""
        w, lit = self.w, name(q.name)
        if not self.checks:
            w.line("raw = answer")
            w.block(
                "if type(raw) is list and raw:",
                lambda: w.line(f"values[{lit}] = tuple(range(len(raw)))"),
            )
            w.block(
                "elif raw is not None:",
                lambda: w.line(f"values[{lit}] = to_value({w.question(q)}, raw)"),
            )
            return
        bad = f"bad({self.index[q.name]!r})"
        holds = all_of([*check_of(w, q, "fine").what, rule(w, q, form_ref, self.final)])
        w.line("raw = answer")
        w.block("if raw is None:", lambda: w.line("pass" if empty_ok(q) else bad))

        def rows() -> None:
            w.line(f"values[{lit}] = v = tuple(range(len(raw)))")
            w.block(f"if not ({holds}):", lambda: w.line(bad))

        w.block("elif type(raw) is list and raw:", rows)
        if empty_ok(q):
            w.block("elif type(raw) is list:", lambda: w.line("pass"))

        def other() -> None:
            w.line(f"values[{lit}] = to_value({w.question(q)}, raw)")
            w.line(bad)

        w.block("else:", other)


Evaluator = Callable[[Mapping[str, Any], date], tuple[FormState, list[int]]]


class Plan:
    """The generated functions of one definition. Holds no reference to the definition: it is
    cached until the definition is freed."""

    def __init__(self, definition: FormDefinition) -> None:
        w = CodeWriter()
        _Evaluate(w, definition, any_day=False).write()
        write_validate(w, definition)
        self.filename = f"<form {definition.key} #{next(_serial)}>"
        evaluate, validate = w.build(self.filename, ["evaluate", "validate"])
        self._by_date: Evaluator = evaluate
        self._validate: Callable[..., None] = validate
        # Written when first needed: evaluation alone (evaluate_form), and for a "today" that
        # is not a date (not from kcdesk).
        self._alone: Evaluator | None = None
        self._any_day: Evaluator | None = None
        self._definition = weakref.ref(definition)
        self.questions = [(q, q.name) for q in definition.questions()]
        self.names = frozenset(n for _, n in self.questions)
        # Suspects are named by their place in the form: one question to each name.
        self.one_pass = len(self.names) == len(self.questions)

    def _evaluate(self, answers: Mapping[str, Any], today: date) -> tuple[FormState, list[int]]:
        if isinstance(today, date):
            return self._by_date(answers, today)
        if self._any_day is None:  # pragma: no cover - kcdesk passes dates
            self._any_day = self._write(any_day=True, checks=True)
        return self._any_day(answers, today)

    def _write(self, any_day: bool, checks: bool) -> Evaluator:
        definition = self._definition()
        assert definition is not None  # the plan is called with its definition
        w = CodeWriter()
        _Evaluate(w, definition, any_day, checks).write()
        (evaluate,) = w.build(f"<form {definition.key} #{next(_serial)}>", ["evaluate"])
        return evaluate  # type: ignore[no-any-return]

    def evaluate(self, answers: Mapping[str, Any], today: date) -> FormState:
        """answers.evaluate_form: the evaluation without the checks."""
        if not isinstance(today, date):
            return self._evaluate(answers, today)[0]
        if self._alone is None:
            self._alone = self._write(any_day=False, checks=False)
        return self._alone(answers, today)[0]

    def check(
        self, definition: FormDefinition, answers: Mapping[str, Any], today: date
    ) -> list[Issue]:
        """answers.validate_answers without a state: the questions the evaluation found
        suspect go to the Reporter, in form order."""
        if isinstance(today, date):
            state, suspects = self._by_date(answers, today)
        else:
            state, suspects = self._evaluate(answers, today)
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
        weakref.finalize(definition, _forget, id(definition), plan.filename)
    return plan


def _forget(key: int, filename: str) -> None:
    plans.pop(key, None)
    linecache.cache.pop(filename, None)  # the code's lines, kept for tracebacks
