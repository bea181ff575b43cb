"""``prefig render ... --format pdf``: one PDF per document, and clean refusals."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from click.testing import Result

from prefig.render import pdf

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
FULL = FIXTURES / "render" / "full"
ASSEMBLY = FIXTURES / "assembly"

Run = Callable[..., Result]


def _text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_convocations_give_one_pdf_per_letter_and_an_index_of_them(
    run: Run, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run(
        "--register", str(ASSEMBLY), "render", "convocations", "cm-2026-12-17",
        "--as-of", "2026-12-01", "--format", "pdf", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    letters = [n for n in names if "-convocation-" in n]
    assert len(letters) == 23
    assert all(n.endswith(".pdf") for n in names if not n.endswith(".csv"))
    assert "cm-2026-12-17-convocations.csv" in names
    assert "cm-2026-12-17-convocations-index.pdf" in names
    first = _text(out / letters[0])
    assert "Le 1er décembre 2026" in first or "décembre 2026" in first
    assert "Monsieur Bruno Lefèvre" in first
    index = _text(out / "cm-2026-12-17-convocations-index.pdf")
    # the index and the CSV list the PDF files, not Markdown ones
    assert f"{letters[0]}" in index.replace("\n", "")
    csv = (out / "cm-2026-12-17-convocations.csv").read_text(encoding="utf-8")
    assert letters[0] in csv and ".md" not in csv


def test_every_render_command_writes_pdf(run: Run, tmp_path: Path) -> None:
    commands = {
        "agenda": "cm-2026-12-17",
        "notice": "cm-2026-12-17",
        "attendance-sheet": "cm-2026-09-24",
        "minutes": "cm-2026-09-24",
        "deliberations": "cm-2026-09-24",
    }
    for command, meeting in commands.items():
        out = tmp_path / command
        result = run(
            "--register", str(ASSEMBLY), "render", command, meeting, "--draft",
            "--as-of", "2026-12-01", "-f", "pdf", "--out", str(out),
        )  # fmt: skip
        assert result.exit_code == 0, (command, result.output)
        (written,) = out.iterdir()
        assert written.suffix == ".pdf"
        assert written.read_bytes().startswith(b"%PDF-")


def test_pdf_needs_an_output_folder(run: Run) -> None:
    result = run("--register", str(FULL), "render", "agenda", "ce-2015-02-13", "-f", "pdf")
    assert result.exit_code == 2
    assert "--format pdf writes files" in result.output
    assert "%PDF" not in result.output


def test_an_existing_pdf_is_kept_without_force(run: Run, tmp_path: Path) -> None:
    args = ["--register", str(FULL), "render", "agenda", "ce-2015-02-13", "-f", "pdf"]
    assert run(*args, "--out", str(tmp_path)).exit_code == 0
    target = tmp_path / "ce-2015-02-13-agenda.pdf"
    target.write_bytes(b"mine")
    result = run(*args, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert target.read_bytes() == b"mine"
    assert run(*args, "--out", str(tmp_path), "--force").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-")


def test_an_unwritable_folder_is_a_clean_error(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(
        "--register", str(FULL), "render", "agenda", "ce-2015-02-13",
        "-f", "pdf", "--out", str(blocker / "sub"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"cannot write to {blocker / 'sub'}" in result.output
    assert "nothing was written" in result.output
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_an_engine_failure_is_a_clean_error_and_writes_nothing(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = tmp_path / "register"
    shutil.copytree(FULL, register)
    monkeypatch.setattr(pdf, "MAX_PAGES", 0)  # the engine refuses every document
    out = tmp_path / "out"
    result = run(
        "--register", str(register), "render", "convocations", "ce-2015-02-13",
        "--draft", "-f", "pdf", "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "cannot make ce-2015-02-13-convocation-01-" in result.output
    assert "nothing was written" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_markdown_stays_the_default(run: Run) -> None:
    result = run("--register", str(FULL), "render", "agenda", "ce-2015-02-13")
    assert result.exit_code == 0
    assert result.output.startswith("# Commission mixte")
    assert "## Ordre du jour" in result.output


def test_two_processes_write_the_same_bytes(tmp_path: Path) -> None:
    def write(out: Path) -> dict[str, bytes]:
        subprocess.run(
            [
                sys.executable, "-c", "from prefig.cli import main; main()",
                "--register", str(FULL), "render", "convocations", "ce-2015-02-13",
                "--draft", "--as-of", "2015-02-01", "-f", "pdf", "--out", str(out),
            ],
            check=True,
            capture_output=True,
            env={k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"},
        )  # fmt: skip
        return {p.name: p.read_bytes() for p in out.iterdir()}

    first = write(tmp_path / "a")
    assert len(first) == 6  # four letters, the index, the CSV
    assert write(tmp_path / "b") == first


def test_file_formats_are_refused_where_they_do_not_apply(run: Run, tmp_path: Path) -> None:
    base = ("--register", str(ASSEMBLY), "render")
    no_out = run(*base, "agenda", "cm-2026-12-17", "--as-of", "2026-12-01", "--format", "pdf")
    assert no_out.exit_code == 2
    assert "--format pdf writes files: give the folder" in no_out.stderr
    eml_agenda = run(
        *base, "agenda", "cm-2026-12-17", "--as-of", "2026-12-01", "--format", "eml",
        "--out", str(tmp_path / "eml"),
    )  # fmt: skip
    assert eml_agenda.exit_code == 2
    assert "--format eml is for convocations" in eml_agenda.stderr
    assert not (tmp_path / "eml").exists()
