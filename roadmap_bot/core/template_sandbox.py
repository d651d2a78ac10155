"""The environment user template overrides render in: jinja's immutable sandbox, with bounded work.

A repository's ``.github/roadmap-templates/*.j2`` are input from whoever can push to it, and they
render where the bot's token lives. Jinja's ``ImmutableSandboxedEnvironment`` stops them reaching
Python (``cycler.__init__.__globals__`` and the like are refused). The sandbox alone does not
bound work, so this module adds, per render:

- a *budget* of steps: every loop iteration, call, filter, test, attribute or item lookup,
  operator and comparison costs one, and producing or comparing text costs one more per
  ``CHARGE_CHARS`` characters. A render that spends ``MAX_STEPS`` stops;
- a cap on every value an operator, filter, call or ``~`` produces (``MAX_VALUE`` characters or
  items, counted through nested lists and dicts), checked *before* the value is built where
  Python would build it in one go (``'x' * 10**10``, ``10**10**10``, ``s.ljust(10**9)``,
  ``'%999999999d' % 1``, ``s|replace('', big)``, ``big|center(10**9)``, ...);
- a cap on what one render outputs (``MAX_OUTPUT`` characters), the output being consumed a chunk
  at a time, and on a template's own size (``MAX_TEMPLATE_CHARS``).

Going over a bound raises :class:`TemplateLimitError`; ``templating`` turns it (and any other
error in a template) into a ``file:line`` problem.
"""

from __future__ import annotations

import functools
import operator
import re
import string
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import Context, LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment

from roadmap_bot.errors import TemplateLimitError

MAX_STEPS = 1_000_000  # a default README of 1,000 items spends ~13,300
MAX_VALUE = 1_000_000  # characters (or items) in any one value a template builds
MAX_OUTPUT = 4_000_000  # characters one render may output
MAX_TEMPLATE_CHARS = 200_000  # characters of one template file
MAX_INT_BITS = 4_096  # ints a template computes (2**4096 has 1,234 digits)
MAX_RANGE = 100_000  # items of one range()
CHARGE_CHARS = 64  # one extra step per this many characters produced or compared


class Budget:
    """The steps left in the current render."""

    __slots__ = ("left",)

    def __init__(self) -> None:
        self.left = MAX_STEPS

    def reset(self) -> None:
        self.left = MAX_STEPS

    def spend(self, steps: int = 1) -> None:
        self.left -= steps
        if self.left < 0:
            self.left = 0
            raise TemplateLimitError(
                f"the template did too much work (over {MAX_STEPS:,} steps: loops, calls, "
                "filters and text built); a template should do a few steps per roadmap item"
            )


def value_size(value: object, limit: int = MAX_VALUE) -> int:
    """Characters and items in ``value``, through nested containers; stops counting past ``limit``.

    Shared references count each time they are reached, as ``str()`` would print them. The walk
    is iterative and visits at most ``limit`` nodes, so it is cheap for any value.
    """
    total = 0
    stack: list[object] = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, (str, bytes, bytearray)):
            total += len(item)
        elif isinstance(item, dict):
            total += 2 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + len(item)
            stack.extend(item)
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 1
    return total


def _shallow(value: object) -> int:
    if isinstance(value, (str, bytes, bytearray, list, tuple, dict, set, frozenset)):
        return len(value)
    return 1


def _too_big(what: str, size: int, limit: int = MAX_VALUE) -> TemplateLimitError:
    return TemplateLimitError(
        f"{what} would hold at least {size:,} characters or items; the limit is {limit:,}"
    )


def _check_int(value: object, what: str) -> None:
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise TemplateLimitError(f"{what}: a number over {MAX_INT_BITS} bits")


def _as_count(value: object) -> int:
    """A repeat count or width as Python would read it (bools and ints; anything else: 0)."""
    return int(value) if isinstance(value, int) else 0


