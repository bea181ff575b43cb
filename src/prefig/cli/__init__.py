"""The command line: a thin layer that parses options, calls the core and formats results.

Exit codes, for every command:

* 0: success (for ``check``: no errors; warnings may have been shown);
* 1: findings (``check`` found errors; ``diff --exit-code`` found changes);
* 2: the register cannot be read, an id is unknown, the command is misused, or the output
  cannot be written in the terminal's encoding;
* 3: an internal error (a bug in prefig; the message says how to report it);
* 130: interrupted (Ctrl-C);
* 143: terminated (SIGTERM).

A reader that goes away (``prefig check | head -1``) or a standard output that is closed
(``prefig check >&-``) is not a failure: the rest of the output is dropped and the command
exits with its own code.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from prefig import __version__
from prefig.cli.common import EXIT_INTERNAL, EXIT_MISUSE, State
from prefig.cli.complete import (
    InstallCompletionOption,
    ShowCompletionOption,
    with_detected_shell,
)

EPILOG = (
    "Exit codes: 0 success, 1 findings (check) or changes (diff --exit-code), 2 unreadable "
    "register, unknown id or misuse, 3 internal error, 130 interrupted, 143 terminated."
)

HELP_ORDER = (
    "meetings",
    "bodies",
    "people",
    "decisions",
    "deliberations",
    "check",
    "rules",
    "render",
    "send",
    "export",
    "site",
    "diff",
    "schema",
    "templates",
    "init",
)
"""The order ``prefig --help`` lists commands in: the everyday queries first."""


REGISTER_HELP = (
    "Root folder of the register (the one holding data/bodies.yaml). "
    "Default: the nearest such folder at or above the current one."
)


def _command_register(ctx: typer.Context, value: str | None) -> str | None:
    """``--register`` given after a command's name: it wins over the one given before it
    (and so over PREFIG_REGISTER). Kept while a line is only being completed too, so
    that completion reads the register this option names (see prefig.cli.complete)."""
    if value is not None:
        state = ctx.find_object(State) or ctx.ensure_object(State)
        state.register = value
    return value


def _register_option() -> Any:
    """The ``--register``/``-r`` option that every command accepts after its name, built
    by Typer from a declaration as any other option is (so that help and completion show
    it the same way), its value handed to the shared state rather than to the command."""
    carrier = typer.Typer(add_completion=False)

    @carrier.command()
    def carry(
        register: Annotated[
            str | None,
            typer.Option(
                "--register",
                "-r",
                metavar="PATH",
                callback=_command_register,
                help=REGISTER_HELP + " Same as `prefig --register PATH`, which it overrides.",
            ),
        ] = None,
    ) -> None:
        """Only carries the option."""

    (option,) = [p for p in typer.main.get_command(carrier).params if p.name == "register"]
    option.name = "register_after_command"
    option.expose_value = False  # the command's own function does not take it
    return option


def _with_register_option(command: Any, option: Any) -> None:
    """Give ``command`` and every command below it ``option``, so that
    ``prefig check --register X`` works as ``prefig --register X check`` does, for every
    command, present and future, without each declaring it."""
    if not any(param.name == option.name for param in command.params):
        command.params.append(option)
    for sub in getattr(command, "commands", {}).values():
        _with_register_option(sub, option)


class _HelpOrder(TyperGroup):
    """The root group: lists commands in :data:`HELP_ORDER` (Typer lists plain commands
    before groups), and gives every command below it the ``--register`` option."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        option = _register_option()
        for command in self.commands.values():
            _with_register_option(command, option)

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(HELP_ORDER)}
        return sorted(names, key=lambda name: rank.get(name, len(rank)))


