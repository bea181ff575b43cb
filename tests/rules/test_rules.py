"""Every rule: a stable code, its documented sections, and a failing and a passing fixture
(tests/fixtures/rules/<CODE>/{fail,pass}/) checked against stored expectations
(tests/golden/rules/<CODE>/{fail,pass}.yaml: the date of the check and the findings).

Regenerate the expectations with PREFIG_UPDATE_GOLDEN=1, then review the diff.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from typer.testing import Result

from prefig.check import check
from prefig.diagnostics import Diagnostic
from prefig.load import LOADER_CODES, Register, load_register
from prefig.rules import FAMILIES, REGISTRY, all_rules, rule
from prefig.rules.doc import SECTIONS, missing_sections
from tests.conftest import GOLDEN, TESTS, Golden

FIXTURES = TESTS / "fixtures" / "rules"
RULES = all_rules()
CASES = [(code, variant) for code in RULES for variant in ("fail", "pass")]


def test_codes_are_unique_well_formed_and_in_a_family() -> None:
    assert RULES, "no rules registered"
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names)), "two rules share a name"
    assert not set(RULES) & set(LOADER_CODES)
    for code, r in RULES.items():
        assert re.fullmatch(r"PF[1-9]\d\d", code), code
        assert code[2] in FAMILIES, code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.name), r.name


def test_a_code_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="PF101 registered twice"):
        rule("PF101", "another-name")(lambda ctx: iter(()))
    assert REGISTRY["PF101"].name == "dangling-reference"


@pytest.mark.parametrize("code", list(RULES))
def test_every_rule_is_documented(code: str) -> None:
    r = RULES[code]
    assert r.summary.endswith("."), f"{code}: the summary should be a sentence"
    assert missing_sections(r) == [], f"{code} lacks {missing_sections(r)}; needs {SECTIONS}"


def _found(root: Path, as_of: dt.date) -> list[list[object]]:
    report = check(root, as_of=as_of)
    return [
        [d.code, d.location.file, d.location.line, d.location.column] for d in report.diagnostics
    ]


@pytest.mark.parametrize(("code", "variant"), CASES, ids=[f"{c}-{v}" for c, v in CASES])
def test_rule_fixture(golden: Golden, code: str, variant: str) -> None:
    root = FIXTURES / code / variant
    name = f"rules/{code}/{variant}.yaml"
    expected_file = GOLDEN / name
    assert expected_file.is_file(), f"{code} has no {variant}ing expectation: {expected_file}"
    # The stored expectation also holds the date the fixture is checked on.
    as_of = yaml.safe_load(expected_file.read_text(encoding="utf-8"))["as_of"]
    found = _found(root, as_of)
    text = f"as_of: {as_of.isoformat()}\nfindings:\n" if found else ""
    text += "".join(f"  - {item}\n".replace("'", "") for item in found)
    golden(name, text or f"as_of: {as_of.isoformat()}\nfindings: []\n")
    expected = yaml.safe_load(expected_file.read_text(encoding="utf-8"))
    assert found == expected["findings"]
    if variant == "fail":
        assert found, f"the failing fixture of {code} finds nothing"
        assert {f[0] for f in found} == {code}, f"the failing fixture of {code} finds {found}"
    else:
        assert found == [], f"the passing fixture of {code} is not clean: {found}"


def test_register_settings_turn_a_rule_off_or_change_its_severity(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "reg"
    shutil.copytree(FIXTURES / "PF302" / "fail", root)
    settings = root / "data" / "register.yaml"
    as_of = dt.date(2015, 6, 1)

    settings.write_text("name: Fixture\nrules:\n  PF302: {severity: error}\n", encoding="utf-8")
    report = check(root, as_of=as_of)
    assert [(d.code, str(d.severity)) for d in report.diagnostics] == [("PF302", "error")]
    assert report.exit_code == 1

    settings.write_text("name: Fixture\nrules:\n  PF302: {enabled: false}\n", encoding="utf-8")
    assert check(root, as_of=as_of).diagnostics == []


def test_a_record_exemption_silences_only_its_code(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "reg"
    shutil.copytree(FIXTURES / "PF302" / "fail", root)
    meetings = root / "data" / "meetings.yaml"
    meetings.write_text(
        "- id: copil-2015-02-13\n  body: copil\n  date: 2015-02-13\n"
        "  exempt: {PF302: the source does not say whether it was held}\n",
        encoding="utf-8",
    )
    assert check(root, as_of=dt.date(2015, 6, 1)).diagnostics == []
    # The rule still runs on the record as of a date the meeting is upcoming.
    report = check(root, as_of=dt.date(2015, 2, 1))
    assert [d.code for d in report.diagnostics] == ["PF401"]


def test_as_of_moves_date_rules(run: Callable[..., Result]) -> None:
    root = str(FIXTURES / "PF302" / "fail")
    assert run("--register", root, "check", "--as-of", "2015-02-13").exit_code == 0
    late = run("--register", root, "check", "--as-of", "2015-02-14")
    assert late.exit_code == 0
    assert "PF302" in late.stdout
    strict = run("--register", root, "check", "--as-of", "2015-02-14", "--strict")
    assert strict.exit_code == 1
    ignored = run("--register", root, "check", "--as-of", "2015-02-14", "--ignore", "PF3")
    assert "PF302" not in ignored.stdout
    assert ignored.exit_code == 0


def test_cadence_limit_counts_calendar_months() -> None:
    from prefig.rules.calendar import cadence_limit

    assert cadence_limit("monthly", dt.date(2015, 1, 31)) == dt.date(2015, 2, 28)
    assert cadence_limit("monthly", dt.date(2015, 12, 10)) == dt.date(2016, 1, 10)
    assert cadence_limit("quarterly", dt.date(2015, 11, 30)) == dt.date(2016, 2, 29)
    assert cadence_limit("fortnightly", dt.date(2015, 3, 1)) == dt.date(2015, 3, 15)
    assert cadence_limit("as-needed", dt.date(2015, 3, 1)) is None


def test_every_record_kind_has_a_list_on_the_register_and_all_records_walks_them() -> None:
    import dataclasses

    from prefig.load import Register, load_register
    from prefig.model import RECORD_KINDS
    from tests.conftest import SHIPPED

    lists = [f.name for f in dataclasses.fields(Register) if f.name in RECORD_KINDS]
    assert lists == list(RECORD_KINDS)
    register = load_register(SHIPPED).register
    assert register is not None
    walked = list(register.all_records())
    assert [kind for kind, _ in walked] == [
        kind for kind in RECORD_KINDS for _ in getattr(register, kind)
    ]
    assert {kind for kind, _ in walked} >= {"bodies", "meetings", "decisions"}


def _register(tmp_path: Path, files: dict[str, str]) -> Path:
    data = tmp_path / "reg" / "data"
    data.mkdir(parents=True)
    for name, text in {"register.yaml": "name: Test\n", **files}.items():
        (data / name).write_text(text, encoding="utf-8")
    return data.parent


def test_an_id_dangling_in_several_places_gets_no_look_alike(tmp_path: Path) -> None:
    seats = "".join(
        f"    - {{id: s{i}, role: Membre, on_behalf_of: region-lr}}\n" for i in range(2)
    )
    root = _register(
        tmp_path,
        {
            "organizations.yaml": "- {id: region-mp, name: MP, classification: region}\n",
            "bodies.yaml": "- id: comite\n  name: Comité\n  kind: political\n  seats:\n"
            + seats
            + "    - {id: s9, role: Membre, on_behalf_of: region-mb}\n",
        },
    )
    messages = [
        d.message for d in check(root, as_of=dt.date(2015, 1, 1), select=["PF101"]).diagnostics
    ]
    assert (
        messages[:2]
        == [
            "'region-lr' is not the id of any record of organizations.yaml; it is named in 2 "
            "places, so it was probably removed or renamed: add it to organizations.yaml, or "
            "correct every reference."
        ]
        * 2
    )
    assert messages[2].endswith("did you mean 'region-mp'?")


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            "  start_date: 2015-03-01\n",
            "before body 'comite' was set up (2015-03-01); correct the date (its year?) or "
            "the body's start_date.",
        ),
        (
            "  end_date: 2015-02-10\n",
            "after body 'comite' ended (2015-02-10); correct the date, or the body's end_date "
            "if it still met then.",
        ),
        ("  start_date: 2016-01-01\n  end_date: 2015-01-01\n", None),  # PF301's business
    ],
)
def test_meeting_outside_body_period_says_which_side(
    tmp_path: Path, period: str, expected: str | None
) -> None:
    root = _register(
        tmp_path,
        {
            "bodies.yaml": "- id: comite\n  name: Comité\n  kind: political\n" + period,
            "meetings.yaml": "- {id: comite-1, body: comite, date: 2015-02-13}\n",
        },
    )
    found = check(root, as_of=dt.date(2015, 1, 1), select=["PF305"]).diagnostics
    assert [d.message for d in found] == (
        [] if expected is None else [f"meeting 'comite-1' is dated 2015-02-13, {expected}"]
    )


def test_check_defaults_to_today_in_the_registers_time_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prefig.check

    root = _register(
        tmp_path,
        {
            "register.yaml": "name: Test\ntimezone: Pacific/Kiritimati\n",
            "bodies.yaml": "- {id: comite, name: Comité, kind: political}\n",
        },
    )
    register = load_register(root).register
    assert register is not None
    kiritimati = prefig.check.register_today(register)
    assert kiritimati == dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()

    seen: list[dt.date] = []
    real = prefig.check.run_rules

    def spy(register: Register, *, as_of: dt.date, **kw: Any) -> list[Diagnostic]:
        seen.append(as_of)
        return real(register, as_of=as_of, **kw)

    monkeypatch.setattr(prefig.check, "run_rules", spy)
    check(root)
    assert seen in ([kiritimati], [dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date()])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("timezone: Europe/Pariss", "'Europe/Pariss' is not an IANA time zone"),
        ("timezone: Europe", "'Europe' is not an IANA time zone"),
        ("locale: xx_XX", "'xx_XX' is not a locale prefig can format dates in"),
    ],
)
def test_unknown_time_zone_or_locale_is_refused_when_loading(
    tmp_path: Path, line: str, message: str
) -> None:
    root = _register(
        tmp_path,
        {
            "register.yaml": f"name: Test\n{line}\n",
            "bodies.yaml": "- {id: comite, name: Comité, kind: political}\n",
        },
    )
    result = load_register(root)
    assert result.register is None
    assert [(d.code, message in d.message) for d in result.diagnostics] == [("PF012", True)]


def test_a_register_may_configure_pf013_but_no_other_loading_code(tmp_path: Path) -> None:
    root = _register(
        tmp_path,
        {
            "register.yaml": "name: Test\nrules:\n  PF013: {enabled: false}\n"
            "  PF010: {enabled: false}\n",
            "bodies.yaml": "- id: comite\n  name: Comité\n  kind: political\n"
            "  exempt: {PF012: oui, PF203: le communiqué ne le dit pas}\n",
            "README.md": "Notes.\n",
        },
    )
    found = check(root, as_of=dt.date(2015, 1, 1)).diagnostics
    assert [(d.code, d.message.split(" is ")[0]) for d in found] == [
        ("PF103", "exempt: PF012"),
        ("PF103", "rules: PF010"),
    ]
    assert "loading code" in found[0].message

    (root / "data" / "register.yaml").write_text(
        "name: Test\nrules:\n  PF013: {severity: error}\n", encoding="utf-8"
    )
    found = check(root, as_of=dt.date(2015, 1, 1), select=["PF013"]).diagnostics
    assert [(d.code, str(d.severity)) for d in found] == [("PF013", "error")]


def test_parity_with_a_count_and_an_unknown_count_of_one_role_is_not_taken_as_known(
    tmp_path: Path,
) -> None:
    orgs = "".join(
        f"- {{id: region-{x}, name: Région {x}, classification: region}}\n" for x in "ab"
    )
    seats = (
        "    - {id: vp-a1, role: Vice-président, on_behalf_of: region-a, count: 2}\n"
        "    - {id: vp-a2, role: Vice-président, on_behalf_of: region-a, count: null}\n"
        "    - {id: vp-b1, role: Vice-président, on_behalf_of: region-b, count: 1}\n"
    )
    root = _register(
        tmp_path,
        {
            "organizations.yaml": orgs,
            "bodies.yaml": "- id: commission\n  name: Commission\n  kind: political\n"
            "  parity:\n    - between: [region-a, region-b]\n  seats:\n" + seats,
        },
    )
    found = check(root, as_of=dt.date(2015, 1, 1), select=["PF201"]).diagnostics
    assert [d.code for d in found] == ["PF201"]
    assert "Vice-président x?" in found[0].message
