"""What a letter carries besides the agenda: the place and date, the proxy notice and form,
the annexes, the substitutes' letters, the recipients' addresses (index and CSV), and the
public notice's signatory and postings."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path
from typing import Any

from prefig.check import check
from prefig.load import Register, load_register
from prefig.model import Annex, BodyKind, Holder, NoticePosting, Relation
from prefig.render.context import Builder
from prefig.render.documents import Document, document_kind, render_document
from prefig.render.mailmerge import COLUMNS
from prefig.render.sandbox import PACKAGE_TEMPLATES

FULL = Path(__file__).resolve().parent.parent / "fixtures" / "render" / "full"
MEETING = "ce-2015-02-13"


def _register() -> Register:
    register = load_register(FULL).register
    assert register is not None
    return register


def _render(kind: str, register: Register | None = None, **meeting: Any) -> list[Document]:
    register = register or _register()
    found = next(m for m in register.meetings if m.id == MEETING)
    builder = Builder(register, found.model_copy(update=meeting), prepared_on=dt.date(2015, 2, 1))
    return render_document(document_kind(kind), builder, [PACKAGE_TEMPLATES], with_index=True)


def _assembly(register: Register) -> Register:
    """The fixture's body as the assembly of the Région Midi-Pyrénées, with a substitute."""
    (body, *others) = register.bodies
    seats = list(body.seats)
    seats[0] = seats[0].model_copy(update={"substitutes": [Holder(person="camille-leroy")]})
    body = body.model_copy(
        update={
            "kind": BodyKind.ASSEMBLY,
            "relations": [Relation(kind="part-of", organizations=["region-mp"])],
            "seats": seats,
            "place": "Toulouse",
        }
    )
    register.bodies = [body, *others]
    return register


def test_a_letter_without_a_place_keeps_its_date_on_top() -> None:
    letter = _render("convocations")[0].text
    assert "\nLe 1er février 2015\n" in letter
    assert "Fait à" not in letter


def test_the_register_place_closes_the_letter() -> None:
    register = _register()
    register.settings = register.settings.model_copy(update={"place": "Montpellier"})
    letter = _render("convocations", register)[0].text
    assert "\nFait à Montpellier, le 1er février 2015\n\nLa Présidente" in letter
    assert "\nLe 1er février 2015\n" not in letter


def test_a_body_place_comes_before_the_register_place() -> None:
    register = _assembly(_register())
    register.settings = register.settings.model_copy(update={"place": "Montpellier"})
    assert "Fait à Toulouse, le 1er février 2015" in _render("convocations", register)[0].text


def test_a_regional_assembly_quotes_l4132_15_and_encloses_a_form_to_voters() -> None:
    documents = {d.name: d.text for d in _render("convocations", _assembly(_register()))}
    letter = documents[f"{MEETING}-convocation-02-camille-leroy.md"]
    assert "## Délégation de vote" in letter
    assert "article L4132-15 du code général des collectivités territoriales" in letter
    assert "- Formulaire de délégation de vote" in letter
    form = documents[f"{MEETING}-pouvoir-02-camille-leroy.md"]
    assert form.startswith("# Délégation de vote\n")
    assert "Je soussigné(e), Camille Leroy, Vice-président de la Région Midi-Pyrénées" in form
    assert "donne délégation de vote, pour cette réunion, à" in form
    # Members without a vote and contributors get neither the notice nor a form.
    dgs = documents[f"{MEETING}-convocation-04-ce-dgs-mp.md"]
    assert "Délégation de vote" not in dgs
    assert not any(name.startswith(f"{MEETING}-pouvoir-04") for name in documents)


def test_a_body_that_is_no_assembly_has_no_proxy_notice() -> None:
    documents = _render("convocations")
    assert not any("pouvoir" in d.name for d in documents)
    assert not any("Délégation de vote" in d.text or "## Pouvoir" in d.text for d in documents)


def test_a_substitute_is_informed_in_that_capacity() -> None:
    documents = {d.name: d.text for d in _render("convocations", _assembly(_register()))}
    name = f"{MEETING}-convocation-01-camille-leroy.md"  # the first seat's substitute
    letter = documents[name]
    assert letter.startswith("# Information du suppléant\n")
    assert "**Objet :** information sur la réunion du vendredi 13 février 2015" in letter
    assert (
        "l'honneur de vous informer, en qualité de suppléant(e) de Madame Claire Dupont, de la "
        "réunion de la Commission mixte"
    ) in letter
    assert "Formulaire de" not in letter
    assert "\nPrésidente de la Région" not in letter  # the seat's office is not theirs


def test_annexes_are_listed_with_their_item() -> None:
    register = _register()
    meeting = next(m for m in register.meetings if m.id == MEETING)
    agenda = list(meeting.agenda)
    agenda[1] = agenda[1].model_copy(
        update={"annexes": [Annex(title="Rapport sur le budget", path="docs/budget.pdf")]}
    )
    letter = _render(
        "convocations",
        register,
        annexes=[Annex(title="Note explicative de synthèse", path="docs/note.pdf")],
        agenda=agenda,
    )[0].text
    assert (
        "## Documents joints\n\n- Note explicative de synthèse\n- Rapport sur le budget (point 2)\n"
    ) in letter