# possessive where two parts could take the same characters (flags and width both take "0"; a
# "%(" with no ")" must not rescan to the end): linear in the format, which a template builds
_PRINTF = re.compile(r"%(?:\([^()]*+\))?[-#0 +]*+(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def printf_size(fmt: str, args: object) -> int:
    """An upper bound on the size of ``fmt % args``; widths given by ``*`` are refused."""
    values = args if isinstance(args, tuple) else (args,)
    biggest = max((value_size(v) for v in values), default=0)
    if isinstance(args, dict):
        biggest = max(biggest, value_size(args))
    size = len(fmt)
    for match in _PRINTF.finditer(fmt):
        width, precision = match.group(1), match.group(2)
        if width == "*" or precision == "*":
            raise TemplateLimitError("a '%' format with a '*' width or precision")
        if len(width or "") > 9 or len(precision or "") > 9:
            raise TemplateLimitError("a '%' format with a width or precision of 10 digits or more")
        size += int(width or 0) + int(precision or 0) + biggest
    return size


def format_size(fmt: str, args: tuple[object, ...], kwargs: dict[str, object]) -> int:
    """An upper bound on the size of ``fmt.format(*args, **kwargs)``; nested fields refused."""
    biggest = max((value_size(v) for v in (*args, *kwargs.values())), default=0)
    size = len(fmt)
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return size  # str.format raises the same error itself
    for _literal, field, spec, _conversion in parsed:
        if field is None:
            continue
        if spec and "{" in spec:
            raise TemplateLimitError("a format field whose width comes from another field")
        size += biggest + sum(int(n) for n in re.findall(r"\d+", spec or ""))
    return size


def _check_size(value: object, what: str) -> object:
    size = value_size(value)
    if size > MAX_VALUE:
        raise _too_big(what, size)
    return value


def _binop_size(op: str, left: object, right: object) -> int:
    """The size ``left op right`` would have, computed without building it."""
    if op == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(count, int):
                return value_size(seq) * max(count, 0)
    if op == "+" and isinstance(left, (str, bytes, list, tuple)):
        return value_size(left) + value_size(right)
    if op == "%" and isinstance(left, str):
        return printf_size(left, right)
    return 0


def _int_bits(op: str, left: object, right: object) -> int:
    """About how many bits an int ``*``, ``**`` or ``<<`` result would have (0: not ints)."""
    if not (isinstance(left, int) and isinstance(right, int)):
        return 0
    if op == "*":
        return left.bit_length() + right.bit_length()
    if op == "**" and abs(left) > 1 and right > 1:
        return (abs(left).bit_length() - 1) * right
    return 0


def _method_size(target: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """The size a str method that can grow text would produce (0 for the others)."""
    owner = getattr(target, "__self__", None)
    name = getattr(target, "__name__", "")
    if not isinstance(owner, str):
        return 0
    if name in ("ljust", "rjust", "center", "zfill") and args:
        return max(len(owner), _as_count(args[0]))
    if name == "expandtabs":
        tab = _as_count(args[0] if args else kwargs.get("tabsize", 8))
        return len(owner) * max(tab, 1)
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str):
        return _replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else -1)
    if name == "join" and args:
        return _join_size(owner, args[0])
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((value_size(v) for v in args[0].values()), default=1)
        return len(owner) * max(longest, 1)
    if name in ("format", "format_map"):
        mapping = args[0] if name == "format_map" and args and isinstance(args[0], dict) else {}
        return format_size(owner, args if name == "format" else (), {**kwargs, **mapping})
    return 0


def _replace_size(text: str, old: str, new: object, count: object = -1) -> int:
    if not isinstance(new, str):
        return len(text)
    found = text.count(old)
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    return len(text) + found * max(len(new) - len(old), 0)


def _join_size(separator: str, items: object) -> int:
    if not isinstance(items, (list, tuple, str, dict, set, frozenset)):
        return 0  # a generator: its items were each checked where they were made
    return value_size(items) + len(separator) * len(items)


class _Counted:
    """An iterable that spends one step per item (every ``for`` loop runs over one)."""

    __slots__ = ("_budget", "_items")

    def __init__(self, items: Iterable[Any], budget: Budget) -> None:
        self._items = items
        self._budget = budget

    def __iter__(self) -> Iterator[Any]:
        spend = self._budget.spend
        for item in self._items:
            spend()
            yield item

    def __len__(self) -> int:
        return len(self._items)  # type: ignore[arg-type]  # LoopContext asks only when it can


