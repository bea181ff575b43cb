"""``prefig templates ...``: the document templates prefig ships, and overriding one.

A register holds only the templates it overrides (its ``templates/`` folder); ``prefig
render`` takes every other file from the packaged defaults.
"""

from __future__ import annotations

from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import echo, fail, register_root

app = typer.Typer(
    help="The document templates prefig ships; copy one into the register to override it.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.command("list")
def list_templates(ctx: typer.Context) -> None:
    """List the packaged templates and say which ones the register overrides (its
    templates/ folder takes precedence over the defaults, one file at a time).

    Example: prefig templates list
    """
    from prefig.render.catalog import packaged_templates

    root = register_root(ctx).path
    listed = packaged_templates(root)
    width = max((len(t.name) for t in listed), default=0)
    for template in listed:
        if template.override is None:
            where = "packaged default"
        else:
            where = f"overridden by {template.override.relative_to(root)}"
            if template.identical:
                where += " (identical to the default)"
        echo(f"{template.name.ljust(width)}  {where}")
    overridden = sum(t.override is not None for t in listed)
    echo(f"{len(listed)} templates, {overridden} overridden by the register.")


@app.command("copy")
def copy(
    ctx: typer.Context,
    name: Annotated[
        str,
        typer.Argument(
            metavar="NAME",
            autocompletion=complete.template_names,
            help="File name of a packaged template, such as convocation.md.j2 "
            "(`prefig templates list` lists them).",
        ),
    ],
    force: Annotated[
        bool, typer.Option(help="Replace the register's own copy if it exists.")
    ] = False,
) -> None:
    """Copy one packaged template into the register's templates/, to edit it there.

    From then on `prefig render` uses the register's copy, and later fixes to the packaged
    default no longer reach it: copy only what you mean to change.

    Example: prefig templates copy convocation.md.j2

    Exit codes: 0 copied; 2 unknown template, or a copy that exists without --force.
    """
    from prefig.fsutil import WriteRefusedError
    from prefig.render.catalog import UnknownTemplateError, copy_template

    root = register_root(ctx).path
    try:
        target = copy_template(root, name, force=force)
    except UnknownTemplateError as err:
        fail(f"{err.name!r} is not a packaged template; use one of {', '.join(err.names)}.")
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write {name} into {root}: {err.strerror or err}.")
    echo(f"wrote {target}")
