"""Formulas the learner types, read safely and checked numerically.

A lesson step asks for the derivative of an activation in terms of a = g(z), e.g. ``a*(1-a)``
for the sigmoid. ``parse`` reads the answer with Python's ``ast`` module and keeps it only if
every node is on a short whitelist; nothing the learner types is ever given to ``eval``,
``exec`` or ``compile``. ``Expression.evaluate`` then computes it with NumPy at many points at
once, and ``check_derivative`` compares it with ``g.derivative(z)``.

What an answer may contain
--------------------------
* numbers (``2``, ``0.5``, ``1e-3``), the variables (``a`` and ``z`` by default), the constants
  ``e`` and ``pi`` (also ``π``);
* ``+ - * / **``, unary ``+``/``-`` and parentheses;
* one-argument calls to ``exp log ln sqrt tanh sinh cosh abs sigmoid`` (also ``σ``).

Learners' spellings, turned into Python before parsing (columns in messages always refer to the
text as typed):

* ``^`` is a power, ``a^2`` = ``a**2`` (in Python ``^`` is bitwise xor, which no formula here
  wants); ``²`` and ``³`` are ``**2`` and ``**3``; ``·``, ``×``, ``⋅`` are ``*``; ``−`` (the
  minus sign) is ``-``; ``÷`` is ``/``.
* Implicit products: ``2a``, ``2(1-a)``, ``a(1-a)``, ``(1-a)(1+a)``, ``(1-a)a``, ``2 a`` and
  ``a z`` mean the product. They bind like ``*`` (``2a^2`` is 2·a²). Where that reading would
  be ambiguous, right after ``/`` or a power (``1/2a``, ``e^2z``, ``1/a(1-a)``), the answer is
  refused with a message asking for ``*`` and parentheses. A number with an exponent is
  scientific notation, as in Python: ``2e-3`` is 0.002, while ``2e`` and ``2e-z`` are 2·e and
  2·e - z.

Powers: a constant exponent must be finite with |n| <= 10 (``2**10**10`` is refused). A
variable exponent (``e^-z``) is allowed: everything is evaluated in float64, where a power is
one bounded ufunc call (a too-large result is inf, never a long computation), so no input can
hang. The answer is at most ``MAX_LENGTH`` characters.

No Textual here: lessons never import the UI.
"""

from __future__ import annotations

import ast
import keyword
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from engine.activations import Activation, Sigmoid, get_activation

from .i18n import tr

MAX_LENGTH = 200
MAX_EXPONENT = 10.0
DEFAULT_NAMES = frozenset({"a", "z"})

# Checking a derivative: where, and how closely.
Z_GRID = np.linspace(-6.0, 6.0, 241)
Z_RANDOM = np.random.RandomState(1986).uniform(-6.0, 6.0, size=16)
RELATIVE_TOLERANCE = 1e-6
ABSOLUTE_TOLERANCE = 1e-9

_SIGMOID = Sigmoid()


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return np.asarray(_SIGMOID(x), dtype=float)


FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "exp": np.exp,
    "log": np.log,
    "ln": np.log,
    "sqrt": np.sqrt,
    "tanh": np.tanh,
    "sinh": np.sinh,
    "cosh": np.cosh,
    "abs": np.abs,
    "sigmoid": _sigmoid,
    "σ": _sigmoid,
}
CONSTANTS: dict[str, float] = {"e": math.e, "pi": math.pi, "π": math.pi}
_FUNCTION_LIST = "exp, log, sqrt, tanh, sinh, cosh, abs, sigmoid"


class ExpressionError(ValueError):
    """The answer cannot be read; ``message`` says why in one line."""

    def __init__(self, message: str, **values):
        # ``message`` is English with {placeholders} (a catalog key): the learner reads it
        # in the current language, as the answer is checked when it is typed.
        message = tr(message, **values)
        super().__init__(message)
        self.message = message


# -- reading the text -----------------------------------------------------------------------------
_TRANSLATE = {"^": "**", "²": "**2", "³": "**3", "·": "*", "⋅": "*", "×": "*", "−": "-",
              "÷": "/"}

