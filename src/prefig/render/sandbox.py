"""The sandbox templates run in: Jinja's immutable sandbox with every string and list a template
builds measured (:mod:`prefig.render.bounds`), templates read only from their own folders, and
any failure turned into a :class:`TemplateRenderError` naming the template file and line.

Templates come from the register, which any merge request may change: they are untrusted. They
run with ``StrictUndefined`` (a name a template gets wrong is an error, never a blank), cannot
reach Python internals or mutate anything, and never read under ``.git/``.
"""

from __future__ import annotations

import functools
import os
import stat
import traceback
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from prefig.render.bounds import (
    MAX_BUILT,
    MAX_OUTPUT,
    MAX_TEMPLATE_BYTES,
    REFUSED_MEMBERS,
    TooLargeError,
    bounded_binop,
    bounded_format,
    bounded_join,
    built_size,
    check_call,
    check_filter,
    printed,
    takes_context_first,
)
from prefig.render.catalog import PACKAGE_TEMPLATES
from prefig.render.markdown import Safe, escape_markdown
from prefig.render.wording import article, join_words, of, plural


class TemplateRenderError(Exception):
    """A template that cannot be read or rendered; ``where`` is ``file:line`` when known."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        super().__init__(f"{self.where}: {message}" if self.where else message)

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file


def _finalize(value: Any) -> Any:
    # Every ``{{ ... }}`` goes through here: an unset value or a whole record is a template
    # error, never "None" or an object's repr silently printed into an official letter.
    from jinja2 import Undefined

    if isinstance(value, Undefined):
        return value  # printing it raises StrictUndefined's own error, naming the variable
    if value is None:
        raise TemplateRenderError("the template printed an empty value (None)")
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str | int | float):
        return value
    raise TemplateRenderError(
        f"the template printed a {type(value).__name__}, not a value; print one of its fields"
    )


FILTERS: dict[str, Callable[..., Any]] = {
    "md": escape_markdown,
    "le": lambda s: Safe(article(str(s))),
    "de": lambda s: Safe(of(str(s))),
    "join_fr": lambda values, last="et": Safe(join_words(values, last)),
    "plural": plural,
    "capitalize_first": lambda s: Safe(str(s)[:1].upper() + str(s)[1:]),
}
"""Filters templates may use, besides Jinja's built-in ones (documented in docs/templates.md)."""


