"""``prefig export ...``: the register as a calendar and as open-data documents.

One subcommand per format of the export registry (:data:`prefig.export.EXPORT_BY_NAME`):
its help and its own options come from the registry, ``--out`` and ``--force`` from here.
The subcommands are built when the ``export`` group is (for ``prefig export ...`` and help),
so that no other command imports the exports.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from prefig.cli import complete

if TYPE_CHECKING:
    from prefig.export import ExportFormat
    from prefig.load import Register

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write to this file instead of stdout.", dir_okay=False, metavar="FILE"
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite --out if it exists.")]


def load_whole(ctx: typer.Context) -> Register:
    """The loaded register, or exit 2 when any record of it cannot be read: the loader leaves
    such a record out, and an export without it would be published as if it were complete
    (a subscribed calendar would delete the meeting)."""
    from prefig.cli.common import load_or_fail

    register, _ = load_or_fail(ctx, incomplete="an export would leave out")
    return register


def emit(data: str | bytes, out: Path | None, force: bool) -> None:
    """Write ``data`` to stdout, or atomically to ``out`` (exit 2 if it exists without
    ``force``)."""
    from prefig.cli.common import fail
    from prefig.fsutil import WriteRefusedError, atomic_write

    payload = data.encode("utf-8") if isinstance(data, str) else data
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(payload)
        sys.stdout.buffer.flush()
        return
    try:
        atomic_write(out, payload, force=force)
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write {out}: {err.strerror or err}.")


def run_export(
    ctx: typer.Context,
    export_format: ExportFormat,
    options: dict[str, str | None],
    out: Path | None,
    force: bool,
) -> None:
    """Check the options, load the register, build the export, warn on stderr, write it."""
    import os

    from prefig.cli.common import fail
    from prefig.export import ExportError

    try:
        if export_format.check is not None:
            export_format.check(options)
        register = load_whole(ctx)
        exported = export_format.build(register, options, os.environ)
    except ExportError as err:
        fail(str(err))
    for warning in exported.warnings:
        print(f"prefig: warning: {warning}", file=sys.stderr)
    emit(exported.data, out, force)


def _command(export_format: ExportFormat) -> Callable[..., None]:
    """The subcommand of ``export_format``: its own options, then ``--out`` and ``--force``
    (a signature built from the registry, which Typer reads as it reads a written one)."""
    names = [option.name for option in export_format.options]

    def command(ctx: typer.Context, out: Path | None, force: bool, **options: str | None) -> None:
        run_export(ctx, export_format, {name: options[name] for name in names}, out, force)

    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [inspect.Parameter("ctx", keyword, annotation=typer.Context)]
    for option in export_format.options:
        declared = (f"--{option.name.replace('_', '-')}", *filter(None, [option.short]))
        kind: Any = str if option.default is not None else str | None
        parameters.append(
            inspect.Parameter(
                option.name,
                keyword,
                default=option.default,
                annotation=Annotated[
                    kind,
                    typer.Option(
                        *declared,
                        help=option.help,
                        metavar=option.metavar,
                        autocompletion=complete.BY_OPTION_NAME.get(option.name),
                    ),
                ],
            )
        )
    parameters += [
        inspect.Parameter("out", keyword, default=None, annotation=OutOption),
        inspect.Parameter("force", keyword, default=False, annotation=ForceOption),
    ]
    command.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in parameters}
    command.__name__ = export_format.name
    return command


class _ExportGroup(TyperGroup):
    """The ``export`` group, with one subcommand per format of the registry."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        from prefig.export import EXPORT_BY_NAME

        formats = typer.Typer(rich_markup_mode=None)
        for export_format in EXPORT_BY_NAME.values():
            formats.command(export_format.name, help=export_format.description)(
                _command(export_format)
            )
        group = typer.main.get_group(formats)
        for name, command in group.commands.items():
            self.add_command(command, name)


app = typer.Typer(
    cls=_ExportGroup,
    help="Export the register: iCalendar, JSON, OParl 1.1, Popolo. "
    "Writes to stdout, or to --out FILE (never over an existing file without --force).",
    no_args_is_help=True,
)
