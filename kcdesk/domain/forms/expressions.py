"""A small, safe expression language for relevance, constraints and calculations.

Why not ``eval``: definitions arrive by sync from other machines; a tree-walking interpreter over a
closed grammar can neither import nor loop, and its references can be checked when a definition
is installed, long before a collaborator opens a survey.

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("=" | "!=" | "<>" | "<" | "<=" | ">" | ">=") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | primary
    primary := NUMBER | STRING | "true" | "false" | "null" | "." | NAME | NAME "." NAME
             | NAME "(" [expr ("," expr)*] ")" | "(" expr ")"

``NAME`` is a question; ``repeat.column`` is the list of that column over the rows of a repeat
group; ``.`` is the value of the question a constraint belongs to. Values are ``Decimal``, ``str``,
``bool``, ``date``, ``tuple`` (lists) and ``None`` (no answer). ``None`` spreads through arithmetic,
ordering comparisons with it are false, and a condition that is ``None`` counts as false.
"""

from __future__ import annotations

import itertools
import linecache
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation
from typing import Any

Value = Decimal | str | bool | date | tuple[object, ...] | None

MAX_LENGTH = (
    2000  # longer expressions are refused: a definition is read by people, not written by tools
)


class ExpressionError(ValueError):
    """A syntax error or an unknown function, with the position in the source."""

    def __init__(self, message_vi: str, message_en: str, position: int = 0) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en
        self.position = position


# --- syntax tree -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Literal:
    value: Value


@dataclass(frozen=True, slots=True)
class Ref:
    name: str
    column: str | None = None  # ``repeat.column``


@dataclass(frozen=True, slots=True)
class SelfRef:
    pass


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "not" | "-"
    operand: Node


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]


Node = Literal | Ref | SelfRef | Unary | Binary | Call

# function name → (min args, max args or None for any)
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "if": (3, 3),
    "coalesce": (1, None),
    "selected": (2, 2),
    "count_selected": (1, 1),
    "count": (1, 1),
    "sum": (1, None),
    "min": (1, None),
    "max": (1, None),
    "round": (1, 2),
    "abs": (1, 1),
    "today": (0, 0),
    "year": (1, 1),
    "date": (1, 1),
    "len": (1, 1),
    "empty": (1, 1),
}

KEYWORDS = frozenset({"and", "or", "not", "true", "false", "null"})

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<number>\d+(?:\.\d+)?)
      | (?P<string>'(?:[^']|'')*'|"(?:[^"]|"")*")
      | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)
      | (?P<op><=|>=|!=|<>|[-+*/()=<>,.])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # number string name op end
    text: str
    pos: int


