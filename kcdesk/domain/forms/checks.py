"""The checks a form plan runs: code that decides "this answer certainly has no issue".

Each follows what report.Reporter.question does for its type (is_empty, shape, bounds, text,
rows, constraint), but only to say yes or no: when it says no, or is not sure, the question goes
to the Reporter, which writes the issues. So a check may be stricter than the Reporter (blank
commune objects, decimals typed as text...), never looser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from kcdesk.domain.forms.codewriter import CodeWriter, form_ref, name, row_ref
from kcdesk.domain.forms.model import FormDefinition, QType, Question, TextFormat

# At most how many characters the canonical decomposition makes of one (U+1F82: 4; a test checks
# this Python's Unicode data).
NFD_GROWTH = 4
# (question name, table column or None) → is its value final where the check runs?
Final = Callable[[str, str | None], bool]


class Check:
    """How answers of one type are checked.

    ``usual``: the test of the usual non-empty JSON kind; it may bind ``v`` to the value.
    ``value``: otherwise, the value (``to_value``) to bind to ``v``.
    ``what``: what must then hold, besides the constraint.
    ``blank``: the test of an empty answer of that kind (after ``usual`` failed), if any.
    ``kind``: the type of the value, when it is a number or a text.
    """

    def __init__(
        self, usual: str, what: list[str], blank: str | None, value: str = "", kind: str = ""
    ) -> None:
        self.usual, self.what, self.blank, self.value, self.kind = usual, what, blank, value, kind


def check_of(w: CodeWriter, q: Question, table: str = "") -> Check:
    t = q.type
    text = "type(raw) is str and (v := raw.strip())"  # the value: the text trimmed
    if t in (QType.TEXT, QType.LONG_TEXT):
        return Check(text, [_text(w, q)], "type(raw) is str", kind="str")
    if t is QType.CHOICE:
        values = frozenset(c.value for c in q.choices)
        allowed = w.const(values)
        if all(v and v == v.strip() for v in values):  # as the loader makes them: then an
            # allowed answer is its own value, trimmed
            usual = f"type(raw) is str and raw in {allowed}"
            return Check(usual, [], "type(raw) is str and not raw.strip()", "raw", "str")
        return Check(text, [f"raw in {allowed}"], "type(raw) is str", kind="str")
    if t in (QType.INTEGER, QType.MONEY, QType.DECIMAL):
        # Reporter.bounds compares a bound of the value's type only (Decimal); an int compares
        # with a Decimal exactly, so the answer is compared as it is.
        what = [f"not raw < {w.const(b)}" for b in (q.minimum,) if type(b) is Decimal]
        what += [f"not raw > {w.const(b)}" for b in (q.maximum,) if type(b) is Decimal]
        return Check("type(raw) is int", what, None, "_small(raw) or _Decimal(raw)", "_Decimal")
    if t is QType.YES_NO:
        return Check("raw is True or raw is False", [], None, "raw")
    if t in (QType.COMMUNE, QType.INDUSTRY_CODE):
        usual = "type(raw) is dict and type(v := raw.get('code')) is str and v.strip()"
        if t is QType.COMMUNE:
            ok = "v.isdigit() and raw.get('scheme', '2025') in ('2025', 'legacy')"
        else:
            ok = "_industry(v) and raw.get('version', 'VSIC2025') in _INDUSTRY_VERSIONS"
        return Check(usual, [ok], None, kind="str")
    if t is QType.DATE:
        what = []
        for bound, op in ((q.minimum, "<"), (q.maximum, ">")):
            if bound is not None:  # as Reporter.bounds: a bound of the value's own type only
                b = w.const(bound)
                what.append(f"not (type({b}) is type(v) and v {op} {b})")
        usual = f"type(raw) is str and (v := _day({w.question(q)}, raw)) is not None"
        return Check(usual, what, None)
    if t is QType.MULTI_CHOICE:
        allowed = w.const(frozenset(c.value for c in q.choices))
        what = [f"_choices_ok(raw, {allowed})", *_counts(q)]
        return Check("type(raw) is list and raw", what, "type(raw) is list", "tuple(map(str, raw))")
    if t is QType.PHOTO:
        what = ["_photos_ok(raw)", *_counts(q)]
        value = f"to_value({w.question(q)}, raw)"
        return Check("type(raw) is list and raw", what, "type(raw) is list", value)
    if t is QType.REPEAT:  # ``table``: the source of "every row is fine"
        value = "tuple(range(len(raw)))"  # to_value of a table with rows
        return Check("type(raw) is list and raw", [*_counts(q), table], "type(raw) is list", value)
    raise TypeError(f"no check for {t}")  # pragma: no cover - every answer type is above


def _counts(q: Question) -> list[str]:
    out = []
    if q.min_count is not None:
        out.append(f"len(raw) >= {int(q.min_count)!r}")
    if q.max_count is not None:
        out.append(f"len(raw) <= {int(q.max_count)!r}")
    return out


def _text(w: CodeWriter, q: Question) -> str:
    """Reporter.text: lengths, pattern and identifier format of the cleaned text."""
    low, high = q.min_length, q.max_length
    fmt = q.format if q.format is not TextFormat.YEAR else None
    if low is None and not q.pattern and fmt is None:
        # Cleaning (NFC, spaces) only shortens NFC text, so NFC text within the limit is fine;
        # and NFC, the canonical composition of NFD, makes at most NFD_GROWTH characters of one,
        # so text that short is fine whatever its form.
        if high is None:
            return "True"
        short = int(high) // NFD_GROWTH
        return (
            f"len(raw) <= {short!r} or (len(raw) <= {int(high)!r} and _is_normalized('NFC', raw))"
        )
    if low is None and high is None and not q.pattern and fmt is not None:
        # an identifier alone: digits typed as they are need no cleaning, and a mobile number
        # of 10 digits is fine as it is (codewriter.identifier_ok)
        full = f"_identifier_ok({w.const(fmt)}, raw if raw.isdigit() and raw.isascii() else _clean(raw))"
        if fmt is TextFormat.PHONE:
            mobile = "len(raw) == 10 and raw[0] == '0' and raw[1] in '35789' and raw.isdigit()"
            return f"({mobile} and raw.isascii()) or {full}"
        return full
    text = w.local("_t")
    what = [f"({text} := _clean(raw)) is not None"]
    if low is not None:
        what.append(f"len({text}) >= {int(low)!r}")
    if high is not None:
        what.append(f"len({text}) <= {int(high)!r}")
    if q.pattern:
        what.append(f"{w.const(re.compile(q.pattern).fullmatch)}({text})")
    if fmt is not None:
        what.append(f"_identifier_ok({w.const(fmt)}, {text})")
    return all_of(what)


def rule(
    w: CodeWriter,
    q: Question,
    ref: Callable[[str], str],
    final: Final | None = None,
    kind: str = "",
) -> str:
    """Source of "the constraint holds" for the value in ``v``, as Reporter.question applies it:
    unless an answer it compares with is missing, its value is ``None`` or true. ``False`` when
    an answer it reads is not final yet (the Reporter will check it)."""
    if q.constraint is None:
        return "True"
    expression = q.constraint.expression
    if final is not None and not all(final(n, c) for n, c in expression.refs):
        return "False"
    holds = w.source(ref, "v", kind).holds(expression.node)
    missing = [f"{ref(name(n))} is None" for n, c in sorted(expression.refs, key=str) if c is None]
    return " or ".join([*missing, holds])


def all_of(parts: list[str]) -> str:
    parts = [p for p in parts if p != "True"]
    return " and ".join(f"({p})" for p in parts) if parts else "True"


def empty_ok(q: Question) -> bool:
    """An absent or blank answer has no issue (Reporter.question)."""
    return not q.required and not (q.type is QType.REPEAT and q.min_count)


def write_check(
    w: CodeWriter,
    q: Question,
    fail: str,
    ref: Callable[[str], str],
    table: str = "",
    final: Final | None = None,
) -> None:
    """Statements that run ``fail`` unless the answer in ``raw`` certainly has no issue."""
    check = check_of(w, q, table)
    constraint = rule(w, q, ref, final, check.kind)
    holds = all_of([*check.what, constraint])
    w.block("if raw is None:", lambda: w.line("pass" if empty_ok(q) else fail))

    def usual() -> None:
        if check.value and constraint not in ("True", "False"):  # the constraint reads v
            w.line(f"v = {check.value}")
        if holds != "True":
            w.block(f"if not ({holds}):", lambda: w.line(fail))

    w.block(f"elif {check.usual}:", usual)
    if check.blank is not None and empty_ok(q):
        w.block(f"elif {check.blank}:", lambda: w.line("pass"))
    w.block("else:  # blank, or of another JSON kind: the Reporter says", lambda: w.line(fail))


def write_row_checks(
    w: CodeWriter,
    columns: list[Question],
    fail: str,
    static: set[str],
    final: Final | None = None,
    ref: Callable[[str], str] = row_ref,
) -> None:
    """Reporter.rows for the row ``r`` (``rr``, ``rv``: its relevance and values): each relevant
    cell of ``columns``. ``static``: columns known to be relevant."""
    for col in columns:
        if col.type in (QType.NOTE, QType.CALCULATE):
            continue  # Reporter.question says nothing of them
        n = name(col.name)

        def cell(col: Question = col, n: str = n) -> None:
            w.line(f"raw = r.get({n})")
            write_check(w, col, fail, ref, final=final)

        if col.name in static:
            cell()
        else:
            w.block(f"if rr.get({n}, True):", cell)


def _write_table_check(w: CodeWriter, q: Question) -> str:
    """A function of the generated code: "every row is an object of the table's columns whose
    relevant cells have no issue"."""
    fn = w.local("table")
    known = w.const(frozenset(c.name for c in q.columns))

    def body() -> None:
        def keys() -> None:
            test = f"type(r) is not dict or not {known}.issuperset(r)"
            w.block(f"if {test}:", lambda: w.line("return False"))

        w.block("for r in rows:", keys)

        def row() -> None:
            w.line("rr, rv = st.relevant, st.values")
            write_row_checks(w, list(q.columns), "return False", set())

        w.block(f"for r, st in zip(rows, tables.get({name(q.name)}, [])):", row)
        w.line("return True")

    w.function(f"def {fn}(rows, tables, vget, columns, today):", body)
    return f"{fn}(raw, tables, vget, columns, today)"


def write_validate(w: CodeWriter, definition: FormDefinition) -> None:
    """``validate(answers, state, slow)``: the relevant questions checked in form order, given
    the state of an evaluation; ``slow(question, raw, field)`` is Reporter.question."""
    w.line("def validate(answers, state, slow):")
    w.depth += 1
    w.line("get, relevant, tables = answers.get, state.relevant, state.rows")
    w.line("columns, vget = state.columns, state.values.get")
    w.line("today = state.today or _date_today()")  # as state.scope() takes it
    for q in definition.questions():
        if q.type in (QType.NOTE, QType.CALCULATE):
            continue  # Reporter.question says nothing of them
        n = name(q.name)

        def check(q: Question = q, n: str = n) -> None:
            w.line(f"raw = get({n})")
            table = _write_table_check(w, q) if q.type is QType.REPEAT else ""
            write_check(w, q, f"slow({w.question(q)}, raw, {n})", form_ref, table)

        w.block(f"if relevant.get({n}, False):", check)
    w.depth -= 1