class _BoundedConcat(CodeGenerator):
    """Compiles ``a ~ b`` to a call that measures the result (autoescape is off, so the plain
    join is the only form to replace)."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:  # noqa: N802 (Jinja's name)
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every string and list a template builds measured
    first, a budget of :data:`MAX_BUILT` per document (:meth:`start`), and no member that
    makes bytes."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _BoundedConcat
    built = 0
    """What the document being rendered has built so far (see :data:`MAX_BUILT`)."""

    def start(self) -> None:
        """A new document: its budget starts afresh."""
        self.built = 0

    def charge(self, size: int, what: str) -> None:
        self.built += size
        if self.built > MAX_BUILT:
            raise TooLargeError(
                f"the template builds more than {MAX_BUILT:,} characters and items in all "
                f"(last: {what})"
            )

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        refused = REFUSED_MEMBERS.get(type(obj), frozenset())
        return attr not in refused and super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator not in self.intercepted_binops:
            return super().call_binop(context, operator, left, right)
        result = bounded_binop(operator, left, right)
        self.charge(built_size(result), f"the operator {operator!r}")
        return result

    def bounded_concat(self, values: Sequence[Any]) -> str:
        # ``{% set ns.x = ns.x ~ ns.x %}`` in a loop doubles a string each time, and ``~``
        # prints a list it is given.
        if sum(printed(v, MAX_OUTPUT) for v in values) > MAX_OUTPUT:
            raise TooLargeError(f"joining strings past {MAX_OUTPUT:,} characters with ~")
        text = "".join(str(v) for v in values)
        self.charge(len(text), "~")
        return text

    def concat(self, pieces: Iterable[str]) -> str:
        """Joins what a macro, a call or filter block, or ``{% set %}...{% endset %}`` wrote
        (Jinja's compiled code calls this): a macro calling itself twice doubles its output."""
        buffered = list(pieces)
        size = sum(len(piece) for piece in buffered)
        if size > MAX_OUTPUT:
            raise TooLargeError(f"a macro or block grows past {MAX_OUTPUT:,} characters")
        self.charge(size, "a macro or block")
        return "".join(buffered)

    def call(self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        args = tuple(check_call(__obj, args, kwargs))
        result = super().call(__context, __obj, *args, **kwargs)
        if not isinstance(__obj, Macro):  # a macro's output is counted by concat
            self.charge(built_size(result), getattr(__obj, "__name__", "a call"))
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        # ``str.format`` and ``format_map`` are swapped for the sandbox's own version when
        # they are looked up, before any ``call``: bound them there.
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        text, name = value.__self__, value.__name__

        def bounded(*args: Any, **kwargs: Any) -> str:
            values = list(args[0].values()) if name == "format_map" and args else list(args)
            bounded_format(text, [*values, *kwargs.values()], f"str.{name}")
            return wrapped(*args, **kwargs)

        return bounded

    def bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """``function`` refusing arguments that would build something huge, and charging
        what it built."""
        first = 1 if takes_context_first(function) else 0

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            value, rest = args[first], args[first + 1 :]
            if name == "join":
                value = list(value)
                separator = rest[0] if rest else kwargs.get("d", "")
                bounded_join(value, separator, f"the filter {name!r}")
                args = (*args[:first], value, *rest)
            else:
                check_filter(name, value, rest, kwargs)
            result = function(*args, **kwargs)
            self.charge(built_size(result), f"the filter {name!r}")
            return result

        return bounded


class _ConfinedLoader(BaseLoader):
    """Templates from folders in order, read only where they really are inside their folder
    (symbolic links resolved: a link out of it is refused, as the loader refuses data files
    linked from outside the register), never under ``.git/``, only regular files (a named
    pipe would block the read) of UTF-8 text within :data:`MAX_TEMPLATE_BYTES`."""

    def __init__(self, folders: Sequence[Path]) -> None:
        self.folders = list(folders)

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if ".git" in template.replace("\\", "/").split("/"):
            raise TemplateRenderError(f"template {template!r} is under .git/: {_NO_GIT}")
        pieces = split_template_path(template)
        for folder in self.folders:
            candidate = Path(folder, *pieces)
            if not (candidate.exists() or candidate.is_symlink()):
                continue
            real_folder, resolved = Path(folder).resolve(), candidate.resolve()
            if not resolved.is_relative_to(real_folder):
                raise TemplateRenderError(
                    f"template {template!r} is a symbolic link to {resolved}, outside "
                    f"{folder}; copy the template into the folder instead"
                )
            if ".git" in resolved.relative_to(real_folder).parts:
                raise TemplateRenderError(
                    f"template {template!r} leads to {resolved}, under .git/: {_NO_GIT}"
                )
            shown = _shown(str(candidate), self.folders)
            return _read_template(resolved, template, shown), str(candidate), _fresh
        raise TemplateNotFound(template)


_NO_GIT = "nothing under .git/ is ever readable by a template"


def _fresh() -> bool:
    return True  # auto_reload is off: a template is read once per environment


def _read_template(path: Path, name: str, shown: str) -> str:
    """The text of a template file at ``path`` (already resolved), refusing anything but a
    regular file of UTF-8 text within :data:`MAX_TEMPLATE_BYTES`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise TemplateRenderError(f"template {name!r} cannot be read: {err.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise TemplateRenderError(f"template {name!r} is not a regular file")
        raw = file.read(MAX_TEMPLATE_BYTES + 1)
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateRenderError(
            f"template {name!r} is larger than the {MAX_TEMPLATE_BYTES:,} bytes a template may "
            "have; split it into smaller templates",
            shown,
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        before = raw[: err.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise TemplateRenderError(
            f"byte 0x{raw[err.start]:02x} at column {column} (offset {err.start}) is not valid "
            "UTF-8; a template is UTF-8 text, save it as such",
            shown,
            line,
        ) from None


def environment(search_path: Sequence[Path]) -> Sandbox:
    """A sandboxed Jinja environment loading templates from ``search_path`` in order."""
    env = Sandbox(
        loader=_ConfinedLoader(search_path),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    for name, function in list(env.filters.items()):
        env.filters[name] = env.bounded_filter(name, function)
    return env


def search_path(register_root: Path | None, override: Path | None = None) -> list[Path]:
    """Where templates are looked for: ``--templates DIR``, then the register's
    ``templates/``, then the defaults shipped with prefig (a file missing from one folder
    is taken from the next).

    The register's ``templates/`` must really be a folder inside the register (not the
    register itself, nor under ``.git/``), whatever symbolic link it is: else
    :class:`TemplateRenderError`."""
    paths = [override] if override is not None else []
    if register_root is not None and (register_root / "templates").is_dir():
        folder = register_root / "templates"
        root, real = register_root.resolve(), folder.resolve()
        inside = real.relative_to(root).parts if real.is_relative_to(root) else ()
        if not inside or ".git" in inside:
            where = "the register's own folder" if real == root else "not inside the register"
            raise TemplateRenderError(
                f"{folder} leads to {real}, {where} ({root}); make templates/ a folder of the "
                "register, not a symbolic link to it or out of it"
            )
        paths.append(folder)
    paths.append(PACKAGE_TEMPLATES)
    return paths


def _template_frame(err: BaseException, roots: Sequence[Path]) -> tuple[str | None, int | None]:
    frames = [f for f in traceback.extract_tb(err.__traceback__) if f.filename.endswith(".j2")]
    if not frames:
        return None, None
    frame = frames[-1]
    return _shown(frame.filename, roots), frame.lineno


def _shown(filename: str, roots: Sequence[Path]) -> str:
    """A template's path as the user knows it: relative to the current folder, else to
    its templates folder's parent."""
    path = Path(filename).resolve()
    if path.is_relative_to(Path.cwd().resolve()):
        return str(path.relative_to(Path.cwd().resolve()))
    for root in roots:
        if path.is_relative_to(root.resolve()):
            return str(Path(root.name) / path.relative_to(root.resolve()))
    return filename


def render_template(env: Any, name: str, context: dict[str, Any], roots: Sequence[Path]) -> str:
    """Render template ``name``; any failure becomes a :class:`TemplateRenderError` naming the
    template file and line."""
    from jinja2 import TemplateSyntaxError
    from jinja2.exceptions import UndefinedError

    try:
        template = env.get_template(name)
    except TemplateNotFound as err:
        raise TemplateRenderError(f"template {err.name!r} not found in {_listing(roots)}") from None
    except TemplateSyntaxError as err:
        raise TemplateRenderError(
            f"template syntax error: {err.message}",
            _shown(err.filename, roots) if err.filename else err.name,
            err.lineno,
        ) from None
    try:
        text = _render_bounded(template, context)
    except TemplateRenderError as err:
        if err.file is not None:  # it names its own file: a template that cannot be read
            raise
        file, line = _template_frame(err, roots)
        shown = file or (_shown(template.filename, roots) if template.filename else name)
        raise TemplateRenderError(err.message, shown, line) from None
    except TooLargeError as err:
        file, line = _template_frame(err, roots)
        file = file or (_shown(template.filename, roots) if template.filename else name)
        raise TemplateRenderError(
            f"the template builds too much: {err} (see docs/templates.md)", file, line
        ) from None
    except SecurityError as err:
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(
            f"the template tried to reach something the sandbox forbids ({err})", file, line
        ) from None
    except UndefinedError as err:
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(
            f"{err.message}; see docs/templates.md for the variables", file, line
        ) from None
    except TemplateSyntaxError as err:  # an imported or included template
        raise TemplateRenderError(
            f"template syntax error: {err.message}",
            _shown(err.filename, roots) if err.filename else err.name,
            err.lineno,
        ) from None
    except TemplateNotFound as err:
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(f"template {err.name!r} not found", file, line) from None
    except RecursionError:
        raise TemplateRenderError("the template recurses without end") from None
    except Exception as err:  # a template's own mistake: 1/0, a bad filter argument ...
        file, line = _template_frame(err, roots)
        raise TemplateRenderError(f"{type(err).__name__}: {err}", file, line) from None
    return text.rstrip("\n") + "\n"


def _render_bounded(template: Any, context: dict[str, Any]) -> str:
    if isinstance(template.environment, Sandbox):
        template.environment.start()
    pieces: list[str] = []
    size = 0
    for piece in template.generate(context):
        size += len(piece)
        if size > MAX_OUTPUT:
            raise TooLargeError(f"the document grows past {MAX_OUTPUT:,} characters")
        pieces.append(piece)
    return "".join(pieces)


def _listing(roots: Sequence[Path]) -> str:
    return ", ".join(str(r) for r in roots)