def test_the_index_and_the_csv_give_addresses_and_name_those_without() -> None:
    register = _register()
    people = [
        p.model_copy(
            update={
                "email": "camille.leroy@example.org",
                "postal_address": ["1 rue de la Paix", "31000 Toulouse"],
            }
        )
        if p.id == "camille-leroy"
        else p
        for p in register.people
    ]
    register.people = people
    documents = {d.name: d.text for d in _render("convocations", register)}
    index = documents[f"{MEETING}-convocations-index.md"]
    assert "| camille.leroy@example.org | 1 rue de la Paix, 31000 Toulouse |" in index
    assert "- 2, Madame Sophie Bernard : ni courriel ni adresse postale." in index
    assert "Camille Leroy :" not in index
    rows = list(csv.reader(io.StringIO(documents[f"{MEETING}-convocations.csv"], newline="")))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][:8] == [
        "1",
        f"{MEETING}-convocation-01-camille-leroy.md",
        "",
        "Camille Leroy",
        "Camille Leroy",
        "Vice-président de la Région Midi-Pyrénées",
        "membre",
        "camille.leroy@example.org",
    ]
    assert rows[1][8:10] == ["1 rue de la Paix", "31000 Toulouse"]
    assert len(rows) == 1 + 4


def test_a_csv_cell_never_starts_a_formula() -> None:
    register = _register()
    register.people = [
        p.model_copy(update={"name": "=HYPERLINK(1)"}) if p.id == "camille-leroy" else p
        for p in register.people
    ]
    table = next(d.text for d in _render("convocations", register) if d.name.endswith(".csv"))
    assert ",'=HYPERLINK(1)," in table


def test_the_notice_is_dated_signed_and_says_where_it_was_posted() -> None:
    register = _register()
    register.settings = register.settings.model_copy(update={"place": "Montpellier"})
    posted = [
        NoticePosting(on=dt.date(2015, 2, 2), where="panneau d'affichage de l'hôtel de Région")
    ]
    (notice,) = _render("notice", register, notice_posted=posted)
    assert (
        "## Affichage et publication\n\n"
        "- Affiché ou publié le lundi 2 février 2015 : panneau d'affichage de l'hôtel de Région.\n"
        "\nFait à Montpellier, le 1er février 2015\n\nLa Présidente de la Région Midi-Pyrénées,"
    ) in notice.text


def test_pf405_reports_a_missing_annex_at_its_path(tmp_path: Path) -> None:
    root = tmp_path / "r"
    shutil.copytree(FULL, root)
    meetings = root / "data" / "meetings.yaml"
    text = meetings.read_text(encoding="utf-8")
    anchor = "- id: ce-2015-02-13\n"
    assert anchor in text
    annexes = (
        "  annexes:\n"
        "    - {title: Note explicative de synthèse, path: docs/note.pdf}\n"
        "    - {title: Ailleurs, path: ../secret.txt}\n"
    )
    meetings.write_text(text.replace(anchor, anchor + annexes), encoding="utf-8")
    found = [d for d in check(root, as_of=dt.date(2015, 1, 1)).diagnostics if d.code == "PF405"]
    assert [(d.location.line, "does not exist" in d.message) for d in found] == [
        (3, True),
        (4, False),
    ]
    (root / "docs").mkdir()
    (root / "docs" / "note.pdf").write_bytes(b"%PDF-1.4\n")
    found = [d for d in check(root, as_of=dt.date(2015, 1, 1)).diagnostics if d.code == "PF405"]
    assert len(found) == 1 and "not a path inside the register" in found[0].message


def test_a_body_whose_letters_go_to_nobody_lacks_its_addressees() -> None:
    from prefig.readiness import convocation_gaps

    register = _register()
    (body,) = [b for b in register.bodies if b.id == "commission-essai"]
    meeting = next(m for m in register.meetings if m.id == MEETING)
    assert not [g for g in convocation_gaps(register, meeting, body) if g.field.startswith("seats")]
    # Every place unnamed, none with address_as: no letter would reach anyone.
    signing = {p.seat for p in body.convened_by if p.seat}
    seats = [
        s.model_copy(update={"holders": [], "substitutes": [], "address_as": None})
        if s.id not in signing
        else s
        for s in body.seats
    ]
    register.bodies = [body.model_copy(update={"seats": seats})]
    gaps = convocation_gaps(register, meeting, register.bodies[0])
    assert ("seats.addressees", "destinataires à préciser") in [(g.field, g.label) for g in gaps]


ASSEMBLY = Path(__file__).resolve().parents[1] / "fixtures" / "assembly"


def test_a_meeting_convened_by_its_own_convenor_is_signed_by_them_and_offices_agree() -> None:
    register = load_register(ASSEMBLY).register
    assert register is not None
    own = {d.name: d.text for d in _render_of(register, "cm-2027-03-11")}
    letters = [t for n, t in own.items() if "-convocation-" in n and n.endswith(".md")]
    # The premier adjoint convenes this sitting: he signs, gets no letter, the maire gets one.
    # A delegated office is named by its role alone, not "... des finances de la Commune".
    assert all("\nLe Premier adjoint au maire chargé des finances,\n" in t for t in letters)
    assert not any("\nMonsieur Bruno Lefèvre\n" in t for t in letters)
    assert any("\nMadame Hélène Marchand\n" in t for t in letters)
    usual = {d.name: d.text for d in _render_of(register, "cm-2026-12-17")}
    benali = next(t for n, t in usual.items() if n.endswith("-convocation-02-nadia-benali.md"))
    assert "\nAdjointe au maire chargée de l'urbanisme\n" in benali
    assert "\nMadame l'Adjointe,\n" in benali
    assert "La Maire de la Commune de Saint-Exemple,\n\n**Hélène Marchand**" in benali
    assert "lorsqu'au moins 13 de ses 25 membres en exercice sont présents" in benali


def _render_of(register: Register, meeting_id: str) -> list[Document]:
    meeting = next(m for m in register.meetings if m.id == meeting_id)
    builder = Builder(register, meeting, prepared_on=dt.date(2026, 12, 4))
    return render_document(document_kind("convocations"), builder, [PACKAGE_TEMPLATES])