_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<number>(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)"
    r"|(?P<name>[^\W\d]\w*)"
    r"|(?P<op>\*\*|.)",
    re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # "number", "name" or "op"
    text: str
    start: int  # index in the translated text


def _column(origin: list[int], index: int, length: int) -> int:
    """1-based column in the text as typed of ``index`` in the translated text."""
    return origin[index] + 1 if 0 <= index < len(origin) else length + 1


def _translate(text: str) -> tuple[str, list[int]]:
    """The learner's spellings (^, ², ·, −, …) as Python, with each character's origin."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        rep = _TRANSLATE.get(ch, ch)
        out.append(rep)
        origin.extend([i] * len(rep))
    return "".join(out), origin


def _tokens(source: str) -> list[_Token]:
    return [_Token(m.lastgroup, m.group(), m.start())  # type: ignore[arg-type]
            for m in _TOKEN.finditer(source) if m.lastgroup != "space"]


def _normal(name: str) -> str:
    return unicodedata.normalize("NFKC", name)  # as Python reads identifiers


def _operand_start(tokens: list[_Token], i: int) -> int:
    """Index of the first token of the operand that ends at tokens[i] (a number, a name or a
    ')' closing a group, which may be a function call)."""
    if tokens[i].text != ")":
        return i
    depth = 0
    for j in range(i, -1, -1):
        if tokens[j].text == ")":
            depth += 1
        elif tokens[j].text == "(":
            depth -= 1
            if depth == 0:
                before = tokens[j - 1] if j > 0 else None
                if before is not None and before.kind == "name" \
                        and _normal(before.text) in FUNCTIONS:
                    return j - 1  # a call: the operand starts at the function's name
                return j
    return 0  # unbalanced: the parser reports it


def _operator_before(tokens: list[_Token], start: int) -> str | None:
    """The binary operator in front of the operand starting at tokens[start], skipping unary
    signs, or None."""
    j = start - 1
    while j >= 0 and tokens[j].text in "+-":
        before = tokens[j - 1] if j > 0 else None
        if before is None or (before.kind == "op" and before.text != ")"):
            j -= 1  # a unary sign: look further left
        else:
            return tokens[j].text  # a binary + or -
    return tokens[j].text if j >= 0 and tokens[j].kind == "op" else None


def _prepare(text: str, names: frozenset[str]) -> tuple[str, list[int]]:
    """The text as Python source, with implicit products made explicit, and the origin (index
    in ``text``) of every source character. Raises ExpressionError for keywords and for
    implicit products that would be ambiguous or a missing operator."""
    translated, origin = _translate(text)
    tokens = _tokens(translated)
    for t in tokens:
        if t.kind == "name" and keyword.iskeyword(t.text):
            raise ExpressionError("'{name}' is not allowed: type a formula, e.g. a*(1-a)",
                                  name=t.text)

    def col(t: _Token) -> int:
        return _column(origin, t.start, len(text))

    def is_factor_name(t: _Token) -> bool:  # a name that is not a function
        return t.kind == "name" and _normal(t.text) not in FUNCTIONS

    def is_known(t: _Token) -> bool:
        return _normal(t.text) in names or _normal(t.text) in CONSTANTS

    inserts: list[int] = []  # token indices before which a '*' goes
    for i in range(1, len(tokens)):
        left, right = tokens[i - 1], tokens[i]
        ends_operand = left.kind == "number" or is_factor_name(left) or left.text == ")"
        starts_operand = right.kind in ("number", "name") or right.text == "("
        if not (ends_operand and starts_operand):
            continue
        if right.text == "(" and left.kind == "name" and not is_known(left):
            continue  # foo(…): a call, reported as an unknown function
        if right.kind == "number":
            raise ExpressionError("missing operator before '{token}' (column {column}): "
                                  "write * for a product, e.g. 2*a",
                                  token=right.text, column=col(right))
        start = _operand_start(tokens, i - 1)
        op = _operator_before(tokens, start)
        superscript = text[origin[left.start]] in "²³"  # a²b is (a²)·b, not ambiguous
        if op in ("/", "**") and not superscript:
            shown = tr("a power") if op == "**" else "'/'"
            begin, end = origin[tokens[start].start], origin[right.start] + 1
            snippet = text[begin:end] + ("…" if end < len(text.rstrip()) else "")
            raise ExpressionError("'{snippet}' right after {shown} is ambiguous (column "
                                  "{column}): write * and parentheses, e.g. 1/(2*a) or e^(2*z)",
                                  snippet=snippet, shown=shown, column=begin + 1)
        inserts.append(i)

    if not inserts:
        return translated, origin
    out: list[str] = []
    out_origin: list[int] = []
    pos = 0
    for i in inserts:
        at = tokens[i].start
        out.append(translated[pos:at])
        out_origin.extend(origin[pos:at])
        out.append("*")
        out_origin.append(origin[at])
        pos = at
    out.append(translated[pos:])
    out_origin.extend(origin[pos:])
    return "".join(out), out_origin


def _syntax_message(err: SyntaxError, text: str, source: str,
                    origin: list[int]) -> tuple[str, dict]:
    """What cannot be read, as (a catalog key, its values): Python's own words (``msg``)
    are shown in English only."""
    msg = (err.msg or "invalid syntax").split(" (detected")[0]
    offset = err.offset or 0
    stripped = source.rstrip()
    if "'" in text or '"' in text:
        return "quotes are not allowed: type only the formula, e.g. a*(1-a)", {}
    if ";" in text:
        return ("';' is not allowed (column {column}): type a single formula",
                dict(column=text.index(';') + 1))
    if "=" in text:
        return "'=' is not allowed: type only the right-hand side, e.g. a*(1-a)", {}
    if "never closed" in msg or "unmatched" in msg or "does not match" in msg:
        if offset > 0:
            return ("unbalanced parentheses: {msg} (column {column})",
                    dict(msg=tr(msg), column=_column(origin, offset - 1, len(text))))
        return "unbalanced parentheses: {msg}", dict(msg=tr(msg))
    if offset <= 0 or offset > len(stripped):
        return "incomplete formula: something is missing at the end", {}
    column = _column(origin, offset - 1, len(text))
    if msg.startswith("invalid character"):
        return ("{msg} at column {column}: use numbers, names, + - * / ^ and ( )",
                dict(msg=tr(msg), column=column))
    return ("cannot read the formula at column {column}: {msg}",
            dict(column=column, msg=tr(msg.split('.')[0])))


# -- checking the tree ----------------------------------------------------------------------------
# The validated tree, as tuples: ("num", x) ("var", name) ("neg", t) ("op", ufunc, l, r)
# ("call", function, t).
_Tree = tuple

_BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.divide,
           ast.Pow: np.power}
_REFUSED_BINARY = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
                   ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^"}
_REFUSED_NODES = {
    ast.Attribute: "attribute access ('.') is not allowed",
    ast.Subscript: "brackets [ ] are not allowed: use ( ) to group",
    ast.List: "brackets [ ] are not allowed: use ( ) to group",
    ast.Tuple: "commas are not allowed: type a single formula",
    ast.Set: "braces { } are not allowed: use ( ) to group",
    ast.Dict: "braces { } are not allowed: use ( ) to group",
    ast.Lambda: "'lambda' is not allowed",
    ast.IfExp: "'if … else' is not allowed",
    ast.Compare: "comparisons (<, ==, …) are not allowed",
    ast.BoolOp: "'and'/'or' are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.JoinedStr: "quotes are not allowed: type only the formula, e.g. a*(1-a)",
    ast.Slice: "brackets [ ] are not allowed: use ( ) to group",
}


def _use_hint(names: frozenset[str]) -> str:
    ordered = (["a"] if "a" in names else []) + sorted(names - {"a"})
    if not ordered:
        return tr("this formula takes no variables")
    head, rest = ordered[0], ordered[1:]
    if rest:
        return tr("use {name} (and {rest})", name=head, rest=", ".join(rest))
    return tr("use {name}", name=head)


def _evaluate(tree: _Tree, values: dict[str, np.ndarray]) -> np.ndarray:
    kind = tree[0]
    if kind == "num":
        return np.float64(tree[1])
    if kind == "var":
        return values[tree[1]]
    if kind == "neg":
        return np.negative(_evaluate(tree[1], values))
    if kind == "op":
        return tree[1](_evaluate(tree[2], values), _evaluate(tree[3], values))
    if kind == "call":
        return tree[1](_evaluate(tree[2], values))
    raise AssertionError(kind)  # pragma: no cover - trees are built below


class _Builder:
    """Turns a parsed ast into a _Tree, refusing every node not on the whitelist."""

    def __init__(self, names: frozenset[str]):
        self.names = names
        self.used: set[str] = set()

    def build(self, node: ast.AST) -> tuple[_Tree, bool]:
        """The tree and whether it is constant (uses no variable)."""
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            return self.constant(node.value), True
        if isinstance(node, ast.Name):
            return self.name(node.id)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, (ast.UAdd, ast.USub)):
                tree, const = self.build(node.operand)
                return (("neg", tree) if isinstance(node.op, ast.USub) else tree), const
            shown = "'not'" if isinstance(node.op, ast.Not) else "'~'"
            raise ExpressionError("{shown} is not allowed", shown=shown)
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Tuple) and not node.elts:
            raise ExpressionError("empty parentheses ( ): put a formula inside")
        for kind, message in _REFUSED_NODES.items():
            if isinstance(node, kind):
                raise ExpressionError(message)
        raise ExpressionError("'{kind}' is not allowed in a formula", kind=type(node).__name__)

    def constant(self, value: object) -> _Tree:
        if isinstance(value, bool) or value is None or value is Ellipsis:
            raise ExpressionError("'{value}' is not allowed", value=value)
        if isinstance(value, complex):
            raise ExpressionError("complex numbers are not allowed")
        if isinstance(value, (str, bytes)):
            raise ExpressionError("quotes are not allowed: type only the formula, e.g. a*(1-a)")
        if not isinstance(value, (int, float)):  # pragma: no cover - nothing else parses
            raise ExpressionError("'{value}' is not allowed", value=repr(value))
        try:
            x = float(value)
        except OverflowError:
            x = math.inf
        if not math.isfinite(x):
            raise ExpressionError("number too large: keep numbers below 1e308")
        return ("num", x)

    def name(self, name: str) -> tuple[_Tree, bool]:
        if name in self.names:
            self.used.add(name)
            return ("var", name), False
        if name in CONSTANTS:
            return ("num", CONSTANTS[name]), True
        if name in FUNCTIONS:
            raise ExpressionError("'{name}' is a function: write {name}(…)", name=name)
        hint = _use_hint(self.names)
        letters = set(self.names) | set(CONSTANTS)
        if len(name) > 1 and all(ch in letters for ch in name):
            hint = tr("write {product} for a product", product='*'.join(name))
        raise ExpressionError("unknown name '{name}': {hint}", name=name, hint=hint)

    def binary(self, node: ast.BinOp) -> tuple[_Tree, bool]:
        op_type = type(node.op)
        if op_type in _REFUSED_BINARY:
            shown = _REFUSED_BINARY[op_type]
            extra = tr(": use /") if shown == "//" else ""
            raise ExpressionError("'{shown}' is not allowed{extra}", shown=shown, extra=extra)
        left, left_const = self.build(node.left)
        right, right_const = self.build(node.right)
        if op_type is ast.Pow and right_const:
            with np.errstate(all="ignore"):
                n = float(_evaluate(right, {}))
            if not (math.isfinite(n) and abs(n) <= MAX_EXPONENT):
                raise ExpressionError("exponent {n} is out of range: keep constant powers "
                                      "within ±{most}", n=f"{n:g}", most=f"{MAX_EXPONENT:g}")
        return ("op", _BINARY[op_type], left, right), left_const and right_const

    def call(self, node: ast.Call) -> tuple[_Tree, bool]:
        func = node.func
        fname = func.id if isinstance(func, ast.Name) else None
        if fname is not None and fname not in FUNCTIONS and fname not in self.names \
                and fname not in CONSTANTS:
            raise ExpressionError("unknown function '{name}': use {functions}", name=fname,
                                  functions=_FUNCTION_LIST)
        if fname not in FUNCTIONS:
            left, left_const = self.build(func)  # refuses e.g. a.real(…) before the arguments
        if node.keywords:
            raise ExpressionError("'{name}=' is not allowed: a function takes one plain "
                                  "argument", name=node.keywords[0].arg or '**')
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise ExpressionError("'*' unpacking is not allowed")
        shown = fname or "( )"
        if len(node.args) != 1:
            if fname in FUNCTIONS:
                raise ExpressionError("{name} takes one argument, not {n}", name=fname,
                                      n=len(node.args))
            raise ExpressionError("empty or several arguments after {shown}: write * for a "
                                  "product, e.g. a*(1-a)", shown=shown)
        arg, arg_const = self.build(node.args[0])
        if fname in FUNCTIONS:
            return ("call", FUNCTIONS[fname], arg), arg_const
        # A variable, constant or group followed by a group, e.g. a (1-a): a product.
        return ("op", np.multiply, left, arg), left_const and arg_const


@dataclass(frozen=True)
class Expression:
    """A validated formula. ``text`` is what was typed, ``source`` the Python it was read as,
    ``variables`` the variables it uses."""

    text: str
    source: str
    variables: frozenset[str]
    _tree: _Tree = field(repr=False, compare=False)

    def evaluate(self, values: dict[str, np.ndarray]) -> np.ndarray:
        """The formula at every point, elementwise (NumPy broadcasting), as a float array of
        the broadcast shape of ``values``. NaN or inf where it is undefined (log of a negative,
        division by 0); never a RuntimeWarning."""
        missing = sorted(self.variables - set(values))
        if missing:
            raise ValueError(f"no value given for {', '.join(missing)}")
        arrays = {k: np.asarray(v, dtype=float) for k, v in values.items()}
        shape = np.broadcast_shapes(*(a.shape for a in arrays.values())) if arrays else ()
        with np.errstate(all="ignore"):
            result = _evaluate(self._tree, arrays)
        return np.array(np.broadcast_to(np.asarray(result, dtype=float), shape))


def parse(text: str, names: frozenset[str] = DEFAULT_NAMES) -> Expression:
    """Read ``text`` as a formula in the variables ``names``, or raise ExpressionError with a
    one-line message. Never evaluates the text as Python."""
    names = frozenset(names)
    for n in names:
        if not n.isidentifier() or keyword.iskeyword(n) or n in FUNCTIONS:
            raise ValueError(f"{n!r} cannot be a variable name")
    if not isinstance(text, str):
        raise ExpressionError("the answer must be text")
    if not text.strip():
        raise ExpressionError("empty answer: type a formula, e.g. a*(1-a)")
    if len(text) > MAX_LENGTH:
        raise ExpressionError("answer too long: {n} characters, at most {most}", n=len(text),
                              most=MAX_LENGTH)
    if "\x00" in text or "\n" in text or "\r" in text:
        raise ExpressionError("type the formula on one line")
    source, origin = _prepare(text, names)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning from odd literals
            tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as err:
        # strip() above moved the columns: put them back.
        lead = len(source) - len(source.lstrip())
        if err.offset:
            err.offset += lead
        message, values = _syntax_message(err, text, source, origin)
        raise ExpressionError(message, **values) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("formula too deeply nested") from None
    builder = _Builder(names)
    try:
        built, _ = builder.build(tree)
    except RecursionError:
        raise ExpressionError("formula too deeply nested") from None
    return Expression(text, source, frozenset(builder.used), built)


# -- checking a derivative ------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """Whether an answer is right; when wrong, the z where it is furthest off (None when the
    answer could not be read) with g'(z) there and what the answer gave."""

    right: bool
    message: str
    z: float | None = None
    expected: float | None = None
    got: float | None = None


