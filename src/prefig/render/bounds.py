"""The size bounds of the template sandbox: everything a template builds is measured before it
is built.

Templates come from the register, which any merge request may change: they are untrusted. The
sandbox (:mod:`prefig.render.sandbox`) guards attributes; these checks guard size. Each
filter, string method, operator and block capture is held to a bound of its own, and all of
them together to one budget per document (:data:`MAX_BUILT`). The bounds are documented in
docs/templates.md and docs/limits.md.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from types import SimpleNamespace
from typing import Any, NoReturn

from jinja2.exceptions import SecurityError
from jinja2.utils import Namespace, generate_lorem_ipsum

MAX_SEQUENCE = 100_000
"""Longest string or list a template may build with ``*`` or ``+``, and the largest width,
count or number of pieces a template may pass to a filter or a string method."""

MAX_VALUE = 1_000_000
"""Most characters a filter, a string method or a format string may build in one step,
counting what it is given: the characters of its strings, its items and theirs (a list that
repeats one string counts it each time), and how much the operation may grow them."""

MAX_OUTPUT = 10_000_000
"""Most characters one document may have, and one ``~`` or captured block (a macro's output,
``{% set %}...{% endset %}``, ``{% filter %}``, ``caller()``) may join."""

MAX_BUILT = 25_000_000
"""Most characters and items one document's rendering may build in all (every string and list
a filter, a method, an operator, ``~`` or a block makes counts, even when dropped): a loop that
keeps building stops there, not at the machine's memory."""

MAX_INT_BITS = 16_384
"""Largest integer a template may compute with ``*`` or ``**``, in bits (about 4,900 digits)."""

MAX_TEMPLATE_BYTES = 1_048_576
"""Largest template file prefig reads."""

# Filters that pass on (parts of) what they are given, or a number: their result holds
# references, so only how many items they take counts.
_PASSING_FILTERS = frozenset(
    {
        "abs", "attr", "batch", "count", "d", "default", "dictsort", "filesizeformat", "first",
        "float", "groupby", "int", "items", "last", "length", "list", "map", "max", "min",
        "plural", "random", "reject", "rejectattr", "reverse", "round", "safe", "select",
        "selectattr", "slice", "sort", "unique",
    }
)  # fmt: skip
# How many characters a filter that prints may make of one it is given (``escape`` turns
# ``"`` into ``&#34;``, ``tojson`` an astral character into ``\ud83d\ude00``, ``upper`` a
# ``ß`` into ``SS``); a filter not listed here is taken to grow text tenfold.
_GROWTH = {
    "capitalize": 3, "capitalize_first": 3, "center": 1, "de": 1, "e": 5, "escape": 5,
    "forceescape": 5, "indent": 1, "join_fr": 1, "le": 1, "lower": 3, "md": 2, "pprint": 1,
    "string": 1, "striptags": 1, "title": 3, "tojson": 12, "trim": 1, "truncate": 1,
    "upper": 3, "urlencode": 12, "wordcount": 1, "wordwrap": 2, "xmlattr": 10,
}  # fmt: skip
# Filters whose numeric arguments size what they build (``center(10**9)`` is a gigabyte of
# spaces), and string methods likewise.
SIZED_FILTERS = frozenset({"center", "indent", "truncate", "wordwrap", "batch", "slice", "tojson"})
SIZED_STR_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
_CASE_METHODS = frozenset({"capitalize", "casefold", "lower", "swapcase", "title", "upper"})
# Members that would make bytes or build text from a table, with no use in a document.
REFUSED_MEMBERS = {str: frozenset({"encode", "translate", "maketrans"}), int: {"to_bytes"}}
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\d*)(?:\.(\d*))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*:([^{}]*)\}")
_DIGITS = re.compile(r"\d+")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")


class TooLargeError(SecurityError):
    """A template asked to build more than a bound allows; nothing was built."""


def _size(value: Any, limit: int, pad: int = 0) -> int:
    """At most how much ``value`` holds: the characters of its strings, one for each item
    (plus ``pad`` for each level it is nested at, as an indented dump adds), the digits of its
    numbers, through lists, tuples, sets, dicts and records, once per reference. Counting stops
    past ``limit``; every step counts at least one, so it takes at most ``limit`` steps."""
    total = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack and total <= limit:
        item, depth = stack.pop()
        total += 1 + depth * pad
        if isinstance(item, str | bytes):
            total += len(item)
        elif isinstance(item, int):
            total += item.bit_length() // 3
        elif isinstance(item, range):
            total += 8 * len(item)
        elif isinstance(
            item, Mapping | list | tuple | set | frozenset | SimpleNamespace | Namespace
        ):
            members = vars(item).values() if isinstance(item, SimpleNamespace | Namespace) else item
            total += len(members)
            if total <= limit:
                children = (
                    [*members.keys(), *members.values()]
                    if isinstance(members, Mapping)
                    else members
                )
                stack.extend((child, depth + 1) for child in children)
        else:
            total += 32
    return total


