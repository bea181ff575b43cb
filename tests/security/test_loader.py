"""Attacks on the loader and the model (issue 11, items 3, 4, 5, 8 and 9): each hostile file
ends in a clean, located refusal, in bounded memory, and no command crashes on what the
loader lets through.

Every test runs prefig in a child process under an address-space limit (``run_limited``);
none asserts on wall-clock time (``benchmarks/hostile.py`` measures that).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security.conftest import GIB, GitRepo, Outcome, assert_clean_refusal, run_limited

REGISTER = "name: Essai\n"
BODY = "- id: b\n  name: Comité\n  kind: political\n"
MEETING = "- id: m\n  body: b\n  date: 2015-02-13\n"


def register(root: Path, **files: str) -> Path:
    """A register at ``root`` with a body and a meeting, and ``files`` (``meetings="..."``)
    written over them."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    contents = {"register": REGISTER, "bodies": BODY, "meetings": MEETING, **files}
    for name, text in contents.items():
        (data / f"{name}.yaml").write_text(text, "utf-8")
    return root


def prefig(root: Path, *args: str, **kw: object) -> Outcome:
    return run_limited("--register", str(root), *args, memory=GIB, **kw)  # type: ignore[arg-type]


def refused_at(outcome: Outcome, where: str, *words: str) -> None:
    """Exit 2, with a PF004 at ``where`` (``data/x.yaml:LINE:COLUMN``)."""
    assert_clean_refusal(outcome, where, *words, codes=(2,))
    assert outcome.peak_bytes < GIB


# --------------------------------------------------------------------------- item 3: aliases

MEGABYTE_SCALAR = "x" * 1_000_000


def long_string_aliased(times: int, scalar: str = MEGABYTE_SCALAR) -> str:
    """A meeting whose notes are a long string (1 MB), aliased ``times`` times in its
    agenda."""
    items = "".join("    - {name: *long}\n" for _ in range(times))
    return f"{MEETING}  notes: &long {scalar}\n  agenda:\n{items}"


@pytest.mark.parametrize("times", [3_000, 100_000])
def test_a_long_string_aliased_thousands_of_times_is_refused_at_the_alias(
    tmp_path: Path, times: int
) -> None:
    # 64 MiB is 67,108,864 characters: the 68th alias of a million characters crosses it,
    # on line 5 + 68 ("    - {name: *long}", the star in column 14).
    root = register(tmp_path, meetings=long_string_aliased(times))
    outcome = prefig(root, "check")
    refused_at(outcome, "data/meetings.yaml:73:14", "PF004", "aliases in this file repeat")


def test_a_billion_laughs_of_long_strings_is_refused(tmp_path: Path) -> None:
    levels = [f"  a0: &a0 {'lol' * 100_000}\n"]
    for n in range(1, 10):
        levels.append(f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]\n")
    venues = "- id: v\n  name: Salle\n  room:\n" + "".join(levels)
    outcome = prefig(register(tmp_path, venues=venues), "check")
    # a2 repeats a1 (1,000,000 characters) ten times: its 7th alias passes 64 MiB... of the
    # 300,000-character string: a1's ten aliases make 3,000,000, a2's 22nd alias crosses.
    assert_clean_refusal(outcome, "PF004", "data/venues.yaml:", codes=(2,))
    assert re.search(r"data/venues\.yaml:(\d+):(\d+)", outcome.stdout + outcome.stderr)
    assert outcome.peak_bytes < GIB


def test_aliases_within_the_bound_still_load(tmp_path: Path) -> None:
    meetings = long_string_aliased(3, "x" * 20_000)
    outcome = prefig(register(tmp_path, meetings=meetings), "check")
    assert outcome.code == 0, outcome.stdout + outcome.stderr


# --------------------------------------------------------------------------- item 4: tags


def test_a_run_of_anchor_marks_then_a_tag_mark_is_read_in_linear_time(tmp_path: Path) -> None:
    # PyYAML, which finds positions, refuses such anchor names: the findings fall back to
    # the start of the file (docs/limits.md, "Positions").
    body = BODY + "  note: " + "&" * 80_000 + "!\n  mission: x " + "&" * 80_000 + "!\n"
    outcome = prefig(register(tmp_path, bodies=body), "check", cpu_seconds=20)
    assert_clean_refusal(outcome, "data/bodies.yaml:1:1: PF012", "at most 20000", codes=(1,))