def _fmt(x: float, digits: int = 4) -> str:
    if not math.isfinite(x):
        return str(x)
    if x == 0 or 1e-3 <= abs(x) < 1e4:
        return f"{x:.{digits}f}"
    return f"{x:.{digits}g}"


def _pair(expected: float, got: float) -> tuple[str, str]:
    """The two values, with enough digits that they do not print the same."""
    for digits in range(4, 13):
        e, g = _fmt(expected, digits), _fmt(got, digits)
        if e != g:
            return e, g
    return _fmt(expected, 17), _fmt(got, 17)


def check_derivative(answer: str, g: Activation | str,
                     z_points: np.ndarray | None = None) -> Verdict:
    """Is ``answer`` (in a = g(z) and z) equal to g'(z)? Checked at ``z_points`` (default: 241
    points on [-6, 6] and 16 random ones), within RELATIVE_TOLERANCE·|g'(z)| +
    ABSOLUTE_TOLERANCE. NaN or inf where g'(z) is finite counts as wrong there. Never
    raises for any answer text."""
    g = get_activation(g)
    try:
        expression = parse(answer)
    except ExpressionError as err:
        return Verdict(False, err.message)
    if z_points is None:
        z = np.concatenate([Z_GRID, Z_RANDOM])
    else:
        z = np.asarray(z_points, dtype=float).ravel()
    with np.errstate(all="ignore"):
        a = np.asarray(g(z), dtype=float)
        expected = np.asarray(g.derivative(z, a), dtype=float)
    got = expression.evaluate({"a": a, "z": z})
    with np.errstate(all="ignore"):
        diff = np.abs(got - expected)
    diff = np.where(np.isfinite(got), diff, np.inf)
    tolerance = RELATIVE_TOLERANCE * np.abs(expected) + ABSOLUTE_TOLERANCE
    wrong = np.isfinite(expected) & ~(diff <= tolerance)
    if not wrong.any():
        formula = g.derivative_formula or f"{g.name}'(z)"
        return Verdict(True, tr("right: your formula matches {formula} at all {n} points "
                                "checked", formula=formula, n=z.size))
    i = int(np.argmax(np.where(wrong, diff, -1.0)))
    e, w = _pair(float(expected[i]), float(got[i]))
    return Verdict(
        False,
        tr("not quite: at z = {z}, g'(z) = {e} but your expression gives {w}",
           z=f"{z[i]:.2f}", e=e, w=w),
        z=float(z[i]), expected=float(expected[i]), got=float(got[i]),
    )


