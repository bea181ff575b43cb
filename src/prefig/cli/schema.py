"""``prefig schema [FILE-KIND]``: the JSON Schema of a data file, for editors and validators."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from prefig.cli import complete
from prefig.cli.common import echo, fail


def schema(
    file_kind: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE-KIND]",
            autocompletion=complete.file_kinds,
            help="register, sources, organizations, people, venues, bodies, meetings or "
            "decisions (a file name such as data/bodies.yaml works too).",
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="DIR",
            help="Write every <kind>.schema.json into DIR instead of printing one.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option(help="With --write, replace schema files that exist.")
    ] = False,
) -> None:
    """Print the JSON Schema of a data file, generated from the register's models.

    Point an editor at it with a first line such as
    `# yaml-language-server: $schema=../schemas/bodies.schema.json` (see docs/editors.md).

    Example: prefig schema bodies > schemas/bodies.schema.json
    """
    from prefig.fsutil import WriteRefusedError, write_files
    from prefig.schema import FILE_KINDS, schema_file_name, schema_text

    if write is not None:
        if file_kind is not None:
            fail("give either FILE-KIND or --write DIR, not both.")
        try:  # all the schemas or none
            files = [(schema_file_name(kind), schema_text(kind)) for kind in FILE_KINDS]
            for target in write_files(write, files, force=force):
                echo(f"wrote {target}")
        except WriteRefusedError as err:
            fail(str(err))
        except OSError as err:
            fail(f"cannot write into {write}: {err.strerror or err}.")
        return
    if file_kind is None:
        echo("File kinds: " + ", ".join(FILE_KINDS))
        echo("Run `prefig schema KIND` to print one schema.")
        return
    kind = Path(file_kind).name.removesuffix(".yaml").removesuffix(".yml")
    if kind not in FILE_KINDS:
        import difflib

        close = difflib.get_close_matches(kind, FILE_KINDS, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}? " if close else ""
        fail(f"{file_kind!r} is not a file kind; {hint}Use one of {', '.join(FILE_KINDS)}.")
    from prefig.output.streams import carries_unicode

    # JSON carries every character: as escapes on a stdout that cannot (ASCII).
    echo(schema_text(kind, ensure_ascii=not carries_unicode(sys.stdout)), nl=False)
