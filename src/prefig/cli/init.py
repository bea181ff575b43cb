"""``prefig init DIR``: scaffold a new, minimal register that passes ``prefig check``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from prefig.cli.common import echo, fail


def init(
    folder: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="Folder of the new register (created if need be)."),
    ],
) -> None:
    """Create a new register in DIR: settings, one organisation, one body with its members,
    one venue and one planned meeting, ready for `prefig render convocations`.

    The register uses the templates and schemas of the installed prefig: `prefig templates
    copy NAME` copies a template to override it, `prefig schema --write schemas` writes the
    schemas for an editor (docs/editors.md).

    Refuses (exit 2) to write into a folder that already holds a register; never overwrites.

    Example: prefig init mon-registre && prefig --register mon-registre check
    """
    import datetime as dt

    from prefig.fsutil import WriteRefusedError
    from prefig.scaffold import init_register

    try:
        written = init_register(folder, dt.date.today())
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write into {folder}: {err.strerror or err}.")
    echo(f"Created a register in {folder} ({len(written)} files).")
    echo(f"Next: edit {folder / 'data'}, then run `prefig --register {folder} check`.")