def test_a_tag_after_an_anchor_is_still_found(tmp_path: Path) -> None:
    outcome = prefig(register(tmp_path, bodies=BODY + "  mission: &a !include x\n"), "check")
    refused_at(outcome, "data/bodies.yaml:4:15", "PF007", "!include")


# --------------------------------------------------------------------------- item 5: findings


def unknown_keys(indent: str, count: int) -> str:
    return "".join(f"{indent}k{n}: 1\n" for n in range(count))


def test_thousands_of_unknown_keys_in_a_record_show_the_first_hundred(tmp_path: Path) -> None:
    root = register(tmp_path, bodies=BODY + unknown_keys("  ", 32_000))
    outcome = prefig(root, "check", cpu_seconds=20)
    assert_clean_refusal(outcome, "data/bodies.yaml:4:3: PF010", "more problems", codes=(1,))
    assert outcome.stdout.count("PF010") == 101  # a hundred, then "more are not shown"


def test_thousands_of_unknown_settings_show_the_first_hundred(tmp_path: Path) -> None:
    root = register(tmp_path, register=REGISTER + unknown_keys("", 32_000))
    outcome = prefig(root, "check", cpu_seconds=20)
    assert_clean_refusal(outcome, "data/register.yaml:2:1: PF010", "more problems", codes=(2,))
    assert outcome.stdout.count("PF010") == 101


# --------------------------------------------------------------------------- item 8: numbers


def test_a_level_of_five_thousand_digits_is_a_finding(tmp_path: Path) -> None:
    root = register(tmp_path, bodies=BODY + "  level: " + "9" * 5_000 + "\n")
    outcome = prefig(root, "check")
    assert_clean_refusal(
        outcome, "data/bodies.yaml:4:10: PF012", "a number of 5,000 digits", codes=(1,)
    )


HUGE_QUORUM = BODY + "  quorum: {numerator: " + "9" * 4_400 + ", denominator: 1}\n"


@pytest.mark.parametrize("command", [("check",), ("export", "json")])
def test_a_quorum_of_thousands_of_digits_is_refused(tmp_path: Path, command: tuple[str]) -> None:
    outcome = prefig(register(tmp_path, bodies=HUGE_QUORUM), *command)
    assert_clean_refusal(outcome, "data/bodies.yaml:4:23", "less than or equal to 1000")


def test_diff_over_a_quorum_of_thousands_of_digits(git_repo: GitRepo) -> None:
    register(git_repo.top)
    git_repo.commit("a register")
    register(git_repo.top, bodies=HUGE_QUORUM)
    git_repo.commit("a huge quorum")
    outcome = run_limited("diff", "HEAD~1", "HEAD", memory=GIB, cwd=git_repo.top)
    assert_clean_refusal(outcome, "quorum", codes=(0, 1, 2))


@pytest.mark.parametrize("command", [("check",), ("export", "ics")])
def test_a_register_name_on_several_lines_is_refused(tmp_path: Path, command: tuple[str]) -> None:
    outcome = prefig(register(tmp_path, register="name: |\n  Essai\n  suite\n"), *command)
    assert_clean_refusal(outcome, "data/register.yaml:1:7", "line break", codes=(2,))


@pytest.mark.parametrize("escape", ["\\n", "\\r", "\\x85", "\\u2028", "\\u2029"])
def test_a_body_name_with_a_line_break_is_a_finding(tmp_path: Path, escape: str) -> None:
    body = f'- {{id: b, name: "Comité{escape}- injecté", kind: political}}\n'
    outcome = prefig(register(tmp_path, bodies=body), "check")
    assert_clean_refusal(outcome, "data/bodies.yaml:1:17: PF012", "line break", codes=(1,))


FAR_MEETING = "- id: m\n  body: b\n  date: 9999-12-31\n  start_time: '23:59'\n"


