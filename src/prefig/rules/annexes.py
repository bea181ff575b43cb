"""The documents sent with a convocation: every annex a meeting lists is a file of the register."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from prefig.rules import Context, Finding, rule


@rule("PF405", "annex-missing")
def annex_missing(ctx: Context) -> Iterator[Finding]:
    """A document the convocation is to be sent with is not a file of the register.

    ## What it does
    Checks that the `path` of every annex a meeting lists (`annexes` on the meeting or on an
    agenda item) names a file that exists, relative to the register's root and inside it.

    ## Why is this bad?
    The letters list the annexes as sent with them: the note explicative de synthèse (CGCT
    L2121-12) and the reports (L4132-18) must reach the members with the convocation, and a
    deliberation taken without them can be annulled. A path with a typo, or a file not yet
    committed, would be announced and never sent.

    ## Example
    ```yaml
    - id: cm-2026-12-10
      annexes:
        - title: Note explicative de synthèse
          path: documents/note-synthese.pdf   # the file is documents/2026-12-note.pdf
    ```

    ## Use instead
    ```yaml
        - title: Note explicative de synthèse
          path: documents/2026-12-note.pdf
    ```
    """
    root = ctx.register.root.resolve()
    for meeting in ctx.register.meetings:
        places: list[tuple[tuple[str | int, ...], str]] = [
            (("annexes", i, "path"), a.path) for i, a in enumerate(meeting.annexes)
        ]
        for n, item in enumerate(meeting.agenda):
            places += [
                (("agenda", n, "annexes", i, "path"), a.path) for i, a in enumerate(item.annexes)
            ]
        for path, value in places:
            problem = _problem(root, value)
            if problem is not None:
                yield ctx.at(
                    meeting,
                    *path,
                    message=f"meeting {meeting.id!r} sends {value!r} with its convocation, "
                    f"which {problem}; correct the path (relative to the register's root) or "
                    "add the file.",
                )


def _problem(root: Path, value: str) -> str | None:
    """What is wrong with an annex's path, or None when it names a file of the register."""
    relative = PurePosixPath(value.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or ".git" in relative.parts:
        return "is not a path inside the register"
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        return "leads out of the register"
    if not target.is_file():
        return "does not exist" if not target.exists() else "is not a file"
    return None