app = typer.Typer(
    name="prefig",
    cls=_HelpOrder,
    help="Query and check a YAML register of governance bodies, meetings and decisions.",
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    add_completion=False,  # prefig's own options take the shell: see _root
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"prefig {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    ctx: typer.Context,
    register: Annotated[
        str | None,
        typer.Option(
            "--register",
            "-r",
            metavar="PATH",
            envvar="PREFIG_REGISTER",
            help=REGISTER_HELP + " Every command also accepts it after its name.",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    install_completion: InstallCompletionOption = None,
    show_completion: ShowCompletionOption = None,
) -> None:
    """Query and check a YAML register of governance bodies, meetings and decisions."""
    ctx.obj = State(register=register)


def _register_commands() -> None:
    from prefig.cli import bodies, decisions, deliberations, export, meetings, people
    from prefig.cli import check as check_cli
    from prefig.cli import diff as diff_cli
    from prefig.cli import graph as graph_cli
    from prefig.cli import init as init_cli
    from prefig.cli import render as render_cli
    from prefig.cli import rules as rules_cli
    from prefig.cli import schema as schema_cli
    from prefig.cli import send as send_cli
    from prefig.cli import site as site_cli
    from prefig.cli import templates as templates_cli

    meetings.app.command("calendar")(graph_cli.calendar)
    bodies.app.command("graph")(graph_cli.graph)
    # check and diff state their own exit codes in their help; HELP_ORDER orders them all.
    app.add_typer(meetings.app, name="meetings")
    app.add_typer(bodies.app, name="bodies")
    app.add_typer(people.app, name="people")
    app.add_typer(decisions.app, name="decisions")
    app.add_typer(deliberations.app, name="deliberations")
    app.command("check")(check_cli.check)
    app.command("rules", epilog=EPILOG)(rules_cli.rules)
    app.add_typer(render_cli.app, name="render")
    app.add_typer(send_cli.app, name="send")
    app.add_typer(export.app, name="export")
    app.add_typer(site_cli.app, name="site")
    app.command("diff")(diff_cli.diff)
    app.command("schema", epilog=EPILOG)(schema_cli.schema)
    app.add_typer(templates_cli.app, name="templates")
    app.command("init", epilog=EPILOG)(init_cli.init)


_register_commands()

_ROOT_OPTIONS_WITH_VALUE = frozenset({"--register", "-r"})


def _command_asked_for(argv: list[str]) -> tuple[str, ...]:
    """The command path that ``argv`` names plainly, at most two words (``meetings next``),
    after root options such as ``--register PATH``; empty for help, completion or anything
    unusual."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return ()
    path: list[str] = []
    words = iter(argv)
    for word in words:
        if not path and word in _ROOT_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not path and (
            word.startswith("--register=") or (word.startswith("-r") and len(word) > 2)
        ):
            continue
        elif word.startswith("-"):
            break
        else:
            path.append(word)
            if len(path) == 2:
                break
    return tuple(path)


def _command_name(info: Any) -> str | None:
    if info.name:
        return str(info.name)
    callback = getattr(info, "callback", None)
    return callback.__name__.replace("_", "-") if callback else None


@contextmanager
def _only(path: tuple[str, ...]) -> Iterator[None]:
    """Keep only the command ``path`` names registered while the app runs.

    Typer turns every command of the tree into a click command on each start-up, reading
    every signature; with two dozen commands that is most of the CLI's own start-up time.
    A command line that plainly names one command needs only that one (and, in a group, only
    the subcommand named); help, completion and unknown names still see the whole tree, so
    what they print does not change.
    """
    saved: list[tuple[typer.Typer, list[Any], list[Any]]] = []
    level = app
    for name in path:
        groups = [g for g in level.registered_groups if _command_name(g) == name]
        commands = [c for c in level.registered_commands if _command_name(c) == name]
        if len(groups) + len(commands) != 1:
            break
        saved.append((level, level.registered_groups, level.registered_commands))
        level.registered_groups, level.registered_commands = groups, commands
        if not groups or groups[0].typer_instance is None:
            break
        level = groups[0].typer_instance
    try:
        yield
    finally:
        for typer_app, groups, commands in saved:
            typer_app.registered_groups, typer_app.registered_commands = groups, commands


def _report_failure(err: Exception) -> int:
    """Say what went wrong on stderr; the exit code: 2 when the terminal cannot show the
    output (an ASCII-only stdout), 3 for anything else, a bug."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if isinstance(err, UnicodeEncodeError) and not encoding.lower().replace("-", "").startswith(
        "utf"
    ):
        import unicodedata

        char = err.object[err.start : err.start + 1] if isinstance(err.object, str) else ""
        name = unicodedata.name(char, "") if char else ""
        what = f"U+{ord(char):04X}{f' ({name})' if name else ''}" if char else "a character"
        print(
            f"prefig: error: the output cannot be written in this terminal's encoding "
            f"({encoding}): it has no place for {what}. Set PYTHONIOENCODING=utf-8 or use a "
            "UTF-8 locale (LANG=C.UTF-8); JSON output (--format json, where a command has it) "
            "carries every character.",
            file=sys.stderr,
        )
        return EXIT_MISUSE
    print(
        f"prefig: internal error: {type(err).__name__}: {err}\n"
        "This is a bug in prefig; please report it with the command you ran.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that it ends as Ctrl-C does: ``finally``
    blocks run and temporary files are removed."""


def _terminate(signum: int, frame: object) -> None:
    # A second SIGTERM must not cut short the clean-up the first one started.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Terminated


class OutputError(Exception):
    """Standard output or error cannot be written (a full disk): not a bug, exit 2."""


class _Forgiving(io.RawIOBase):
    """A standard stream's file descriptor, where a reader that went away (``EPIPE``) is not
    an error: from then on the output is dropped (the descriptor points at the null device,
    which children also inherit) and the command goes on to exit with its own code. Any
    other failure to write stdout (a full disk) raises :class:`OutputError`; one to write
    stderr drops the message."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def isatty(self) -> bool:
        return os.isatty(self.fd)

    def write(self, data: Any) -> int:
        size = len(memoryview(data).cast("B"))
        try:
            return os.write(self.fd, data)
        except OSError as err:
            _to_null(self.fd)  # the rest is dropped
            if isinstance(err, BrokenPipeError) or self.fd != 1:
                return size  # a message that cannot be shown has nowhere else to go
            raise OutputError(f"cannot write to standard output: {err.strerror}") from None


def _to_null(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def _forgiving(fd: int, old: Any, *, line_buffering: bool) -> io.TextIOWrapper:
    """A text stream on ``fd`` like ``old`` (its encoding and error handler), through
    :class:`_Forgiving`."""
    return io.TextIOWrapper(
        io.BufferedWriter(_Forgiving(fd)),
        encoding=getattr(old, "encoding", None) or "utf-8",
        errors=getattr(old, "errors", None) or "strict",
        line_buffering=line_buffering,
    )


@contextmanager
def _process_streams() -> Iterator[None]:
    """While the command runs: the null device on whichever of descriptors 0 to 2 is closed
    (``prefig check >&-``), so that no file prefig opens takes its place, and the process's
    stdout and stderr written through :class:`_Forgiving` (streams replaced by a caller, as
    tests do, are left alone)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _to_null(fd)
    saved = sys.stdout, sys.stderr
    if sys.stdout is None or sys.stdout is sys.__stdout__:
        tty = bool(sys.stdout and sys.stdout.line_buffering)
        sys.stdout = _forgiving(1, sys.stdout, line_buffering=tty)
    if sys.stderr is None or sys.stderr is sys.__stderr__:
        sys.stderr = _forgiving(2, sys.stderr, line_buffering=True)
    try:
        yield
    finally:
        with suppress(OutputError):
            sys.stdout.flush()
        sys.stderr.flush()
        sys.stdout, sys.stderr = saved


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` while the command runs."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals to the caller
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _skip_collection_at_exit() -> None:
    """Freeze what is alive when the interpreter starts to exit, so that its two last
    cycle collections skip it.

    The interpreter collects twice as it exits, scanning every object still alive (the
    modules, the models, the register) to free memory that the process is about to hand
    back anyway: about 6 % of the instructions of ``prefig meetings next`` (docs/latency.md).
    Frozen objects are left out of every collection. An exit handler does it, so that a
    program calling :func:`main` and going on (a test) keeps its collector as it was until
    it exits itself; nothing that prefig holds needs a collection to be finalized (files
    are closed by ``with`` blocks, temporary folders by their own exit handlers)."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)  # once, however many times main() runs in one process
    atexit.register(gc.freeze)


def _run() -> int:
    """Run the app; its exit code, every failure turned into a message."""
    try:
        try:
            args = with_detected_shell(sys.argv[1:])
            with _only(_command_asked_for(args)):
                # "prefig" however it was started (``python -m prefig`` included): in usage
                # lines and in the completion variable, _PREFIG_COMPLETE.
                code = app(args=args, prog_name="prefig", standalone_mode=False)
        finally:
            sys.stdout.flush()  # a full disk shows here when the output was small
    except typer.Exit as err:
        code = err.exit_code
    except typer.Abort:
        print("prefig: aborted", file=sys.stderr)
        code = 130
    except KeyboardInterrupt:
        print("prefig: interrupted", file=sys.stderr)
        code = 130
    except Terminated:
        print("prefig: terminated", file=sys.stderr)
        code = 143
    except OutputError as err:
        print(f"prefig: error: {err}.", file=sys.stderr)
        code = EXIT_MISUSE
    except typer.TyperException as err:  # usage errors: bad option, missing argument
        err.show()  # type: ignore[attr-defined]  # typer re-exports click's exception
        code = err.exit_code
    except Exception as err:
        code = _report_failure(err)
    return code if isinstance(code, int) else 0


def main() -> None:
    """Console entry point: run the app, turning every failure into a message and a code."""
    _skip_collection_at_exit()
    try:
        with _process_streams(), _sigterm_raises():
            code = _run()
    except Terminated:  # after the command ended, before its exit: still a termination
        code = 143
    sys.exit(code)
