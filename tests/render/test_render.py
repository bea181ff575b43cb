"""``prefig render``: golden documents, refusal and drafts, the sandbox, safe writes."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import Result

from prefig import render
from prefig.load import load_register
from tests.conftest import GOLDEN, REPO, SHIPPED, TESTS, UPDATE_GOLDEN, Golden

FULL = TESTS / "fixtures" / "render" / "full"
FULL_MEETING = "ce-2015-02-13"
SHIPPED_MEETING = "cmpt-2015-02-13"

Run = Callable[..., Result]


def _parse(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(level, text) of every heading and the text of every list item, as a reader sees them."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings, items = [], []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((token.tag, tokens[index + 1].content))
        if token.type == "list_item_open":
            inline = next(t for t in tokens[index:] if t.type == "inline")
            items.append(_plain(inline))
    return headings, items


def _plain(inline: object) -> str:
    children = getattr(inline, "children", None) or []
    return "".join(c.content for c in children if c.type in {"text", "code_inline"})


# --------------------------------------------------------------------------- golden files


@pytest.mark.parametrize("kind", ["agenda", "notice", "convocations"])
def test_golden_stdout(run: Run, golden: Golden, kind: str) -> None:
    result = run("--register", str(FULL), "render", kind, FULL_MEETING, "--as-of", "2015-02-01")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    golden(f"render/full/{kind}.md", result.stdout)


def test_golden_convocation_files(run: Run, golden: Golden, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(
        "--register", str(FULL), "render", "convocations", FULL_MEETING, "--out", str(out),
        "--as-of", "2015-02-01",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in out.iterdir())
    assert written == [
        "ce-2015-02-13-convocation-01-camille-leroy.md",
        "ce-2015-02-13-convocation-02-sophie-bernard.md",
        "ce-2015-02-13-convocation-03-ce-dgs-mp.md",
        "ce-2015-02-13-convocation-04-ce-prefecture.md",
        "ce-2015-02-13-convocations-index.md",
        "ce-2015-02-13-convocations.csv",
    ]
    for name in written:
        golden(f"render/full/convocations/{name}", (out / name).read_text(encoding="utf-8"))
    index = (out / written[-2]).read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(index)
    rows = [t for t in tokens if t.type == "tr_open"]
    cells = [t.content for t in tokens if t.type == "inline"]
    assert len(rows) == 1 + 4  # the header and one row per letter
    assert "Monsieur le Directeur général des services de la Région Midi-Pyrénées" in cells
    # Places no name and no address_as reach get no letter: the index lists them.
    assert (
        "Directeur général des services de la Région Languedoc-Roussillon : place sans "
        "titulaire connu : pas de convocation."
    ) in cells
    if not UPDATE_GOLDEN:
        convocations = GOLDEN / "render" / "full" / "convocations"
        assert sorted(p.name for p in convocations.iterdir()) == written


# --------------------------------------------------------------------------- content


def test_agenda_parses_into_headings_items_and_follow_ups(run: Run) -> None:
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING)
    headings, items = _parse(result.stdout)
    assert headings == [
        ("h1", "Commission mixte d'essai des deux Régions"),
        ("h2", "Ordre du jour de la réunion du vendredi 13 février 2015"),
        ("h2", "Points inscrits"),
        ("h2", "Suites à donner"),
    ]
    assert "Date : vendredi 13 février 2015" in items
    assert "Heure : 10 h 30 – 12 h" in items
    assert (
        "Lieu : Salle de l'Assemblée, Hôtel de Région Languedoc-Roussillon, "
        "201 avenue de la Pompignane, 34064 Montpellier"
    ) in items
    # Register values with Markdown syntax read back exactly as written, not as markup; an
    # agenda item is a paragraph that opens with its number (no list renumbers it).
    paragraphs = [
        _plain(t) for t in MarkdownIt("commonmark").parse(result.stdout) if t.type == "inline"
    ]
    assert "2. Budget *prévisionnel* [2015] | annexes (Document remis en séance.)" in paragraphs
    assert "3. # Questions diverses" in paragraphs
    assert re.search(r"^1\\\. Installation de la commission$", result.stdout, re.M)
    follow_ups = [i for i in items if "Décision « Calendrier commun des travaux »" in i]
    assert len(follow_ups) == 2  # the done action is left out
    assert "échéance : dimanche 1er mars 2015" in follow_ups[0]
    assert not any("déjà faite" in i for i in items)


def test_convocation_states_quorum_and_signatories(run: Run) -> None:
    result = run("--register", str(FULL), "render", "convocations", FULL_MEETING, "--as-of",
                 "2015-02-01")  # fmt: skip
    letters = result.stdout.split("\n---\n")
    # The two presidents convene the body: they sign, and get no letter of their own.
    assert len(letters) == 4
    assert not any("\nMadame Claire Dupont\n" in letter for letter in letters)
    assert not any("\nMonsieur Jean Martin\n" in letter for letter in letters)
    first = letters[0]
    assert "\nCamille Leroy\n" in first and "\nMadame, Monsieur,\n" in first  # no civility
    # A woman holding a seat with a feminine form: her form, in the address and the vocative.
    assert "\nMadame Sophie Bernard\n\nVice-présidente de la Région Midi-Pyrénées\n" in letters[1]
    assert "\nMadame la Vice-présidente,\n" in letters[1]
    assert "d'agréer, Madame la Vice-présidente, l'expression" in letters[1]
    assert (
        "lorsqu'au moins 3 de ses 5 membres en exercice ayant voix délibérative sont présents, "
        "soit la majorité des membres ayant voix délibérative."
    ) in first
    assert "Nous avons l'honneur" in first
    # The letter is dated the day it is prepared (--as-of), without a place.
    assert "\nLe 1er février 2015\n" in first
    # Two signature blocks, each the office with its article, then the name.
    assert (
        "La Présidente de la Région Midi-Pyrénées,\n\n**Claire Dupont**\n\n"
        "Le Président de la Région Languedoc-Roussillon,\n\n**Jean Martin**\n"
    ) in first
    # An office with no named holder gets a letter only by the register's own address_as
    # (the third vice-president's place and one director general get none) ...
    assert "Vice-président de la Région Midi-Pyrénées\n\n" not in letters[2]
    assert "Languedoc-Roussillon\n" not in "".join(letters[2:])
    assert "\nMonsieur le Directeur général des services de la Région Midi-Pyrénées\n" in letters[2]
    # ... whose own civility then opens and closes the letter.
    assert "\nMonsieur le Directeur général,\n" in letters[2]
    assert "Vous y siégez sans voix délibérative." in letters[2]
    # A contributor is convened too, told that it takes no part in votes.
    assert "Votre concours aux travaux de la Commission" in letters[3]
    # A holder whose term ended before the meeting gets no letter.
    assert "Paul Ancien" not in result.stdout
    assert "[" + "nombre" not in result.stdout


# --------------------------------------------------------------------------- refusal, drafts


def test_shipped_convocation_is_refused_listing_every_gap(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", "convocations", SHIPPED_MEETING, "--out", str(out))
    assert result.exit_code == 2
    assert result.stdout == ""
    for label in (
        "start_time: heure à préciser",
        "location.address: adresse à préciser",
        "agenda: ordre du jour à préciser",
        "convened_by: signataire à préciser",
        "seats.cmpt-direction-generale-mp.count: nombre de destinataires à préciser",
        "seats.cmpt-directeurs-administrations-regionales.count",
    ):
        assert label in result.stderr
    assert "--draft" in result.stderr
    assert not out.exists()


def test_a_register_with_unreadable_records_is_refused(run: Run, tmp_path: Path) -> None:
    # A person record that fails validation would be left out by the loader, and with it
    # her letter: documents refuse rather than go out incomplete.
    import shutil

    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    people = root / "data" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace("gender: female", "gender: femme", 1), encoding="utf-8")
    out = tmp_path / "out"
    for kind in ("agenda", "convocations"):
        result = run("--register", str(root), "render", kind, FULL_MEETING, "--out", str(out))
        assert result.exit_code == 2, result.output
        assert "records that cannot be read, which a document would leave out" in result.stderr
        assert "data/people.yaml:4:11: PF012" in result.stderr
        assert result.stdout == ""
    assert not out.exists()


def test_shipped_convocation_draft_shows_every_gap(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("render", "convocations", SHIPPED_MEETING, "--draft", "--out", str(out))
    assert result.exit_code == 0, result.output
    letters = sorted(out.glob("*-convocation-*.md"))
    # Three contributor seats of unknown count (one placeholder letter each); the two
    # directors general, whom the register does not name, get none.
    assert len(letters) == 3
    for letter in letters:
        text = letter.read_text(encoding="utf-8")
        headings, _ = _parse(text)
        assert headings[0] == ("h1", "Convocation (projet)")
        assert "> **PROJET**" in text
        for placeholder in (
            "[heure à préciser]",
            "[adresse à préciser]",
            "[ordre du jour à préciser]",
            "[signataire à préciser]",
        ):
            assert placeholder in text
    unknown = [p for p in letters if "direction-generale" in p.name or "directeurs" in p.name]
    assert len(unknown) == 3
    assert all(
        "[nombre de destinataires à préciser]" in p.read_text(encoding="utf-8") for p in unknown
    )
    index = (out / f"{SHIPPED_MEETING}-convocations-index.md").read_text(encoding="utf-8")
    assert index.count("| concours |") == 3
    assert (
        "- Directeur général des services de la Région Midi-Pyrénées : place sans titulaire "
        "connu : pas de convocation."
    ) in index


def test_shipped_presidents_are_called_by_their_title(run: Run) -> None:
    result = run("render", "convocations", "cpr-2015-03-10", "--draft", "--as-of", "2015-02-20")
    assert result.exit_code == 0, result.output
    malvy = result.stdout.split("\n---\n")[0]
    assert "\nMonsieur Martin Malvy\n\nPrésident de la Région Midi-Pyrénées\n" in malvy
    assert "\nMonsieur le Président,\n" in malvy
    assert "d'agréer, Monsieur le Président, l'expression" in malvy
    assert "de Région de la Région" not in result.stdout
    assert "\nLe 20 février 2015\n" in malvy


def test_shipped_agenda_prints_placeholders_and_warns(run: Run) -> None:
    result = run("render", "agenda", SHIPPED_MEETING)
    assert result.exit_code == 0
    assert "- **Heure :** [heure à préciser]" in result.stdout
    assert "Hôtel de Région Languedoc-Roussillon, [adresse à préciser]" in result.stdout
    assert "[ordre du jour à préciser]" in result.stdout
    assert "(projet)" not in result.stdout
    assert "prefig: warning: the agenda for cmpt-2015-02-13 prints placeholders" in result.stderr


def test_shipped_notice_draft_is_marked(run: Run) -> None:
    result = run("render", "notice", SHIPPED_MEETING, "--draft")
    assert result.exit_code == 0
    headings, _ = _parse(result.stdout)
    assert headings[0] == ("h1", "Avis de réunion (projet)")
    assert "Le Comité mixte de pilotage technique se réunira le vendredi 13 février 2015" in (
        result.stdout
    )
    assert result.stderr == ""


@pytest.mark.parametrize("kind", ["agenda", "notice", "convocations"])
@pytest.mark.parametrize("meeting", ["cpr-2015-03-10", SHIPPED_MEETING])
def test_documents_on_stdout_end_with_one_newline(run: Run, kind: str, meeting: str) -> None:
    result = run("render", kind, meeting, "--draft")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")


def test_a_template_without_final_newline_still_ends_with_one(run: Run, tmp_path: Path) -> None:
    folder = _templates(tmp_path, {"notice.md.j2": "Avis{% if false %}\n{% endif %}"})
    result = run("--register", str(FULL), "render", "notice", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.stdout == "Avis\n"


def test_deadline_warning_names_the_deadline(run: Run) -> None:
    late = run("--register", str(FULL), "render", "convocations", FULL_MEETING, "--as-of",
               "2015-02-10")  # fmt: skip
    assert late.exit_code == 0
    assert "had to be sent by 2015-02-08 (dimanche 8 février 2015)" in late.stderr
    on_time = run("--register", str(FULL), "render", "convocations", FULL_MEETING, "--as-of",
                  "2015-02-08")  # fmt: skip
    assert on_time.stderr == ""


def _full_convened_on(tmp_path: Path, day: str) -> Path:
    import shutil

    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    text = text.replace("  status: planned\n", f"  status: planned\n  convened_on: {day}\n", 1)
    meetings.write_text(text, encoding="utf-8")
    return root


def test_a_convocation_sent_is_dated_the_day_it_was_sent(run: Run, tmp_path: Path) -> None:
    root = _full_convened_on(tmp_path, "2015-02-05")
    result = run("--register", str(root), "render", "convocations", FULL_MEETING, "--as-of",
                 "2015-02-12")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "\nLe 5 février 2015\n" in result.stdout
    assert "12 février" not in result.stdout
    # Sent in time: printing it again after the deadline is no reason to warn.
    assert result.stderr == ""


def test_a_convocation_sent_late_is_reported_on_its_sending_day(run: Run, tmp_path: Path) -> None:
    root = _full_convened_on(tmp_path, "2015-02-10")
    result = run("--register", str(root), "render", "convocations", FULL_MEETING, "--as-of",
                 "2015-02-01")  # fmt: skip
    assert "had to be sent by 2015-02-08" in result.stderr
    assert "it was sent on 2015-02-10" in result.stderr


def test_a_quorum_of_one_member_is_in_the_singular(run: Run, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    bodies = root / "data" / "bodies.yaml"
    text = bodies.read_text(encoding="utf-8").replace(
        "    denominator: 2\n    comparison: more-than\n",
        "    denominator: 5\n    comparison: at-least\n",
    )
    bodies.write_text(text, encoding="utf-8")
    result = run("--register", str(root), "render", "convocations", FULL_MEETING, "--as-of",
                 "2015-02-01")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "lorsqu'au moins 1 de ses 5 membres en exercice ayant voix délibérative est présent"
    ) in result.stdout


def _full_with_status(tmp_path: Path, status: str) -> Path:
    import shutil

    root = tmp_path / "register"
    shutil.copytree(FULL, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8").replace("status: planned", f"status: {status}")
    meetings.write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("status", "title", "sentence"),
    [
        (
            "cancelled",
            "Avis d'annulation",
            "La réunion de la Commission mixte d'essai des deux Régions prévue le vendredi "
            "13 février 2015 est annulée.",
        ),
        (
            "postponed",
            "Avis de report",
            "La réunion de la Commission mixte d'essai des deux Régions prévue le vendredi "
            "13 février 2015 est reportée ; la nouvelle date sera annoncée par un prochain avis.",
        ),
    ],
)
def test_a_meeting_that_will_not_take_place(
    run: Run, tmp_path: Path, status: str, title: str, sentence: str
) -> None:
    root = _full_with_status(tmp_path, status)
    notice = run("--register", str(root), "render", "notice", FULL_MEETING)
    assert notice.exit_code == 0, notice.output
    # Dated (no place recorded) and signed, as every public notice.
    assert notice.stdout.startswith(f"# {title}\n\n{sentence}\n\nLe ")
    assert notice.stdout.endswith("\n\n**Jean Martin**\n")
    assert notice.stderr == ""
    letters = run("--register", str(root), "render", "convocations", FULL_MEETING, "--draft")
    assert letters.exit_code == 2
    assert letters.stdout == ""
    assert f"meeting {FULL_MEETING} is {status}: no convocation is sent for it" in letters.stderr
    agenda = run("--register", str(root), "render", "agenda", FULL_MEETING)
    assert agenda.exit_code == 0
    assert f"prefig: warning: meeting {FULL_MEETING} is {status}" in agenda.stderr


def test_unknown_meeting(run: Run) -> None:
    result = run("render", "agenda", "cmpt-2015-02-14")
    assert result.exit_code == 2
    assert "did you mean cmpt-2015-02-13" in result.stderr


# --------------------------------------------------------------------------- writing files


def test_existing_files_are_not_overwritten_without_force(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    index = out / f"{FULL_MEETING}-convocations-index.md"
    index.write_text("written by hand\n", encoding="utf-8")
    args = ("--register", str(FULL), "render", "convocations", FULL_MEETING, "--out", str(out))
    refused = run(*args)
    assert refused.exit_code == 2
    assert str(index.name) in refused.stderr and "--force" in refused.stderr
    assert [p.name for p in out.iterdir()] == [index.name]  # nothing else was written
    assert index.read_text(encoding="utf-8") == "written by hand\n"
    forced = run(*args, "--force")
    assert forced.exit_code == 0
    assert index.read_text(encoding="utf-8").startswith("# Convocations : destinataires")
    assert not list(out.glob(".*.tmp"))


def test_agenda_to_a_folder(run: Run, tmp_path: Path) -> None:
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "-o", str(tmp_path))
    assert result.exit_code == 0
    assert (tmp_path / f"{FULL_MEETING}-agenda.md").read_text(encoding="utf-8").startswith("# ")


def test_file_names_stay_inside_the_folder() -> None:
    register = load_register(FULL).register
    assert register is not None
    meeting = register.meetings[0].model_copy(update={"id": "../../etc/passwd"})
    name = render.file_name(meeting, "agenda")
    assert "/" not in name and not name.startswith(".")


# --------------------------------------------------------------------------- templates


def _templates(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("{{ ''.__class__.__mro__[1].__subclasses__() }}", 1),
        ("ok\n\n{{ cycler.__init__.__globals__ }}", 3),
        ("{% set x = meeting.__dict__ %}{{ x }}", 1),
        ("{{ body.name.format.__globals__ }}", 1),
        ("{{ agenda.append(1) }}", 1),
        ("{{ 'a' * 10000000000 }}", 1),
        ("{{ 2 ** 100000000 }}", 1),
    ],
)
def test_sandbox_escape_fails_cleanly(run: Run, tmp_path: Path, source: str, line: int) -> None:
    folder = _templates(tmp_path, {"agenda.md.j2": source})
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.exit_code == 2
    assert f"agenda.md.j2:{line}:" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    "source",
    [
        "{{ 'x'|center(1000000000) }}",
        "{{ 'x'|center(width=10**9) }}",
        "{{ 'x'|indent(1000000000) }}",
        "{{ [1]|batch(1000000000, 0)|list|length }}",
        "{{ [1]|slice(1000000000)|list|length }}",
        "{{ '%999999999d'|format(1) }}",
        "{{ ('a' * 100000)|replace('a', 'aa') }}",
        "{{ 'x'.center(1000000000) }}",
        "{{ 'x'.ljust(10**9) }}",
        "{{ 'x'.zfill(10**9) }}",
        "{{ ('a' * 1000).replace('a', 'a' * 1000) }}",
        "{{ '%1000000000s' % 'x' }}",
        "{{ '%*s' % (1000000000, 'x') }}",
        "{{ '%.1000000000f' % 1.0 }}",
        "{{ '{:>1000000000}'.format('x') }}",
        "{{ '{0:{1}}'.format('x', 1000000000) }}",
        "{{ '{a:>999999999}'.format_map({'a': 1}) }}",
        "{{ range(100000)|join('x' * 100000) }}",
        "{{ ('x' * 100000).join(range(100000)|map('string')) }}",
        "{{ ('\\n' * 100000)|indent('x' * 100000) }}",
        "{{ ('a ' * 50000)|wordwrap(1, wrapstring='x' * 100000) }}",
        "{% set ns = namespace(x='ab') %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}"
        "{% endfor %}{{ ns.x|length }}",
    ],
)
def test_huge_widths_and_counts_are_refused(run: Run, tmp_path: Path, source: str) -> None:
    folder = _templates(tmp_path, {"agenda.md.j2": "ok\n" + source})
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "agenda.md.j2:2:" in result.stderr
    assert "more than" in result.stderr and "100,000" in result.stderr
    assert result.stdout == ""


def test_a_document_that_grows_without_end_is_stopped(run: Run, tmp_path: Path) -> None:
    source = "ok\n{% for i in range(100000) %}{% for j in range(100000) %}xxxxxxxxxx{% endfor %}"
    folder = _templates(tmp_path, {"agenda.md.j2": source + "{% endfor %}"})
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "the document grows past 10,000,000 characters" in result.stderr
    assert result.stdout == ""


def test_doubling_a_string_with_tilde_is_stopped(run: Run, tmp_path: Path) -> None:
    source = (
        "ok\n{% set ns = namespace(x='ab') %}{% for i in range(60) %}"
        "{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}"
    )
    folder = _templates(tmp_path, {"agenda.md.j2": source})
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "agenda.md.j2:2:" in result.stderr
    assert "joining strings past 10,000,000 characters with ~" in result.stderr


def test_ordinary_widths_and_counts_still_work(run: Run, tmp_path: Path) -> None:
    source = (
        "[{{ 'x'|center(5) }}] [{{ 'x'.rjust(3) }}] {{ '%05d' % 42 }} {{ '%s €'|format(1500000) }}"
        " {{ '{:>4}'.format('a') }} {{ 'abc'|replace('b', 'xx') }} {{ '%d' % 2000000 }}"
        " {{ ['a', 'b']|join(', ') }} {{ '-'.join(['c', 'd']) }} {{ 'e' + 'f' }} {{ 1 + 2 }}"
        " {{ 'g' ~ 4 ~ 'h' }}"
    )
    folder = _templates(tmp_path, {"agenda.md.j2": source})
    result = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == "[  x  ] [  x] 00042 1500000 €    a axxc 2000000 a, b c-d ef 3 g4h\n"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{{ meeting.start }}", "has no attribute 'start'"),
        ("{{ nothing_here }}", "'nothing_here' is undefined"),
        ("{{ meeting }}", "printed a SimpleNamespace"),
        ("{% for a in follow_ups %}{{ x }}", "template syntax error"),
        ("{{ 1 // 0 }}", "ZeroDivisionError"),
        ('{% include "missing.md.j2" %}', "'missing.md.j2' not found"),
    ],
)
def test_template_mistakes_fail_cleanly(
    run: Run, tmp_path: Path, source: str, message: str
) -> None:
    folder = _templates(tmp_path, {"notice.md.j2": source})
    result = run("--register", str(FULL), "render", "notice", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "notice.md.j2:1" in result.stderr
    assert "Traceback" not in result.output


def test_none_is_never_printed(tmp_path: Path) -> None:
    register = load_register(FULL).register
    assert register is not None
    builder = render.Builder(register, register.meetings[0])
    folder = _templates(tmp_path, {"agenda.md.j2": "{{ document.missing_value }}"})
    env = render.environment([folder])
    context = builder.agenda_context()
    context["document"] = render.ns(missing_value=None)
    with pytest.raises(render.TemplateRenderError, match=r"empty value \(None\)"):
        render.render_template(env, "agenda.md.j2", context, [folder])


def test_templates_override_one_file_at_a_time(run: Run, tmp_path: Path) -> None:
    folder = _templates(tmp_path, {"notice.md.j2": "Avis : {{ body.short_name|md }}\n"})
    notice = run("--register", str(FULL), "render", "notice", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert notice.stdout == "Avis : Commission d'essai\n"
    agenda = run("--register", str(FULL), "render", "agenda", FULL_MEETING, "--templates",
                 str(folder))  # fmt: skip
    assert agenda.stdout.startswith("# Commission mixte")


def test_the_shipped_register_uses_the_packaged_templates() -> None:
    # It overrides none: a copy would silently keep the register on an old default.
    assert not (REPO / "templates").exists()
    assert sorted(p.name for p in render.PACKAGE_TEMPLATES.glob("*.j2")) == sorted(
        p.name for p in render.search_path(REPO)[0].glob("*.j2")
    )


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Budget *prévisionnel*", r"Budget \*prévisionnel\*"),
        ("# Titre", r"\# Titre"),
        ("a # b", "a # b"),
        ("[lien](http://x)", r"\[lien\](http://x)"),
        ("a | b", r"a \| b"),
        ("`code` <b>", r"\`code\` \<b\>"),
        ("snake_case", r"snake\_case"),
        ("- tiret", r"\- tiret"),
        ("1. premier", r"1\. premier"),
        ("ligne\nsuivante", "ligne suivante"),
        ("&copy; 2015 &#169; &#xA9;", r"\&copy; 2015 \&#169; \&#xA9;"),
        ("R&D & co", "R&D & co"),
        ("10\u00a0h\u00a030 :", "10\u00a0h\u00a030 :"),
        ("=== titre", r"\=== titre"),
        ("2015. Année", r"2015\. Année"),
        ("1234567890. trop long pour une liste", "1234567890. trop long pour une liste"),
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert render.escape_markdown(raw) == escaped


@pytest.mark.parametrize(
    "raw",
    [
        "*a* _b_ `c` [d](e) <f> | g \\ h",
        "# titre",
        "> cité",
        "+ plus",
        "12) douze",
        "~~barré~~",
        "&copy; &amp; &#169; &#xA9; R&D",
        "![image](x.png) <https://exemple.fr>",
        "a\\",
        "***",
        "===",
        "Comité n° #",
        "a ##",
    ],
)
def test_escaped_values_read_back_as_written(raw: str) -> None:
    _, items = _parse(f"- {render.escape_markdown(raw)}\n")
    assert items == [raw]
    heading = MarkdownIt("commonmark").parse(f"# {render.escape_markdown(raw)}\n")
    assert heading[0].type == "heading_open" and _plain(heading[1]) == raw


_VALUE_TEXT = st.text(
    st.sampled_from([chr(c) for c in range(0x20, 0x7F)] + list("\t\néèàçœ«»’\u00a0\u202f–")),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(_VALUE_TEXT)
@example("a #")
def test_any_escaped_value_reads_back_exactly(raw: str) -> None:
    """Wherever a value lands (a paragraph, after a line of text, a list item, a table cell,
    a heading, in bold), a CommonMark reader reads back the text as written, its runs of
    spaces and line breaks made single."""
    expected = re.sub(r"[ \t\n]+", " ", raw).strip()
    assume(expected)
    escaped = render.escape_markdown(raw)
    assert "\n" not in escaped
    parser = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    for document in (
        f"{escaped}\n",
        f"Avant\n{escaped}\n",
        f"- {escaped}\n",
        f"| a | b |\n|---|---|\n| x | {escaped} |\n",
        f"# {escaped}\n",
        f"**{escaped}**\n",
    ):
        inline = [t for t in parser.parse(document) if t.type == "inline"][-1]
        children = inline.children or []
        read = "".join(
            "\n" if c.type == "softbreak" else c.content
            for c in children
            if c.type in {"text", "code_inline", "softbreak"}
        )
        assert read.removeprefix("Avant\n") == expected, document


@pytest.mark.parametrize(
    ("name", "le", "de"),
    [
        ("Comité mixte", "le Comité mixte", "du Comité mixte"),
        ("Région Midi-Pyrénées", "la Région Midi-Pyrénées", "de la Région Midi-Pyrénées"),
        ("État", "l'État", "de l'État"),
        ("Hôtel de Région", "l'Hôtel de Région", "de l'Hôtel de Région"),
        ("Haute Autorité", "la Haute Autorité", "de la Haute Autorité"),
        ("Groupes politiques", "les Groupes politiques", "des Groupes politiques"),
        ("Congrès des élus", "le Congrès des élus", "du Congrès des élus"),
        ("Prix régional", "le Prix régional", "du Prix régional"),
        ("Cellule de crise", "la Cellule de crise", "de la Cellule de crise"),
    ],
)
def test_french_articles(name: str, le: str, de: str) -> None:
    assert render.article(name) == le
    assert render.of(name) == de


@pytest.mark.parametrize(
    ("role", "organization", "title"),
    [
        ("Président de Région", "Région Midi-Pyrénées", "Président de la Région Midi-Pyrénées"),
        ("Présidente", "Région Midi-Pyrénées", "Présidente de la Région Midi-Pyrénées"),
        ("Directeur de cabinet", "Région Occitanie", "Directeur de cabinet de la Région Occitanie"),
        ("Président des Régions", "Régions de France", "Président des Régions de France"),
        ("Préfet de région", "État", "Préfet de région de l'État"),
        ("Maire", None, "Maire"),
    ],
)
def test_office_title_names_the_organisation_once(
    role: str, organization: str | None, title: str
) -> None:
    from prefig.model import Organization

    org = (
        Organization(id="o", name=organization, classification="other")
        if organization is not None
        else None
    )
    assert render.office_title(role, org) == title


@pytest.mark.parametrize(
    ("civility", "role", "called"),
    [
        ("Madame", "Présidente", "Madame la Présidente"),
        ("Monsieur", "Président de Région", "Monsieur le Président"),
        ("Monsieur", "Directeur général des services", "Monsieur le Directeur général"),
        ("Madame", "Directrice générale des services", "Madame la Directrice générale"),
        (
            "Monsieur",
            "Secrétaire général pour les affaires régionales",
            "Monsieur le Secrétaire général",
        ),
        ("Madame", "Maire", "Madame la Maire"),
        ("Madame", "Président", "Madame"),  # no guessing at the feminine form
        ("Monsieur", "Présidente", "Monsieur"),
        ("Monsieur", "Membre du collège", "Monsieur"),
        ("Maître", "Président", "Maître"),
        (None, "Président", "Madame, Monsieur"),
    ],
)
def test_vocative(civility: str | None, role: str, called: str) -> None:
    assert render.vocative(civility, role) == called


def test_join_and_plural() -> None:
    assert render.join_words(["a", "b", "c"]) == "a, b et c"
    assert render.join_words(["a"]) == "a"
    assert render.plural(1, "membre", "membres") == "1 membre"
    assert render.plural(0, "membre", "membres") == "0 membre"
    assert render.plural(2, "membre", "membres") == "2 membres"


# --------------------------------------------------------------------------- docs, imports


def _paths(value: object, prefix: str) -> set[str]:
    from types import SimpleNamespace

    if isinstance(value, SimpleNamespace):
        out = {prefix}
        for key, item in vars(value).items():
            out |= _paths(item, f"{prefix}.{key}")
        return out
    if isinstance(value, list):
        out = {prefix}
        for item in value:
            out |= _paths(item, f"{prefix}[]")
        return out
    return {prefix}


def test_docs_list_every_variable_and_filter() -> None:
    register = load_register(FULL).register
    assert register is not None
    builder = render.Builder(register, register.meetings[0], prepared_on=dt.date(2015, 2, 1))
    contexts = [builder.agenda_context(), builder.notice_context()]
    contexts += [ctx for _, ctx in builder.convocation_contexts()]
    contexts.append(builder.index_context(["a.md"] * len(builder.recipients())))
    names: set[str] = set()
    for context in contexts:
        for key, value in context.items():
            names |= _paths(value, key)
    doc = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+(?:\[\])?(?:\.[a-z_]+(?:\[\])?)*)`", doc))
    missing = sorted(names - documented)
    assert not missing, f"docs/templates.md does not document {missing}"
    for name in render.FILTERS:
        assert f"`{name}`" in doc, f"docs/templates.md does not document the filter {name}"


def test_other_commands_do_not_import_jinja() -> None:
    code = "import sys, prefig.cli; assert 'jinja2' not in sys.modules, 'jinja2 imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SHIPPED)


def test_render_help(run: Run) -> None:
    for kind in ("agenda", "notice", "convocations"):
        result = run("render", kind, "--help")
        assert result.exit_code == 0
        for option in ("--out", "--force", "--draft", "--templates", "--as-of"):
            assert option in result.stdout