class _BoundedCodeGenerator(CodeGenerator):
    """Route ``~`` and comparisons through the environment, so they are counted and capped."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.rb_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_Compare(self, node: nodes.Compare, frame: Frame) -> None:
        self.write("environment.rb_compare(")
        self.visit(node.expr, frame)
        for op in node.ops:
            self.write(f", {op.op!r}, ")
            self.visit(op.expr, frame)
        self.write(")")


_PASSED = (Context, nodes.EvalContext, jinja2.Environment)

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "gteq": operator.ge,
    "lt": operator.lt,
    "lteq": operator.le,
    "in": lambda a, b: a in b,
    "notin": lambda a, b: a not in b,
}


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """An immutable sandbox whose every render is bounded (see the module docstring)."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})

    def __init__(self, **options: Any) -> None:
        super().__init__(finalize=self._finalize, **options)
        self.rb_budget = Budget()
        self.concat = self._bounded_concat  # type: ignore[method-assign]
        self.globals.pop("lipsum", None)  # generates text in Python at any length asked
        self.globals["range"] = self._range
        self.filters = {name: self._wrap(name, f) for name, f in self.filters.items()}
        self.tests = {name: self._wrap(name, t) for name, t in self.tests.items()}
        self.filters["steps"] = self._steps  # what every for loop iterates through

    # -- compiling: every for loop runs over a counted iterable ------------------------------
    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        for loop in source.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, "steps", [], [], None, None, lineno=loop.lineno)
        return super()._generate(source, name, filename, defer_init)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        if len(source) > MAX_TEMPLATE_CHARS:
            raise jinja2.TemplateSyntaxError(
                f"the template is {len(source):,} characters, over the limit of "
                f"{MAX_TEMPLATE_CHARS:,}",
                1,
                name,
                filename,
            )
        return super()._parse(source, name, filename)

    def _steps(self, items: Iterable[Any]) -> _Counted:
        self.rb_budget.spend()
        return _Counted(items, self.rb_budget)

    def _range(self, *args: int) -> range:
        self.rb_budget.spend()
        for arg in args:
            _check_int(arg, "range()")
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise _too_big("range()", len(rng), MAX_RANGE)
        return rng

    # -- output ---------------------------------------------------------------------------
    def _finalize(self, value: Any) -> Any:
        if isinstance(value, str):
            self.rb_budget.spend(1 + len(value) // CHARGE_CHARS)
            return value
        size = value_size(value)
        if size > MAX_VALUE:
            raise _too_big("a value printed", size)
        self.rb_budget.spend(1 + size // CHARGE_CHARS)
        return value

    def _bounded_concat(self, chunks: Iterable[str]) -> str:
        parts: list[str] = []
        total = 0
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise _too_big("the output", total, MAX_OUTPUT)
            parts.append(chunk)
        self.rb_budget.spend(1 + total // CHARGE_CHARS)
        return "".join(parts)

    def rb_concat(self, values: tuple[Any, ...]) -> str:
        """``a ~ b ~ c``: each part as text, joined, if the result stays within the cap."""
        size = sum(value_size(v) for v in values)
        if size > MAX_VALUE:
            raise _too_big("a '~' concatenation", size)
        self.rb_budget.spend(1 + size // CHARGE_CHARS)
        return "".join(str(v) for v in values)

    def rb_compare(self, left: Any, *rest: Any) -> bool:
        """A comparison chain; each comparison's cost grows with the sizes it compares."""
        for index in range(0, len(rest), 2):
            op, right = rest[index], rest[index + 1]
            self.rb_budget.spend(1 + (_shallow(left) + _shallow(right)) // CHARGE_CHARS)
            if not _COMPARE[op](left, right):
                return False
            left = right
        return True

    # -- operators, calls, lookups --------------------------------------------------------
    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if _int_bits(operator, left, right) > MAX_INT_BITS:
            raise TemplateLimitError(
                f"a {operator!r} operation would make a number over {MAX_INT_BITS:,} bits"
            )
        size = _binop_size(operator, left, right)
        if size > MAX_VALUE:
            raise _too_big(f"a {operator!r} operation", size)
        self.rb_budget.spend(1 + size // CHARGE_CHARS)
        return _check_size(self.binop_table[operator](left, right), f"a {operator!r} operation")

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.rb_budget.spend()
        if isinstance(__obj, LoopContext) and args:  # loop(children) in a recursive for loop
            args = (_Counted(args[0], __self.rb_budget), *args[1:])
        target = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        size = _method_size(target, args, kwargs)
        if size > MAX_VALUE:
            raise _too_big(f"calling {getattr(target, '__name__', 'a function')}()", size)
        __self.rb_budget.spend(size // CHARGE_CHARS)
        result = super().call(__context, __obj, *args, **kwargs)
        _check_int(result, "a call")
        return _check_size(result, "a call's result")

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.rb_budget.spend()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.rb_budget.spend()
        value = super().getitem(obj, argument)
        if isinstance(argument, slice):
            self.rb_budget.spend(_shallow(value) // CHARGE_CHARS)
        return value

    # -- filters and tests ----------------------------------------------------------------
    def _wrap(self, name: str, func: Any) -> Callable[..., Any]:
        check = _FILTER_CHECKS.get(name)
        budget = self.rb_budget

        @functools.wraps(func)  # keeps jinja's pass_context / pass_eval_context marks
        def bounded(*args: Any, **kwargs: Any) -> Any:
            values = [a for a in args if not isinstance(a, _PASSED)]
            if values and (size := value_size(values[0])) > MAX_VALUE:  # pprint, string, ...
                raise _too_big(f"the value given to the {name!r} filter", size)
            if check is not None:
                size = check(*values, **kwargs)
                if size > MAX_VALUE:
                    raise _too_big(f"the {name!r} filter", size)
            budget.spend(1 + sum(_shallow(a) for a in values[:2]) // CHARGE_CHARS)
            result = func(*args, **kwargs)
            if isinstance(result, Iterator):
                return iter(_Counted(result, budget))
            _check_int(result, f"the {name!r} filter")
            return _check_size(result, f"the {name!r} filter")

        return bounded


def _width_check(value: Any = "", width: Any = 80, *rest: Any, **kwargs: Any) -> int:
    return max(value_size(value), _as_count(kwargs.get("width", width)))


def _indent_check(text: Any = "", width: Any = 4, *rest: Any, **kwargs: Any) -> int:
    width = kwargs.get("width", width)
    per_line = len(width) if isinstance(width, str) else _as_count(width)
    lines = str(text).count("\n") + 1 if isinstance(text, str) else 1
    return value_size(text) + lines * per_line


def _replace_check(
    text: Any = "", old: Any = "", new: Any = "", count: Any = None, **kw: Any
) -> int:
    # the filter replaces in str(text), str(old) by str(new), whatever their types
    return _replace_size(str(text), str(old), str(new), -1 if count is None else count)


def _format_check(fmt: Any = "", *args: Any, **kwargs: Any) -> int:
    fmt = str(fmt)  # the filter formats str(value), whatever its type
    if kwargs:
        return printf_size(fmt, kwargs)
    return printf_size(fmt, tuple(args))


def _join_check(items: Any = (), separator: Any = "", *rest: Any, **kwargs: Any) -> int:
    separator = kwargs.get("d", separator)
    return _join_size(separator if isinstance(separator, str) else "", items)


def _batch_check(items: Any = (), count: Any = 1, fill: Any = None, **kwargs: Any) -> int:
    lines = _as_count(kwargs.get("linecount", count))
    return lines * (1 + value_size(kwargs.get("fill_with", fill)))


def _slice_check(items: Any = (), count: Any = 1, fill: Any = None, **kwargs: Any) -> int:
    slices = _as_count(kwargs.get("slices", count))
    return slices * (1 + value_size(kwargs.get("fill_with", fill))) + value_size(items)


def _wordwrap_check(text: Any = "", width: Any = 79, *rest: Any, **kwargs: Any) -> int:
    columns = max(_as_count(kwargs.get("width", width)), 1)
    wrap = kwargs.get("wrapstring") or (rest[1] if len(rest) > 1 else "\n")
    size = value_size(text)
    return size + (size // columns + 1) * value_size(wrap)


def _tojson_check(value: Any = None, indent: Any = None, **kwargs: Any) -> int:
    spaces = _as_count(kwargs.get("indent", indent))
    return value_size(value) * (1 + min(spaces, 64)) + (MAX_VALUE + 1 if spaces > 64 else 0)


def _truncate_check(
    text: Any = "",
    length: Any = 255,
    killwords: Any = False,
    end: Any = "...",
    *rest: Any,
    **kwargs: Any,
) -> int:
    return value_size(text) + value_size(kwargs.get("end", end))


_FILTER_CHECKS: dict[str, Callable[..., int]] = {
    "center": _width_check,
    "indent": _indent_check,
    "replace": _replace_check,
    "format": _format_check,
    "join": _join_check,
    "batch": _batch_check,
    "slice": _slice_check,
    "wordwrap": _wordwrap_check,
    "tojson": _tojson_check,
    "truncate": _truncate_check,
}
