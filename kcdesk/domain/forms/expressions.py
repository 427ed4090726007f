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

import re
from collections.abc import Callable, Iterable, Mapping
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
        self.values: Mapping[str, Value] = values if row is None else _Chain(row, values)
        self.columns = columns or {}
        self.self_value = self_value
        self.today = today or date.today()


class _Chain(Mapping[str, Value]):
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


# --- compilation --------------------------------------------------------------------------------
#
# The tree walker above is the definition of the language; forms evaluate many expressions per
# survey, so each tree is also turned, once, into nested closures that do the same thing without
# matching node types on every call (about 5x faster). Only closures over the tree's own values:
# no source text is generated, nothing from a definition file ever reaches ``eval``.

Compiled = Callable[[Scope], Value]
_NO_COLUMNS: Mapping[str, Value] = {}
_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_ARITH: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
}


def compile_node(node: Node) -> Compiled:
    """A function of the scope that gives what :func:`evaluate` gives for ``node``."""
    match node:
        case Literal(value):
            return lambda s: value
        case Ref(name, None):
            return lambda s: s.values.get(name)
        case Ref(name, column) if column is not None:
            return lambda s: s.columns.get(name, _NO_COLUMNS).get(column, ())
        case SelfRef():
            return lambda s: s.self_value
        case Unary("not", operand):
            f = compile_node(operand)
            return lambda s: not truthy(f(s))
        case Unary(_, operand):
            return _negate(compile_node(operand))
        case Binary("and", left, right):
            fl, fr = compile_node(left), compile_node(right)
            return lambda s: truthy(fl(s)) and truthy(fr(s))
        case Binary("or", left, right):
            fl, fr = compile_node(left), compile_node(right)
            return lambda s: truthy(fl(s)) or truthy(fr(s))
        case Binary(op, left, right) if op in ("=", "!="):
            return _equality(op == "=", compile_node(left), right)
        case Binary(op, left, right) if op in _ORDER:
            return _ordering(op, compile_node(left), right)
        case Binary(op, left, right):
            return _arithmetic(op, compile_node(left), compile_node(right))
        case Call(function, args):
            return _compile_call(function, args)
    raise TypeError(f"not an expression node: {node!r}")  # pragma: no cover


def _negate(f: Compiled) -> Compiled:
    def run(s: Scope) -> Value:
        v = f(s)
        return -v if isinstance(v, Decimal) else None

    return run


def _equality(want: bool, fl: Compiled, right: Node) -> Compiled:
    if isinstance(right, Literal) and not _is_empty(right.value):
        # Against a value that is there, "=" is the same type and equal (see _compare).
        lit, kind = right.value, type(right.value)

        def literal(s: Scope) -> Value:
            a = fl(s)
            return (type(a) is kind and a == lit) is want

        return literal
    fr = compile_node(right)
    op = "=" if want else "!="
    return lambda s: _compare(op, fl(s), fr(s))


def _ordering(op: str, fl: Compiled, right: Node) -> Compiled:
    test = _ORDER[op]
    if isinstance(right, Literal) and type(right.value) in (Decimal, str):
        # Against a number or a text, an ordering holds only for a value of the same type.
        lit, kind = right.value, type(right.value)

        def literal(s: Scope) -> Value:
            a = fl(s)
            return type(a) is kind and test(a, lit)

        return literal
    fr = compile_node(right)
    return lambda s: _compare(op, fl(s), fr(s))


def _arithmetic(op: str, fl: Compiled, fr: Compiled) -> Compiled:
    def run(s: Scope) -> Value:
        a, b = fl(s), fr(s)
        if type(a) is Decimal and type(b) is Decimal:  # numbers: _arith without its checks
            try:
                if op == "/":
                    return None if b == 0 else a / b
                return _ARITH[op](a, b)
            except (InvalidOperation, DivisionByZero):
                return None
        return _arith(op, a, b)

    return run


def _compile_call(function: str, args: tuple[Node, ...]) -> Compiled:
    fs = [compile_node(a) for a in args]
    if function == "if":
        cond, then, other = fs
        return lambda s: then(s) if truthy(cond(s)) else other(s)
    if function == "coalesce":
        return _coalesce(fs)
    if function == "today":
        return lambda s: s.today
    if function == "empty":
        (f,) = fs
        return lambda s: _is_empty(f(s))
    impl = _SIMPLE.get(function)
    if impl is None:  # pragma: no cover - the parser refuses unknown functions
        raise ExpressionError(f"Không có hàm “{function}”", f"Unknown function “{function}”")
    if len(fs) == 1:
        (f,) = fs
        return lambda s: impl([f(s)])
    if len(fs) == 2:
        f1, f2 = fs
        return lambda s: impl([f1(s), f2(s)])
    return lambda s: impl([f(s) for f in fs])


def _coalesce(fs: list[Compiled]) -> Compiled:
    def run(s: Scope) -> Value:
        for f in fs:
            v = f(s)
            if not _is_empty(v):
                return v
        return None

    return run


class Expression:
    """A parsed expression with its source, ready to evaluate many times."""

    __slots__ = ("node", "refs", "run", "source", "uses_self")

    def __init__(self, source: str) -> None:
        self.source = source
        self.node = parse(source)
        self.refs = frozenset(references(self.node))
        self.uses_self = uses_self(self.node)
        self.run = compile_node(self.node)  # what evaluate(self.node, scope) gives, faster

    def __call__(self, scope: Scope) -> Value:
        return self.run(scope)

    def __repr__(self) -> str:
        return f"Expression({self.source!r})"
