"""``prefig site build`` and ``prefig site serve``: the register as a static public site."""

# No `from __future__ import annotations` here: Typer would evaluate every string
# annotation again (re-creating each Option) on every start-up.
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="The register as a static public website, with a calendar and an OParl API.",
    no_args_is_help=True,
)


@app.command("build")
def build(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Folder to write the site into.")],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="The address the site is published at (https://example.org/conseil/): "
            "the OParl ids and the calendar subscription are built under it.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="DATE",
            help="The day the next meetings and the compositions are taken at (YYYY-MM-DD). "
            "Default: the day of SOURCE_DATE_EPOCH when set, else today.",
        ),
    ] = None,
    mermaid_js: Annotated[
        Path | None,
        typer.Option(
            "--mermaid-js",
            metavar="FILE",
            help="A local copy of Mermaid's browser script (mermaid.min.js), copied into the "
            "site to draw the governance diagram; without it the page shows the diagram's text.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a folder that was not made by prefig site build, replacing "
            "files in the way.",
        ),
    ] = False,
) -> None:
    """Build the public site into OUT: pages in French (home, bodies, meetings, people,
    decisions, deliberations, calendar, governance), calendar.ics, and a static OParl 1.1
    API under oparl/. A rebuild rewrites only the files whose bytes changed.

    Example: prefig site build public --base-url https://example.org/conseil/
    """
    import datetime as dt
    import os
    import sys

    from prefig.cli.common import fail, load_or_fail
    from prefig.export import ExportError
    from prefig.export.ics import source_date_epoch
    from prefig.fsutil import WriteRefusedError
    from prefig.site.pages import SiteOptions, build_site
    from prefig.site.write import write_site

    try:
        generated = source_date_epoch(os.environ)
    except ExportError as err:
        fail(str(err))
    if today is not None:
        try:
            day = dt.date.fromisoformat(today.strip())
        except ValueError:
            fail(f"--today {today!r} is not a date written YYYY-MM-DD.")
    script = None
    if mermaid_js is not None:
        try:
            script = mermaid_js.read_bytes()
        except OSError as err:
            fail(f"cannot read --mermaid-js {mermaid_js}: {err.strerror or err}.")
    register, _ = load_or_fail(ctx, incomplete="the site would leave out")
    if today is None:
        from prefig.query import zone

        moment = generated or dt.datetime.now(dt.UTC)
        day = moment.astimezone(zone(register)).date()
    options = SiteOptions(
        today=day,
        base_url=base_url,
        generated=generated,
        environ=os.environ,
        mermaid_js=script,
    )
    try:
        site = build_site(register, options)
    except ExportError as err:  # SiteError is one too: a bad base URL
        fail(str(err))
    for warning in site.warnings:
        sys.stderr.write(f"prefig: warning: {warning}\n")
    try:
        report = write_site(out, site.files, force=force)
    except WriteRefusedError as err:
        fail(str(err))
    except OSError as err:
        fail(f"cannot write {out}: {err.strerror or err}.")
    sys.stderr.write(
        f"prefig: site written to {out}: {len(report.written)} file(s) written, "
        f"{report.unchanged} unchanged, {len(report.removed)} removed.\n"
    )


@app.command("serve")
def serve(
    folder: Annotated[Path, typer.Argument(help="A folder made by prefig site build.")],
    port: Annotated[
        int, typer.Option("--port", "-p", min=0, max=65535, help="Port on 127.0.0.1.")
    ] = 8000,
) -> None:
    """Preview a built site at http://127.0.0.1:PORT/ (local only; Ctrl-C stops it). To
    publish, copy the folder to any static web host.

    Example: prefig site serve public --port 8000
    """
    import sys

    from prefig.cli.common import fail
    from prefig.site.serve import preview_server

    if not (folder / "index.html").is_file():
        fail(f"{folder} has no index.html; build the site first: prefig site build {folder}")
    try:
        server = preview_server(folder, port)
    except OSError as err:
        fail(f"cannot listen on 127.0.0.1:{port}: {err.strerror or err}.")
    bound = server.server_address[1]
    sys.stdout.write(f"Serving {folder} at http://127.0.0.1:{bound}/ (Ctrl-C to stop)\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