def _tokenize(source: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(source):
        if source[pos:].strip() == "":
            break
        m = _TOKEN.match(source, pos)
        if not m or m.end() == pos:
            bad = source[pos:].lstrip()[:1]
            at = len(source) - len(source[pos:].lstrip())
            raise ExpressionError(
                f"Ký tự không hợp lệ “{bad}” ở vị trí {at + 1}.",
                f"Unexpected character “{bad}” at position {at + 1}.",
                at,
            )
        kind = m.lastgroup or "op"
        start = m.start(kind)
        tokens.append(_Tok(kind, m.group(kind), start))
        pos = m.end()
    tokens.append(_Tok("end", "", len(source)))
    return tokens


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.i = 0

    def peek(self) -> _Tok:
        return self.tokens[self.i]

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def accept(self, text: str) -> bool:
        tok = self.peek()
        if tok.kind in ("op", "name") and tok.text == text:
            self.i += 1
            return True
        return False

    def fail(self, tok: _Tok, vi: str, en: str) -> ExpressionError:
        return ExpressionError(
            f"{vi} (vị trí {tok.pos + 1})", f"{en} (position {tok.pos + 1})", tok.pos
        )

    def expect(self, text: str) -> None:
        tok = self.peek()
        if not self.accept(text):
            seen = tok.text or "hết biểu thức"
            seen_en = tok.text or "end of expression"
            raise self.fail(
                tok, f"Thiếu “{text}”, gặp “{seen}”", f"Expected “{text}”, got “{seen_en}”"
            )

    def parse(self) -> Node:
        if not self.source.strip():
            raise ExpressionError("Biểu thức rỗng.", "Empty expression.")
        node = self.parse_or()
        tok = self.peek()
        if tok.kind != "end":
            raise self.fail(tok, f"Thừa “{tok.text}”", f"Unexpected “{tok.text}”")
        return node

    def parse_or(self) -> Node:
        node = self.parse_and()
        while self.accept("or"):
            node = Binary("or", node, self.parse_and())
        return node

    def parse_and(self) -> Node:
        node = self.parse_not()
        while self.accept("and"):
            node = Binary("and", node, self.parse_not())
        return node

    def parse_not(self) -> Node:
        if self.accept("not"):
            return Unary("not", self.parse_not())
        return self.parse_compare()

    def parse_compare(self) -> Node:
        node = self.parse_sum()
        tok = self.peek()
        if tok.kind == "op" and tok.text in ("=", "!=", "<>", "<", "<=", ">", ">="):
            self.take()
            op = "!=" if tok.text == "<>" else tok.text
            node = Binary(op, node, self.parse_sum())
        return node

    def parse_sum(self) -> Node:
        node = self.parse_product()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("+", "-"):
                self.take()
                node = Binary(tok.text, node, self.parse_product())
            else:
                return node

    def parse_product(self) -> Node:
        node = self.parse_unary()
        while True:
            tok = self.peek()
            if tok.kind == "op" and tok.text in ("*", "/"):
                self.take()
                node = Binary(tok.text, node, self.parse_unary())
            else:
                return node

    def parse_unary(self) -> Node:
        if self.accept("-"):
            return Unary("-", self.parse_unary())
        return self.parse_primary()

    def parse_primary(self) -> Node:
        tok = self.take()
        if tok.kind == "number":
            return Literal(Decimal(tok.text))
        if tok.kind == "string":
            quote = tok.text[0]
            return Literal(tok.text[1:-1].replace(quote * 2, quote))
        if tok.kind == "op" and tok.text == "(":
            node = self.parse_or()
            self.expect(")")
            return node
        if tok.kind == "op" and tok.text == ".":
            return SelfRef()
        if tok.kind == "name":
            word = tok.text
            if word in ("true", "false"):
                return Literal(word == "true")
            if word == "null":
                return Literal(None)
            if word in KEYWORDS:
                raise self.fail(
                    tok, f"Thiếu giá trị trước “{word}”", f"Missing value before “{word}”"
                )
            if self.peek().kind == "op" and self.peek().text == "(":
                return self.parse_call(tok)
            name, _, column = word.partition(".")
            return Ref(name, column or None)
        seen = tok.text or "hết biểu thức"
        seen_en = tok.text or "end of expression"
        raise self.fail(tok, f"Thiếu giá trị, gặp “{seen}”", f"Expected a value, got “{seen_en}”")

    def parse_call(self, tok: _Tok) -> Node:
        name = tok.text
        if name not in FUNCTIONS:
            raise self.fail(tok, f"Không có hàm “{name}”", f"Unknown function “{name}”")
        self.expect("(")
        args: list[Node] = []
        if not self.accept(")"):
            args.append(self.parse_or())
            while self.accept(","):
                args.append(self.parse_or())
            self.expect(")")
        low, high = FUNCTIONS[name]
        if len(args) < low or (high is not None and len(args) > high):
            want = str(low) if low == high else f"{low}–{high if high is not None else '…'}"
            raise self.fail(
                tok,
                f"Hàm “{name}” cần {want} đối số, có {len(args)}",
                f"Function “{name}” takes {want} arguments, got {len(args)}",
            )
        return Call(name, tuple(args))


def parse(source: str) -> Node:
    """Parse ``source`` into a syntax tree; raises :class:`ExpressionError`."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"Biểu thức dài quá {MAX_LENGTH} ký tự.", f"Expression longer than {MAX_LENGTH}."
        )
    return _Parser(source).parse()


def references(node: Node) -> set[tuple[str, str | None]]:
    """Every ``(name, column)`` the expression reads."""
    found: set[tuple[str, str | None]] = set()
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        match n:
            case Ref(name, column):
                found.add((name, column))
            case Unary(_, operand):
                stack.append(operand)
            case Binary(_, left, right):
                stack.extend((left, right))
            case Call(_, args):
                stack.extend(args)
    return found


def uses_self(node: Node) -> bool:
    match node:
        case SelfRef():
            return True
        case Unary(_, operand):
            return uses_self(operand)
        case Binary(_, left, right):
            return uses_self(left) or uses_self(right)
        case Call(_, args):
            return any(uses_self(a) for a in args)
    return False


# --- evaluation --------------------------------------------------------------------------------


class Scope:
    """Where names are looked up: a row of a repeat group first, then the whole form."""

    __slots__ = ("columns", "self_value", "today", "values")

    def __init__(
        self,
        values: Mapping[str, Value],
        columns: Mapping[str, Mapping[str, Value]] | None = None,
        row: Mapping[str, Value] | None = None,
        self_value: Value = None,
        today: date | None = None,
    ) -> None:
        # ``values`` is the whole form; ``columns`` maps repeat → column → tuple over rows.
        self.values: Mapping[str, Value] = values if row is None else Chain(row, values)
        self.columns = columns or {}
        self.self_value = self_value
        self.today = today or date.today()


class Chain(Mapping[str, Value]):
    """A row of a table in front of the whole form: a column hides a question of its name."""

    __slots__ = ("first", "second")

    def __init__(self, first: Mapping[str, Value], second: Mapping[str, Value]) -> None:
        self.first, self.second = first, second

    def __getitem__(self, key: str) -> Value:
        if key in self.first:
            return self.first[key]
        return self.second[key]

    def __iter__(self) -> Iterable[str]:  # type: ignore[override]
        yield from self.first
        yield from (k for k in self.second if k not in self.first)

    def __len__(self) -> int:
        return len(set(self.first) | set(self.second))


def truthy(value: Value) -> bool:
    """How a condition reads a value: ``None``, false, 0, empty text and empty lists are false."""
    if value is True:  # the usual case first: conditions are mostly comparisons
        return True
    if value is None or value is False:
        return False
    if isinstance(value, Decimal):
        return value != 0
    if isinstance(value, str | tuple):
        return len(value) > 0
    return True


def _is_empty(value: Value) -> bool:
    return value is None or (isinstance(value, str | tuple) and len(value) == 0)


def _numbers(values: Iterable[Value]) -> list[Decimal]:
    out: list[Decimal] = []
    for v in values:
        if isinstance(v, tuple):
            out.extend(x for x in v if isinstance(x, Decimal))
        elif isinstance(v, Decimal):
            out.append(v)
    return out


def _compare(op: str, a: Value, b: Value) -> bool:
    if op in ("=", "!="):
        equal = (_is_empty(a) and _is_empty(b)) or (
            type(a) is type(b) and a == b  # 1 = true is false on purpose: no silent coercion
        )
        return equal if op == "=" else not equal
    if a is None or b is None or type(a) is not type(b) or isinstance(a, bool | tuple):
        return False
    if op == "<":
        return a < b  # type: ignore[operator]
    if op == "<=":
        return a <= b  # type: ignore[operator]
    if op == ">":
        return a > b  # type: ignore[operator]
    return a >= b  # type: ignore[operator]


def _arith(op: str, a: Value, b: Value) -> Value:
    if isinstance(a, date) and isinstance(b, Decimal) and op in ("+", "-"):
        from datetime import timedelta

        days = int(b)
        return a + timedelta(days=days) if op == "+" else a - timedelta(days=days)
    if isinstance(a, date) and isinstance(b, date) and op == "-":
        return Decimal((a - b).days)
    if not isinstance(a, Decimal) or not isinstance(b, Decimal) or isinstance(a, bool):
        if op == "+" and isinstance(a, str) and isinstance(b, str):
            return a + b
        return None
    try:
        if op == "+":
            return a + b
        if op == "-":
            return a - b
        if op == "*":
            return a * b
        if b == 0:
            return None
        return a / b
    except (InvalidOperation, DivisionByZero):
        return None


def _to_date(value: Value) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        from kcdesk.vn.dates import parse_date

        try:
            return parse_date(value)
        except ValueError:
            return None
    return None


def evaluate(node: Node, scope: Scope) -> Value:
    """Value of ``node``; never raises on the values of answers (a mismatch gives ``None``)."""
    match node:
        case Literal(value):
            return value
        case Ref(name, None):
            return scope.values.get(name)
        case Ref(name, column) if column is not None:
            return scope.columns.get(name, {}).get(column, ())
        case SelfRef():
            return scope.self_value
        case Unary("not", operand):
            return not truthy(evaluate(operand, scope))
        case Unary(_, operand):
            v = evaluate(operand, scope)
            return -v if isinstance(v, Decimal) else None
        case Binary("and", left, right):
            return truthy(evaluate(left, scope)) and truthy(evaluate(right, scope))
        case Binary("or", left, right):
            return truthy(evaluate(left, scope)) or truthy(evaluate(right, scope))
        case Binary(op, left, right) if op in ("=", "!=", "<", "<=", ">", ">="):
            return _compare(op, evaluate(left, scope), evaluate(right, scope))
        case Binary(op, left, right):
            return _arith(op, evaluate(left, scope), evaluate(right, scope))
        case Call(function, args):
            return _call(function, args, scope)
    raise TypeError(f"not an expression node: {node!r}")  # pragma: no cover


def _call(function: str, args: tuple[Node, ...], scope: Scope) -> Value:
    if function == "if":
        cond = truthy(evaluate(args[0], scope))
        return evaluate(args[1] if cond else args[2], scope)
    if function == "coalesce":
        for arg in args:
            v = evaluate(arg, scope)
            if not _is_empty(v):
                return v
        return None
    if function == "today":
        return scope.today
    values = [evaluate(a, scope) for a in args]
    impl = _SIMPLE.get(function)
    if impl is None:  # pragma: no cover - the parser refuses unknown functions
        raise ExpressionError(f"Không có hàm “{function}”", f"Unknown function “{function}”")
    return impl(values)


def _selected(v: list[Value]) -> Value:
    container, wanted = v
    if isinstance(container, tuple):
        return wanted in container
    return container is not None and container == wanted


def _count(v: list[Value]) -> Value:
    (x,) = v
    if isinstance(x, tuple):
        return Decimal(len([item for item in x if not _is_empty(item)]))  # type: ignore[arg-type]
    return Decimal(0 if _is_empty(x) else 1)


def _round(v: list[Value]) -> Value:
    x = v[0]
    places = v[1] if len(v) > 1 else Decimal(0)
    if not isinstance(x, Decimal) or not isinstance(places, Decimal):
        return None
    return x.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


def _min(v: list[Value]) -> Value:
    nums = _numbers(v)
    return min(nums) if nums else None


def _max(v: list[Value]) -> Value:
    nums = _numbers(v)
    return max(nums) if nums else None


def _year(v: list[Value]) -> Value:
    d = _to_date(v[0])
    return Decimal(d.year) if d else None


def _len(v: list[Value]) -> Value:
    x = v[0]
    return Decimal(len(x)) if isinstance(x, str | tuple) else Decimal(0) if x is None else None


_SIMPLE: dict[str, Callable[[list[Value]], Value]] = {
    "selected": _selected,
    "count_selected": lambda v: Decimal(len(v[0])) if isinstance(v[0], tuple) else _count(v),
    "count": _count,
    "sum": lambda v: sum(_numbers(v), Decimal(0)),
    "min": _min,
    "max": _max,
    "round": _round,
    "abs": lambda v: abs(v[0]) if isinstance(v[0], Decimal) else None,
    "year": _year,
    "date": lambda v: _to_date(v[0]),
    "len": _len,
    "empty": lambda v: _is_empty(v[0]),
}


# --- compilation to Python ----------------------------------------------------------------------
#
# The tree walker above is the definition of the language. Forms evaluate many expressions per
# survey, so each tree is also translated, once, into one Python expression that computes the same
# value with no node dispatch and few calls; the form plan (compiled.py) inlines these in the code
# it generates for a whole definition. Safe by construction: the text is made only of the fixed
# templates below, names and strings from the definition appear as ``repr()`` literals of exact
# ``str`` objects, numbers as constants kept aside (``K[i]``), and it runs with no builtins but
# the few it names.

Compiled = Callable[[Scope], Value]


def _neg(v: Value) -> Value:
    return -v if isinstance(v, Decimal) else None


def _arith_fast(op: str, a: Value, b: Value) -> Value:
    """:func:`_arith`, with two numbers taken by the shortest way."""
    if type(a) is Decimal and type(b) is Decimal:
        try:
            if op == "+":
                return a + b
            if op == "-":
                return a - b
            if op == "*":
                return a * b
            return None if b == 0 else a / b
        except (InvalidOperation, DivisionByZero):
            return None
    return _arith(op, a, b)


# What generated code may call (and nothing else: it runs without builtins).
NAMESPACE: dict[str, Any] = {
    "__builtins__": {},
    "type": type,
    "isinstance": isinstance,
    "str": str,
    "bool": bool,
    "_Decimal": Decimal,
    "_truthy": truthy,
    "_is_empty": _is_empty,
    "_compare": _compare,
    "_arith": _arith_fast,
    "_neg": _neg,
    "_NO_COLUMNS": {},
    **{f"_f_{name}": impl for name, impl in _SIMPLE.items()},
}
_LITERAL_TYPES = {Decimal: "_Decimal", str: "str", bool: "bool"}
_ORDERING = ("<", "<=", ">", ">=")


class PySource:
    """Python source for expression trees, given how the generated code reaches the scope.

    ``ref(literal)`` is the source reading a question's value, given its name as a string
    literal; ``columns``, ``self_value`` and ``today`` are source names for the tables' columns,
    the answer a constraint checks and the day; ``const(value)`` is the source naming a number
    kept aside. Temporaries are ``_t1``, ``_t2``, …
    """

    def __init__(
        self,
        ref: Callable[[str], str],
        columns: str,
        self_value: str,
        today: str,
        const: Callable[[object], str],
        temps: Iterator[int],
        this_year: str = "",
        self_kind: str = "",
    ) -> None:
        self.ref, self.columns, self.self_value, self.today = ref, columns, self_value, today
        self.const, self.temps = const, temps
        # When the code guarantees ``today`` is a date, it may hold year(today()) in a variable;
        # when it knows the checked answer is a number or a text, ``self_kind`` is its type.
        self.this_year, self.self_kind = this_year, self_kind

    def temp(self) -> str:
        return f"_t{next(self.temps)}"

    def literal(self, value: Value) -> str:
        if value is None or type(value) is bool or type(value) is str:
            return repr(value)  # of these types repr() is always a plain Python literal
        return self.const(value)

    def name(self, name: str) -> str:
        if type(name) is not str:  # pragma: no cover - the parser makes only str names
            raise TypeError(f"not a name: {name!r}")
        return repr(name)

    def condition(self, node: Node) -> str:
        """Source of ``truthy(value of node)``."""
        if gives_bool(node):
            return self.expr(node)
        return f"_truthy({self.expr(node)})"

    def holds(self, node: Node) -> str:
        """Source of "a constraint is not broken": its value is ``None`` or true."""
        if gives_bool(node):
            return self.expr(node)
        t = self.temp()
        return f"(({t} := {self.expr(node)}) is None or _truthy({t}))"

    def expr(self, node: Node) -> str:
        """Source of the value of ``node``, as :func:`evaluate` computes it."""
        match node:
            case Literal(value):
                return self.literal(value)
            case Ref(name, None):
                return self.ref(self.name(name))
            case Ref(name, column) if column is not None:
                table, column = self.name(name), self.name(column)
                return f"{self.columns}.get({table}, _NO_COLUMNS).get({column}, ())"
            case SelfRef():
                return self.self_value
            case Unary("not", operand):
                return f"(not {self.condition(operand)})"
            case Unary(_, operand):
                return f"_neg({self.expr(operand)})"
            case Binary("and" | "or" as op, left, right):
                return f"({self.condition(left)} {op} {self.condition(right)})"
            case Binary("=" | "!=" as op, left, right):
                return self.equality(op, left, right)
            case Binary(op, left, right) if op in _ORDERING:
                return self.ordering(op, left, right)
            case Binary(op, left, right):
                return f"_arith({op!r}, {self.expr(left)}, {self.expr(right)})"
            case Call(function, args):
                return self.call(function, args)
        raise TypeError(f"not an expression node: {node!r}")  # pragma: no cover

    def equality(self, op: str, left: Node, right: Node) -> str:
        value = right.value if isinstance(right, Literal) else ()
        if value is None or type(value) in _LITERAL_TYPES:
            if _is_empty(value):  # "= null", "= ''": no answer (see _compare)
                test = f"_is_empty({self.expr(left)})"
            elif type(value) is bool and not isinstance(left, Literal):  # that very bool
                test = f"({self.expr(left)} is {value!r})"
            else:  # an answer: same type and equal
                t, kind = self.temp(), _LITERAL_TYPES[type(value)]
                test = (
                    f"(type({t} := {self.expr(left)}) is {kind} and {t} == {self.literal(value)})"
                )
            return test if op == "=" else f"(not {test})"
        return f"_compare({op!r}, {self.expr(left)}, {self.expr(right)})"

    def ordering(self, op: str, left: Node, right: Node) -> str:
        known = self.known(right)
        if known is not None and isinstance(left, SelfRef) and known[0] == self.self_kind:
            return f"({self.self_value} {op} {known[1]})"  # both known, of one type
        if known is not None:  # only a value of the right's type compares (see _compare)
            t, (kind, value) = self.temp(), known
            return f"(type({t} := {self.expr(left)}) is {kind} and {t} {op} {value})"
        if self.self_kind and isinstance(left, SelfRef):  # the same, the known value on the left
            t = self.temp()
            right_src = self.expr(right)
            return f"(type({t} := {right_src}) is {self.self_kind} and {self.self_value} {op} {t})"
        # _compare: values of one type, neither None nor bool nor list; both sides evaluated
        a, b = self.temp(), self.temp()
        left_src, right_src = self.expr(left), self.expr(right)
        return (
            f"(type({a} := {left_src}) is type({b} := {right_src}) and {a} is not None"
            f" and not isinstance({a}, _BOOL_OR_LIST) and {a} {op} {b})"
        )

    def known(self, node: Node) -> tuple[str, str] | None:
        """The source of the type and of the value of ``node`` when both are known never to be
        None, bool or a list: a number or a text, and with ``this_year``, today and its year."""
        if isinstance(node, Literal) and type(node.value) in (Decimal, str):
            return _LITERAL_TYPES[type(node.value)], self.literal(node.value)
        if self.this_year and node == _TODAY:
            return f"type({self.today})", self.today
        if self.this_year and node == _THIS_YEAR:
            return "_Decimal", self.this_year
        return None

    def call(self, function: str, args: tuple[Node, ...]) -> str:
        if self.this_year and Call(function, args) == _THIS_YEAR:
            return self.this_year
        if function == "if":
            cond, then, other = args
            return f"({self.expr(then)} if {self.condition(cond)} else {self.expr(other)})"
        if function == "coalesce":  # the first value that is there; later ones not evaluated
            out = "None"
            for arg in reversed(args):
                t = self.temp()
                out = f"({t} if not _is_empty({t} := {self.expr(arg)}) else {out})"
            return out
        if function == "today":
            return self.today
        if function == "empty":
            return f"_is_empty({self.expr(args[0])})"
        if function in _ONE_ARG and len(args) == 1:
            return f"_f1_{function}({self.expr(args[0])})"
        if function == "selected":
            return f"_selected2({self.expr(args[0])}, {self.expr(args[1])})"
        if function not in _SIMPLE:  # pragma: no cover - the parser refuses unknown functions
            raise ExpressionError(f"Không có hàm “{function}”", f"Unknown function “{function}”")
        return f"_f_{function}([{', '.join(self.expr(a) for a in args)}])"


def _date_today() -> date:
    """What a Scope takes for a day not given (clock tests replace this module's ``date``)."""
    return date.today()


_TODAY = Call("today", ())
_THIS_YEAR = Call("year", (_TODAY,))


def _year1(x: Value) -> Value:
    """_year of one argument; a date's year directly."""
    return Decimal(x.year) if isinstance(x, date) else _year([x])


def _count_selected1(x: Value) -> Value:
    """count_selected of one argument (see _SIMPLE)."""
    return Decimal(len(x)) if isinstance(x, tuple) else _count([x])


def _selected2(container: Value, wanted: Value) -> Value:
    """_selected, its two arguments as they are."""
    if isinstance(container, tuple):
        return wanted in container
    return container is not None and container == wanted


def _sum1(x: Value) -> Value:
    """sum of one argument: the numbers of a list, or a number (see _SIMPLE)."""
    if isinstance(x, tuple):
        return sum([v for v in x if isinstance(v, Decimal)], Decimal(0))
    return sum(_numbers([x]), Decimal(0))


# Functions of one argument with a shorter way than a list of arguments (see _SIMPLE).
_ONE_ARG: dict[str, Callable[[Value], Value]] = {
    "year": _year1,
    "count_selected": _count_selected1,
    "sum": _sum1,
}
NAMESPACE.update({f"_f1_{name}": impl for name, impl in _ONE_ARG.items()})
NAMESPACE.update(_selected2=_selected2, _BOOL_OR_LIST=(bool, tuple), _date_today=_date_today)


def gives_bool(node: Node) -> bool:
    """Does ``node`` always give a bool (so that truthy() of it is itself)?"""
    match node:
        case Literal(value):
            return isinstance(value, bool)
        case Unary("not", _):
            return True
        case Binary(op, _, _):
            return op in ("and", "or", "=", "!=", *_ORDERING)
        case Call(function, _):
            return function in ("empty", "selected")
    return False


def build(
    source: str,
    consts: list[object],
    name: str = "<expression>",
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Run generated source (``def``s or a ``lambda``) in the restricted namespace, with the
    constants as ``K`` and the ``extra`` names it needs."""
    namespace = {**NAMESPACE, **(extra or {}), "K": consts}
    code = compile(source, name, "exec")
    if "\n" in source.strip():  # tracebacks show the generated lines
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    exec(code, namespace)  # source made only by PySource and compiled.py, see above
    return namespace


def compile_node(node: Node) -> Compiled:
    """A function of the scope that gives what :func:`evaluate` gives for ``node``."""
    consts: list[object] = []

    def const(value: object) -> str:
        consts.append(value)
        return f"K[{len(consts) - 1}]"

    gen = PySource(
        lambda name: f"s.values.get({name})", "s.columns", "s.self_value", "s.today", const,
        itertools.count(1),
    )  # fmt: skip
    compiled: Compiled = build(f"run = lambda s: {gen.expr(node)}", consts)["run"]
    return compiled


class Expression:
    """A parsed expression with its source, ready to evaluate many times."""

    __slots__ = ("_run", "node", "refs", "source", "uses_self")

    def __init__(self, source: str) -> None:
        self.source = source
        self.node = parse(source)
        self.refs = frozenset(references(self.node))
        self.uses_self = uses_self(self.node)
        # compiled on first call: a form's own code (compiled.py) inlines the tree instead
        self._run: Compiled | None = None

    def __call__(self, scope: Scope) -> Value:
        run = self._run
        if run is None:  # what evaluate(self.node, scope) gives, faster
            run = self._run = compile_node(self.node)
        return run(scope)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"
