"""Shell completion: the scripts (``--show-completion SHELL``) and what an argument takes.

Arguments and options that take an id complete it from the register, as ``gh`` and
``kubectl`` complete names: ``prefig meetings show <TAB>`` offers the meetings' ids, with
their day and body where the shell shows descriptions (zsh, fish, PowerShell). A command
added later reuses a completer by passing it as ``autocompletion=`` to its argument::

    meeting_id: Annotated[str, typer.Argument(autocompletion=complete.meeting_ids)]

Completion runs on every press of TAB, so it reads the one data file it needs (bounded in
size and parsed as the loader parses it) without validating the register, and a register
that cannot be read (missing, broken, hostile) offers nothing: never a message, never a
traceback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
"""The shells Typer writes completion scripts for."""

_DETECT = "detect"
"""The value of ``--show-completion`` given without a shell: the shell prefig runs in."""

Completion = tuple[str, str]
"""A value and the description shells that show one display next to it."""


# --------------------------------------------------------------------------- the scripts


def _shell(ctx: typer.Context, value: str | None) -> str | bool | None:
    """The shell ``value`` names (``True``: detect it), or ``None`` when the option is absent
    or the command line is only being completed."""
    if not value or ctx.resilient_parsing:
        return None
    if value == _DETECT:
        return True
    shell = value.lower()
    if shell not in SHELLS:
        raise typer.BadParameter(
            f"{value!r} is not a shell prefig completes; use one of {', '.join(SHELLS)}."
        )
    return shell


def _completion_classes() -> None:
    # Typer's own completion classes (with PowerShell, and descriptions for zsh and fish);
    # Typer registers them itself only when it adds its own completion options.
    from typer._completion_classes import completion_init

    completion_init()


def _show(ctx: typer.Context, param: Any, value: str | None) -> None:
    shell = _shell(ctx, value)
    if shell is None:
        return
    from typer.completion import show_callback

    _completion_classes()
    show_callback(ctx, param, shell)  # prints the script and exits


def _install(ctx: typer.Context, param: Any, value: str | None) -> None:
    shell = _shell(ctx, value)
    if shell is None:
        return
    from typer.completion import install_callback

    _completion_classes()
    install_callback(ctx, param, shell)  # installs the script and exits


ShowCompletionOption = Annotated[
    str | None,
    typer.Option(
        "--show-completion",
        metavar="[SHELL]",
        callback=_show,
        expose_value=False,
        is_eager=True,
        help="Print the completion script for SHELL (bash, zsh, fish, powershell; default: "
        "the current shell), to copy it or customise the installation.",
    ),
]
InstallCompletionOption = Annotated[
    str | None,
    typer.Option(
        "--install-completion",
        metavar="[SHELL]",
        callback=_install,
        expose_value=False,
        is_eager=True,
        help="Install completion for SHELL (bash, zsh, fish, powershell; default: the "
        "current shell).",
    ),
]


COMPLETION_OPTIONS = ("--show-completion", "--install-completion")


def with_detected_shell(argv: list[str]) -> list[str]:
    """``argv`` where a completion option given without a shell says to detect it.

    Typer's options cannot take an optional value, and ``prefig --show-completion`` (the
    current shell) must keep working next to ``prefig --show-completion zsh``.
    """
    out: list[str] = []
    for index, word in enumerate(argv):
        out.append(word)
        if word in COMPLETION_OPTIONS:
            following = argv[index + 1] if index + 1 < len(argv) else "-"
            if following.startswith("-"):
                out.append(_DETECT)
    return out


def completing() -> bool:
    """Whether the process only completes a command line (Typer's ``_PREFIG_COMPLETE``)."""
    return "_PREFIG_COMPLETE" in os.environ


# --------------------------------------------------------------------------- the register


def _register_option(ctx: typer.Context) -> str | None:
    """``--register`` as given on the line being completed (before or after the command),
    else ``PREFIG_REGISTER``."""
    from prefig.cli.common import State

    state = ctx.find_object(State)  # --register after the command's name, which wins
    if state is not None and state.register:
        return state.register
    here: Any = ctx
    while here is not None:
        value = here.params.get("register")
        if value:
            return str(value)
        here = here.parent
    return os.environ.get("PREFIG_REGISTER") or None


def _records(ctx: typer.Context, kind: str) -> list[dict[str, Any]]:
    """The items of ``data/<kind>.yaml`` that are mappings, unvalidated; none when the
    register or the file cannot be read."""
    from prefig.load.parse import parse_yaml
    from prefig.load.read import read_text
    from prefig.load.root import DATA_DIR, find_register

    root = find_register(_register_option(ctx)).path
    relpath = f"{DATA_DIR}/{kind}.yaml"
    text, _ = read_text(root / relpath, relpath, root)
    if text is None:
        return []
    data, _ = parse_yaml(text, relpath)
    return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []


def _text(value: Any) -> str:
    """A scalar as text (a day, a name); nothing for a list or a mapping."""
    return "" if value is None or isinstance(value, list | dict) else str(value)


def _described(items: Iterator[Completion], incomplete: str) -> list[Completion]:
    """The items whose value starts with ``incomplete``, each once, descriptions on one line."""
    seen: set[str] = set()
    out: list[Completion] = []
    for value, description in items:
        if value.startswith(incomplete) and value not in seen:
            seen.add(value)
            out.append((value, " ".join(description.split())))
    return out


def _quietly(
    find: Callable[[typer.Context], Iterator[Completion]],
) -> Callable[[typer.Context, str], list[Completion]]:
    """A completer that offers what ``find`` finds, or nothing if anything goes wrong."""

    def complete(ctx: typer.Context, incomplete: str) -> list[Completion]:
        try:
            return _described(find(ctx), incomplete)
        except Exception:  # a broken or missing register offers nothing, silently
            return []

    complete.__name__ = find.__name__
    complete.__doc__ = find.__doc__
    return complete


def _ids(kind: str, *fields: str) -> Callable[[typer.Context], Iterator[Completion]]:
    def find(ctx: typer.Context) -> Iterator[Completion]:
        for item in _records(ctx, kind):
            if isinstance(item.get("id"), str):
                yield item["id"], " ".join(_text(item.get(field)) for field in fields)

    find.__name__ = f"{kind}_ids"
    return find


meeting_ids = _quietly(_ids("meetings", "date", "body"))
"""Completes a meeting's id (described by its day and body)."""
body_ids = _quietly(_ids("bodies", "name"))
"""Completes a body's id (described by its name)."""
person_ids = _quietly(_ids("people", "name"))
"""Completes a person's id (described by their name)."""
decision_ids = _quietly(_ids("decisions", "title"))
"""Completes a decision's id (described by its title)."""


BY_OPTION_NAME: dict[str, Callable[[typer.Context, str], list[Completion]]] = {
    "body": body_ids,
    "person": person_ids,
    "meeting": meeting_ids,
    "decision": decision_ids,
}
"""Completers by the name of an option (``--body``), for commands whose options come from a
registry in the core (``prefig export``)."""


def _deliberation_numbers(ctx: typer.Context) -> Iterator[Completion]:
    """Completes a deliberation's number (described by its meeting)."""
    for meeting in _records(ctx, "meetings"):
        agenda = meeting.get("agenda")
        for item in agenda if isinstance(agenda, list) else []:
            deliberation = item.get("deliberation") if isinstance(item, dict) else None
            if isinstance(deliberation, dict) and deliberation.get("number") is not None:
                yield str(deliberation["number"]), _text(meeting.get("id"))


deliberation_numbers = _quietly(_deliberation_numbers)


def _rule_codes(ctx: typer.Context) -> Iterator[Completion]:
    """Completes a rule's code (described by its summary); upper or lower case."""
    from prefig.rules import every_rule

    for code, rule in every_rule().items():
        yield code, rule.summary


def rule_codes(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """Completes a rule code, case aside, and for ``--select``/``--ignore`` the last of a
    comma-separated list (``PF101,PF3<TAB>``)."""
    head, comma, last = incomplete.rpartition(",")
    found = _quietly(_rule_codes)(ctx, last.upper())
    # what was typed stays as typed (pf3 -> pf301): shells keep only what starts with it
    return [(f"{head}{comma}{last}{code[len(last) :]}", summary) for code, summary in found]


def _file_kinds(ctx: typer.Context) -> Iterator[Completion]:
    """Completes a data file's kind (``prefig schema KIND``)."""
    from prefig.schema import FILE_KINDS

    for kind in FILE_KINDS:
        yield kind, f"data/{kind}.yaml"


file_kinds = _quietly(_file_kinds)


def _template_names(ctx: typer.Context) -> Iterator[Completion]:
    """Completes a packaged template's file name (``prefig templates copy NAME``)."""
    from prefig.render.catalog import packaged_names

    for name in packaged_names():
        yield name, ""


template_names = _quietly(_template_names)


if completing():  # Typer answers TAB with its own classes, which prefig registers itself
    _completion_classes()
