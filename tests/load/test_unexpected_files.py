"""PF013: what in data/ is reported as not read, and what is passed over."""

from __future__ import annotations

from pathlib import Path

import pytest

from prefig.diagnostics import Severity
from prefig.load import unexpected_files


def _data(tmp_path: Path, *names: str) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("register.yaml", "bodies.yaml", *names):
        if name.endswith("/"):
            (data / name).mkdir()
        else:
            (data / name).write_text("[]\n", encoding="utf-8")
    return data


def test_expected_hidden_and_backup_entries_are_passed_over(tmp_path: Path) -> None:
    data = _data(tmp_path, ".DS_Store", ".git/", "bodies.yaml~", "#meetings.yaml#")
    assert unexpected_files(data) == []


@pytest.mark.parametrize(
    ("name", "severity", "words"),
    [
        ("meeting.yaml", Severity.ERROR, "did you mean data/meetings.yaml?"),
        ("organisations.yaml", Severity.ERROR, "did you mean data/organizations.yaml?"),
        ("persons.yml", Severity.ERROR, "did you mean data/people.yaml?"),
        ("bodies.yml", Severity.ERROR, "prefig reads data/bodies.yaml, which exists"),
        ("meetings/", Severity.ERROR, "did you mean data/meetings.yaml?"),
        ("extra.json", Severity.ERROR, "prefig reads only register.yaml"),
        ("README.md", Severity.WARNING, "move the file out of data/"),
        ("bodies.yaml.orig", Severity.WARNING, "prefig reads data/bodies.yaml, which exists"),
    ],
)
def test_unexpected_entries(tmp_path: Path, name: str, severity: Severity, words: str) -> None:
    [found] = unexpected_files(_data(tmp_path, name))
    assert (found.code, found.severity) == ("PF013", severity)
    assert found.location.file == f"data/{name.rstrip('/')}"
    assert words in found.message


def test_a_data_file_under_another_case_is_read_where_the_file_system_ignores_case(
    tmp_path: Path,
) -> None:
    data = _data(tmp_path, "Meetings.yaml")
    found = [d.location.file for d in unexpected_files(data)]
    if (data / "meetings.yaml").exists():  # a file system that ignores case: it is read
        assert found == []
    else:
        assert found == ["data/Meetings.yaml"]