def printed(value: Any, limit: int) -> int:
    """At most how many characters ``str(value)`` has (a list prints as its ``repr``, which
    may write a character as ``\\U0001f600``)."""
    if isinstance(value, str):
        return len(value)
    return 10 * _size(value, limit // 10 + 1)


def _refuse(what: str, limit: int = MAX_VALUE) -> NoReturn:
    raise TooLargeError(f"{what} would build more than {limit:,} characters")


def _bounded_size(value: Any, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SEQUENCE:
        raise TooLargeError(
            f"{what} was given {value:,}, more than templates may use ({MAX_SEQUENCE:,})"
        )


def _bounded_width(digits: str, what: str) -> int:
    if len(digits) > len(str(MAX_SEQUENCE)) or int(digits) > MAX_SEQUENCE:
        raise TooLargeError(
            f"{what} asks for a width of {digits[:12]}{'...' if len(digits) > 12 else ''}, "
            f"more than templates may use ({MAX_SEQUENCE:,})"
        )
    return int(digits)


def bounded_format(text: str, arguments: Sequence[Any], what: str) -> None:
    """A ``%`` or ``{}`` format string and its arguments must not ask for huge widths, nor
    print big arguments many times (``'{0}{0}{0}'``)."""
    widths = [0]
    for match in _PERCENT_SPEC.finditer(text):
        widths += [_bounded_width(digits, what) for digits in match.groups() if digits]
    for match in _BRACE_SPEC.finditer(text):
        widths += [_bounded_width(digits, what) for digits in _DIGITS.findall(match.group(1))]
    # A width taken from the arguments (``%*s``, ``{0:{1}}``) is checked like a written one.
    if "*" in text or _NESTED_SPEC.search(text):
        for argument in arguments:
            _bounded_size(argument, what)
        widths.append(MAX_SEQUENCE)
    fields = text.count("{") + text.count("%")
    largest = max((printed(a, MAX_VALUE) for a in arguments), default=0)
    if len(text) + fields * (largest + max(widths)) > MAX_VALUE:
        _refuse(what)


def _bounded_replace(text: Any, old: Any, new: Any, count: Any, what: str) -> None:
    if not (isinstance(text, str) and isinstance(old, str) and isinstance(new, str)):
        return
    times = text.count(old)
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    if len(text) + times * max(0, len(new) - len(old)) > MAX_SEQUENCE:
        _refuse(what, MAX_SEQUENCE)


def bounded_join(items: Sequence[Any], separator: Any, what: str) -> None:
    """Joining ``items`` (printed) with ``separator`` must stay within bounds."""
    if isinstance(separator, str) and len(separator) * max(0, len(items) - 1) > MAX_SEQUENCE:
        _refuse(what, MAX_SEQUENCE)
    size = 0
    for item in items:
        size += printed(item, MAX_VALUE)
        if size > MAX_VALUE:
            _refuse(what)


def _bounded_lines(text: str, pad: Any, what: str) -> None:
    """``indent``: ``pad`` (a width or a string) before each line of ``text``."""
    width = len(pad) if isinstance(pad, str) else pad if isinstance(pad, int) else 0
    if len(text) + max(0, width) * (text.count("\n") + 1) > MAX_VALUE:
        _refuse(what)


def check_filter(name: str, value: Any, rest: Sequence[Any], kwargs: dict[str, Any]) -> None:
    """Refuse a filter call that would build something huge, before it runs."""
    what = f"the filter {name!r}"
    arguments = [*rest, *kwargs.values()]
    if name in SIZED_FILTERS:
        for argument in arguments:
            _bounded_size(argument, what)
    if name in _PASSING_FILTERS:
        if isinstance(value, Sized) and len(value) > MAX_VALUE:
            _refuse(what)
        return
    if name == "format":
        bounded_format(str(value), arguments, what)
    elif name == "replace":
        count = rest[2] if len(rest) > 2 else kwargs.get("count")
        old = rest[0] if rest else kwargs.get("old")
        new = rest[1] if len(rest) > 1 else kwargs.get("new")
        _bounded_replace(value, old, new, count, what)
    elif name == "sum":
        start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
        if not isinstance(start, int | float):
            raise TooLargeError(f"{what} adds numbers only")
    elif name == "indent":
        pad = rest[0] if rest else kwargs.get("width", 4)
        if isinstance(pad, str) and len(pad) * (str(value).count("\n") + 1) > MAX_SEQUENCE:
            _refuse(what, MAX_SEQUENCE)
        _bounded_lines(str(value), pad, what)
    elif name == "wordwrap":
        wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring")
        if isinstance(wrap, str) and len(wrap) * (len(str(value)) + 1) > MAX_SEQUENCE:
            _refuse(what, MAX_SEQUENCE)  # a wrap string between every two characters, at most
        if 2 * printed(value, MAX_VALUE) > MAX_VALUE:
            _refuse(what)
    elif name == "urlize":
        # Each link repeats its address and the attributes given.
        size = printed(value, MAX_VALUE) * (10 + sum(printed(a, MAX_VALUE) for a in arguments))
        if size > MAX_VALUE:
            _refuse(what)
    elif name == "tojson":
        indent = rest[0] if rest else kwargs.get("indent")
        pad = indent if isinstance(indent, int) else 0
        if 12 * _size(value, MAX_VALUE, pad) > MAX_VALUE:
            _refuse(what)
    elif name == "pprint":
        if printed(value, MAX_VALUE) + _size(value, MAX_VALUE, 1) > MAX_VALUE:
            _refuse(what)
    else:
        size = sum(printed(v, MAX_VALUE) for v in (value, *arguments))
        if size * _GROWTH.get(name, 10) > MAX_VALUE:
            _refuse(what)


def takes_context_first(function: Callable[..., Any]) -> bool:
    """Whether Jinja calls ``function`` with its context, eval context or environment first.

    The ``pass_context``, ``pass_eval_context`` and ``pass_environment`` decorators mark a
    function with ``jinja_pass_arg``: the one thing here that relies on how Jinja works inside
    (tests render through such filters, ``map`` and ``sum``)."""
    return getattr(function, "jinja_pass_arg", None) is not None


def check_call(obj: Any, args: Sequence[Any], kwargs: dict[str, Any]) -> Sequence[Any]:
    """A template calling a string method (``'x'.center(10**9)``) or ``lipsum`` gets the same
    bounds as the filters; returns the arguments to call it with (an iterable given to
    ``join`` is read once, to be measured)."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if obj is generate_lorem_ipsum:
        bound = inspect.signature(generate_lorem_ipsum).bind(*args, **kwargs)
        bound.apply_defaults()
        words = bound.arguments["n"] * bound.arguments["max"]
        if not isinstance(words, int) or words > MAX_SEQUENCE:
            raise TooLargeError(f"lipsum may write at most {MAX_SEQUENCE:,} words")
        return args
    if not isinstance(owner, str):
        return args
    what = f"str.{name}"
    if name == "join" and len(args) == 1:
        items = list(args[0])
        bounded_join(items, owner, what)
        return [items]
    if name in SIZED_STR_METHODS:
        for argument in [*args, *kwargs.values()]:
            _bounded_size(argument, what)
        tabsize = args[0] if args else kwargs.get("tabsize", 8)
        tabs = owner.count("\t") if name == "expandtabs" and isinstance(tabsize, int) else 0
        if tabs and len(owner) + tabsize * tabs > MAX_VALUE:  # at most a tab's width each
            _refuse(what)
    elif name == "replace":
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        old = args[0] if args else kwargs.get("old")
        new = args[1] if len(args) > 1 else kwargs.get("new")
        _bounded_replace(owner, old, new, count, what)
    elif len(owner) * (3 if name in _CASE_METHODS else 1) > MAX_VALUE:
        _refuse(what)
    return args


def built_size(value: Any) -> int:
    """What building ``value`` cost: its length for a string, a list or a dict, else one."""
    return len(value) + 1 if isinstance(value, str | list | tuple | dict | set) else 1


def bounded_binop(operator: str, left: Any, right: Any) -> Any:
    # The sandbox guards attributes, not size: ``'a' * 10**10`` would exhaust memory in CI.
    numbers = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        if isinstance(right, int) and abs(right) > 64:
            raise TooLargeError(f"the exponent {right} is larger than templates may use (64)")
        if numbers and right > 0 and left.bit_length() * right > MAX_INT_BITS:
            raise TooLargeError(f"a power past {MAX_INT_BITS:,} bits is not allowed")
        return left**right
    if operator == "+":
        if (
            isinstance(left, str | list | tuple)
            and isinstance(right, str | list | tuple)
            and len(left) + len(right) > MAX_SEQUENCE
        ):
            raise TooLargeError(
                f"joining sequences to more than {MAX_SEQUENCE:,} items is not allowed"
            )
        return left + right
    if operator == "%":
        if isinstance(left, str):
            values = right.values() if isinstance(right, Mapping) else right
            bounded_format(
                left,
                list(values)
                if isinstance(values, Iterable) and not isinstance(values, str)
                else [values],
                "%",
            )
        return left % right
    if numbers and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise TooLargeError(f"a product past {MAX_INT_BITS:,} bits is not allowed")
    for sequence, times in ((left, right), (right, left)):
        if (
            isinstance(sequence, str | bytes | list | tuple)
            and isinstance(times, int)
            and len(sequence) * times > MAX_SEQUENCE
        ):
            raise TooLargeError(
                f"repeating a sequence to more than {MAX_SEQUENCE:,} items is not allowed"
            )
    return left * right