@pytest.mark.parametrize(
    "command",
    [
        ("check",),
        ("meetings", "next", "--as-of", "2015-01-01"),
        ("bodies", "show", "b"),
        ("export", "oparl"),
        ("export", "ics"),
        ("meetings", "calendar"),
    ],
)
def test_a_meeting_in_the_year_9999_is_refused(tmp_path: Path, command: tuple[str]) -> None:
    outcome = prefig(register(tmp_path, meetings=FAR_MEETING), *command)
    shown = outcome.stdout + outcome.stderr
    assert_clean_refusal(outcome, codes=(0, 1, 2))
    if command == ("check",):
        assert outcome.code == 1
        assert "data/meetings.yaml:3:9: PF012" in shown
        assert "between the years 1800 and 2200" in shown


@pytest.mark.parametrize(
    "dates",
    [("1800-01-01", "Pacific/Niue"), ("2200-12-31", "Pacific/Kiritimati")],
)
@pytest.mark.parametrize(
    "command",
    [
        ("meetings", "next", "--as-of", "1799-01-01"),
        ("meetings", "list"),
        ("bodies", "show", "b"),
        ("export", "oparl"),
        ("export", "ics"),
        ("export", "json"),
        ("meetings", "calendar"),
    ],
)
def test_meetings_at_the_bounds_work_everywhere(
    tmp_path: Path, dates: tuple[str, str], command: tuple[str]
) -> None:
    day, zone = dates
    meeting = f"- {{id: m, body: b, date: {day}, start_time: '23:59', end_time: '23:59'}}\n"
    root = register(tmp_path, register=f"name: Essai\ntimezone: {zone}\n", meetings=meeting)
    outcome = prefig(root, *command)
    assert outcome.code == 0, outcome.stdout + outcome.stderr


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1799-12", "2201-01"])
def test_a_calendar_month_far_away_is_refused(tmp_path: Path, month: str) -> None:
    outcome = prefig(register(tmp_path), "meetings", "calendar", "--month", month)
    assert_clean_refusal(outcome, "between 1800 and 2200", codes=(2,))


@pytest.mark.parametrize("value", ["99999999999999999999", "9" * 5_000])
def test_an_enormous_file_size_limit_is_taken_as_the_ceiling(tmp_path: Path, value: str) -> None:
    outcome = prefig(register(tmp_path), "check", env={"PREFIG_MAX_FILE_BYTES": value})
    assert outcome.code == 0, outcome.stdout + outcome.stderr


# --------------------------------------------------------------------------- item 9: escapes

CONTROL_ESCAPES = {
    "\\0": "\x00",
    "\\a": "\x07",
    "\\b": "\x08",
    "\\e": "\x1b",
    "\\v": "\x0b",
    "\\f": "\x0c",
    "\\x7f": "\x7f",
    "\\x9b": "\x9b",
    "\\u0007": "\x07",
    "\\U0000001b": "\x1b",
    "\\uFFFE": "\ufffe",
}


def escaped(escape: str) -> dict[str, str]:
    return {
        "bodies": f'- id: b\n  name: Comité\n  kind: political\n  mission: "a{escape}b"\n',
        "meetings": f'- id: m\n  body: b\n  date: 2015-02-13\n  notes: "x{escape}"\n',
    }


@pytest.mark.parametrize("escape", list(CONTROL_ESCAPES))
def test_control_characters_written_as_escapes_are_refused(tmp_path: Path, escape: str) -> None:
    outcome = prefig(register(tmp_path, **escaped(escape)), "check")
    character = CONTROL_ESCAPES[escape]
    refused_at(outcome, "data/bodies.yaml:4:12: PF004", f"U+{ord(character):04X}")
    assert character not in outcome.stdout


@pytest.mark.parametrize("escape", ["\\e", "\\x9b", "\\0"])
@pytest.mark.parametrize("command", [("export", "ics"), ("bodies", "graph", "--format", "dot")])
def test_control_characters_never_reach_a_calendar_or_a_diagram(
    tmp_path: Path, escape: str, command: tuple[str, ...]
) -> None:
    outcome = prefig(register(tmp_path, **escaped(escape)), *command)
    assert_clean_refusal(outcome, "PF004", codes=(2,))
    assert CONTROL_ESCAPES[escape] not in outcome.stdout + outcome.stderr


def test_a_control_character_in_a_key_is_refused_at_the_key(tmp_path: Path) -> None:
    outcome = prefig(register(tmp_path, bodies=BODY + '  "a\\eb": 1\n'), "check")
    refused_at(outcome, "data/bodies.yaml:4:3", "U+001B")