# -- the derivations, line by line ----------------------------------------------------------------
@dataclass(frozen=True)
class DerivationLine:
    """One line of a derivation: ``text`` as the learner reads it (one line of terminal math;
    lines after the first start with '= '), ``reason`` the step taken to reach it, and ``expr``
    the same quantity as a formula ``parse`` accepts, to evaluate the line numerically."""

    text: str
    reason: str
    expr: str
    # The line is the slope itself, d/dz g(z): its value is measured as a centred difference
    # of g (SLOPE_STEP), with no formula, so the first step of the derivation is checked
    # against something the algebra did not produce. ``expr`` then says what it means.
    measured: bool = False


SLOPE_STEP = 1e-5  # h of the measured line: error ~ h² (1e-11), far below the 6 digits shown

DERIVATIONS: dict[str, tuple[DerivationLine, ...]] = {
    # As the course note writes it.
    "sigmoid": (
        # "d/dz (…)": measured on g itself (its meaning: e⁻ᶻ/(1 + e⁻ᶻ)², what line 2 derives).
        DerivationLine("g'(z) = d/dz (1 / (1 + e⁻ᶻ))",
                       "measured on g: (g(z + h) - g(z - h)) / 2h",
                       "exp(-z)/(1+exp(-z))**2", measured=True),
        DerivationLine("= (1 / (1 + e⁻ᶻ))² · e⁻ᶻ",
                       "quotient rule: (1/v)' = -v'/v², v = 1 + e⁻ᶻ",
                       "(1/(1+exp(-z)))**2 * exp(-z)"),
        DerivationLine("= (1 / (1 + e⁻ᶻ)) · (e⁻ᶻ / (1 + e⁻ᶻ))",
                       "split the square",
                       "(1/(1+exp(-z))) * (exp(-z)/(1+exp(-z)))"),
        DerivationLine("= (1 / (1 + e⁻ᶻ)) · ((1 + e⁻ᶻ - 1) / (1 + e⁻ᶻ))",
                       "add and subtract 1",
                       "(1/(1+exp(-z))) * ((1+exp(-z)-1)/(1+exp(-z)))"),
        DerivationLine("= (1 / (1 + e⁻ᶻ)) · (1 - 1 / (1 + e⁻ᶻ))",
                       "split the fraction",
                       "(1/(1+exp(-z))) * (1 - 1/(1+exp(-z)))"),
        DerivationLine("= a · (1 - a)",
                       "a = g(z) = 1 / (1 + e⁻ᶻ)",
                       "a*(1-a)"),
    ),
    # tanh as the quotient u / v, u = eᶻ - e⁻ᶻ, v = eᶻ + e⁻ᶻ; then u' = v and v' = u.
    "tanh": (
        # As for the sigmoid, the first line is measured (its meaning: 4 / (eᶻ + e⁻ᶻ)²).
        DerivationLine("g'(z) = d/dz ((eᶻ - e⁻ᶻ) / (eᶻ + e⁻ᶻ))",
                       "measured on g: (g(z + h) - g(z - h)) / 2h",
                       "4/(exp(z)+exp(-z))**2", measured=True),
        DerivationLine("= ((eᶻ + e⁻ᶻ)(eᶻ + e⁻ᶻ) - (eᶻ - e⁻ᶻ)(eᶻ - e⁻ᶻ)) / (eᶻ + e⁻ᶻ)²",
                       "quotient rule, u = eᶻ - e⁻ᶻ, v = eᶻ + e⁻ᶻ: u' = v, v' = u",
                       "((exp(z)+exp(-z))*(exp(z)+exp(-z)) - (exp(z)-exp(-z))*(exp(z)-exp(-z)))"
                       " / (exp(z)+exp(-z))**2"),
        DerivationLine("= ((eᶻ + e⁻ᶻ)² - (eᶻ - e⁻ᶻ)²) / (eᶻ + e⁻ᶻ)²",
                       "write the products as squares",
                       "((exp(z)+exp(-z))**2 - (exp(z)-exp(-z))**2) / (exp(z)+exp(-z))**2"),
        DerivationLine("= 1 - ((eᶻ - e⁻ᶻ) / (eᶻ + e⁻ᶻ))²",
                       "split the fraction",
                       "1 - ((exp(z)-exp(-z))/(exp(z)+exp(-z)))**2"),
        DerivationLine("= 1 - a²",
                       "a = g(z) = tanh(z)",
                       "1 - a**2"),
    ),
}


def line_values(name: str, z: float) -> list[float]:
    """Every line of DERIVATIONS[name] evaluated at z, with a = g(z): a measured line as the
    centred difference (g(z + h) - g(z - h)) / 2h, the others from their formulas. Each step
    is an identity, so all are equal (to rounding: lines that subtract nearly equal numbers
    lose digits for large |z|, about 1e-16 absolute; the measured line is off by ~1e-11)."""
    g = get_activation(name)
    z_array = np.asarray(float(z))
    with np.errstate(all="ignore"):
        a = np.asarray(g(z_array), dtype=float)

        def value(line: DerivationLine) -> float:
            if line.measured:
                return float((g(z_array + SLOPE_STEP) - g(z_array - SLOPE_STEP))
                             / (2 * SLOPE_STEP))
            return float(parse(line.expr).evaluate({"a": a, "z": z_array}))

        return [value(line) for line in DERIVATIONS[name]]
