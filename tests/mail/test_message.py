"""The messages of ``prefig render convocations --format eml``, parsed back with
``email.parser`` and their invitation with ``icalendar``: headers, bodies, attachments
compared with the files, the same UID and SEQUENCE as ``prefig export ics``, the same bytes
under ``SOURCE_DATE_EPOCH``, and annexes that cannot leave the register."""

from __future__ import annotations

from collections.abc import Callable
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader
from typer.testing import Result

from tests.mail.conftest import MEETING
from tests.security.conftest import GitRepo

Run = Callable[..., Result]
EPOCH = {"SOURCE_DATE_EPOCH": "1797724800"}  # 2026-12-20T00:00:00Z


def render_eml(
    run: Run, root: Path, out: Path, *extra: str, env: dict[str, str] | None = None
) -> Result:
    return run(
        "--register", str(root), "render", "convocations", MEETING, "--format", "eml",
        "--out", str(out), "--skip-missing", *extra, env=env,
    )  # fmt: skip


def parse(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def attachments(message: EmailMessage) -> dict[str, bytes]:
    out = {}
    for part in message.iter_attachments():
        assert isinstance(part, EmailMessage)
        name = part.get_filename()
        assert name is not None
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        out[name] = payload
    return out


def pdf_text(data: bytes) -> str:
    import io

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_eml_needs_a_folder(run: Run, mail_register: Path) -> None:
    result = run(
        "--register", str(mail_register), "render", "convocations", MEETING, "--format", "eml"
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--format eml writes one file per recipient: give the folder" in result.stderr


def test_one_message_per_member_parsed_back(run: Run, mail_register: Path, tmp_path: Path) -> None:
    out = tmp_path / "eml"
    result = render_eml(run, mail_register, out, env=EPOCH)
    assert result.exit_code == 0, result.stderr
    files = sorted(out.iterdir())
    assert [f.name for f in files] == [
        f"{MEETING}-convocation-01-louis-bernard.eml",
        f"{MEETING}-convocation-02-amelie-petit.eml",
        f"{MEETING}-convocation-03-hugo-roux.eml",
        f"{MEETING}-convocation-04-chloe-fabre.eml",
    ]
    message = parse(files[1])
    assert str(message["From"]) == "Mairie de Saint-Exemple <greffe@saint-exemple.example.org>"
    assert str(message["To"]) == "Amélie Petit <amelie.petit@example.org>"
    assert str(message["Reply-To"]) == "secretariat@saint-exemple.example.org"
    assert message["Subject"] == (
        "Convocation\u00a0: Conseil municipal de Saint-Exemple du jeudi 14 janvier 2027"
    )
    assert message["Date"] == "Sun, 20 Dec 2026 00:00:00 +0000"
    assert message["Message-ID"].strip().endswith("@saint-exemple.example.org>")
    # The subject is RFC 2047 encoded: the raw header is ASCII.
    assert files[1].read_bytes().isascii()

    text = message.get_body(("plain",))
    page = message.get_body(("html",))
    assert text is not None and page is not None
    plain = text.get_content().replace("\r\n", "\n")
    assert plain.startswith("Madame la Conseillère municipale,\n")
    assert "jeudi 14 janvier 2027 à 18 h 30" in plain
    assert "«\u00a0Conseil municipal de Saint-Exemple\u00a0»" in plain
    assert "- Note explicative de synthèse\u202f;" in plain
    assert "<p>Madame la Conseillère municipale,</p>" in page.get_content()

    files_attached = attachments(message)
    assert list(files_attached) == [
        f"{MEETING}-convocation-02-amelie-petit.pdf",
        f"{MEETING}-pouvoir-02-amelie-petit.pdf",  # the proxy form, for a voting member
        "note-de-synthese.pdf",
        "rapport-budget.md",
        "invitation.ics",
    ]
    documents = mail_register / "documents"
    assert (
        files_attached["note-de-synthese.pdf"] == (documents / "note-de-synthese.pdf").read_bytes()
    )
    assert files_attached["rapport-budget.md"] == (documents / "rapport-budget.md").read_bytes()
    letter = pdf_text(files_attached[f"{MEETING}-convocation-02-amelie-petit.pdf"])
    assert "Amélie Petit" in letter and "14 janvier 2027" in letter
    assert "Budget primitif 2027" in letter
    proxy = pdf_text(files_attached[f"{MEETING}-pouvoir-02-amelie-petit.pdf"])
    assert "Amélie Petit" in proxy and "pouvoir" in proxy.lower()


def test_the_invitation_is_the_event_export_ics_writes(
    run: Run, mail_register: Path, tmp_path: Path
) -> None:
    out = tmp_path / "eml"
    assert render_eml(run, mail_register, out, env=EPOCH).exit_code == 0
    message = parse(out / f"{MEETING}-convocation-01-louis-bernard.eml")
    inline = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(inline) == 1
    assert inline[0].get_param("method") == "REQUEST"
    payload = inline[0].get_payload(decode=True)
    assert isinstance(payload, bytes)
    assert payload == attachments(message)["invitation.ics"]

    invitation = icalendar.Calendar.from_ical(payload)
    assert invitation["METHOD"] == "REQUEST"
    (event,) = invitation.walk("VEVENT")
    assert str(event["ORGANIZER"]) == "mailto:greffe@saint-exemple.example.org"
    assert event["ORGANIZER"].params["CN"] == "Mairie de Saint-Exemple"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:louis.bernard@example.org"
    assert attendee.params["RSVP"] == "TRUE"
    assert attendee.params["CN"] == "Louis Bernard"

    exported = run("--register", str(mail_register), "export", "ics", env=EPOCH)
    assert exported.exit_code == 0
    (published,) = icalendar.Calendar.from_ical(exported.stdout_bytes).walk("VEVENT")
    for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DTSTAMP"):
        assert event[name].to_ical() == published[name].to_ical(), name


def test_a_pinned_uid_domain_is_shared_by_the_invitation_and_export_ics(
    run: Run, mail_register: Path, tmp_path: Path
) -> None:
    # A register that pins its UID domain (say, to keep the UIDs it had before a rename)
    # must send invitations a calendar matches with the events it subscribed to.
    settings = mail_register / "data" / "register.yaml"
    settings.write_text(
        settings.read_text("utf-8") + "uid_domain: registre.saint-exemple.example.org\n", "utf-8"
    )
    out = tmp_path / "eml"
    assert render_eml(run, mail_register, out, env=EPOCH).exit_code == 0
    message = parse(out / f"{MEETING}-convocation-01-louis-bernard.eml")
    (event,) = icalendar.Calendar.from_ical(attachments(message)["invitation.ics"]).walk("VEVENT")
    exported = run("--register", str(mail_register), "export", "ics", env=EPOCH)
    (published,) = icalendar.Calendar.from_ical(exported.stdout_bytes).walk("VEVENT")
    assert event["UID"] == published["UID"] == f"{MEETING}@registre.saint-exemple.example.org"
    # --uid-domain still overrides the setting for one export
    other = run("--register", str(mail_register), "export", "ics", "--uid-domain", "x.org")
    (overridden,) = icalendar.Calendar.from_ical(other.stdout_bytes).walk("VEVENT")
    assert overridden["UID"] == f"{MEETING}@x.org"


@pytest.mark.parametrize("bad", ["two words", "a@b.org", "-leading.org", "trailing."])
def test_a_uid_domain_is_one_domain(run: Run, mail_register: Path, bad: str) -> None:
    settings = mail_register / "data" / "register.yaml"
    settings.write_text(settings.read_text("utf-8") + f"uid_domain: '{bad}'\n", "utf-8")
    result = run("--register", str(mail_register), "check")
    assert result.exit_code == 2
    assert "data/register.yaml" in result.output and "uid_domain" in result.output


def test_sequence_follows_the_history_as_export_ics_does(
    run: Run, git_repo: GitRepo, tmp_path: Path
) -> None:
    import shutil

    from tests.mail.conftest import MAIL_FIXTURE

    root = git_repo.top
    shutil.copytree(MAIL_FIXTURE, root, dirs_exist_ok=True)
    git_repo.commit("register")
    meetings = root / "data" / "meetings.yaml"
    meetings.write_text(meetings.read_text("utf-8").replace('"18:30"', '"19:00"'), "utf-8")
    git_repo.commit("the council meets at 19:00")
    out = tmp_path / "eml"
    assert render_eml(run, root, out, env=EPOCH).exit_code == 0
    message = parse(out / f"{MEETING}-convocation-01-louis-bernard.eml")
    (event,) = icalendar.Calendar.from_ical(attachments(message)["invitation.ics"]).walk("VEVENT")
    exported = run("--register", str(root), "export", "ics", env=EPOCH)
    (published,) = icalendar.Calendar.from_ical(exported.stdout_bytes).walk("VEVENT")
    assert event["SEQUENCE"] == published["SEQUENCE"] == 1
    assert event["UID"] == published["UID"]


def test_the_same_bytes_under_source_date_epoch(
    run: Run, mail_register: Path, tmp_path: Path
) -> None:
    first, second, third, fourth = (tmp_path / str(n) for n in range(4))
    assert render_eml(run, mail_register, first, env=EPOCH).exit_code == 0
    assert render_eml(run, mail_register, second, env=EPOCH).exit_code == 0
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes()
    # Without it, two runs differ by the date and the Message-ID only: the content that
    # tells a convocation already sent is the same.
    env = {"SOURCE_DATE_EPOCH": ""}
    assert render_eml(run, mail_register, third, env=env).exit_code == 0
    assert render_eml(run, mail_register, fourth, env=env).exit_code == 0
    for path in third.iterdir():
        a, b = parse(path), parse(fourth / path.name)
        assert a["Message-ID"] != b["Message-ID"]
        for header in ("Date", "Message-ID"):
            del a[header], b[header]
        assert a.as_bytes() == b.as_bytes()


def test_recipients_without_an_address_are_listed_and_nothing_is_written(
    run: Run, mail_register: Path, tmp_path: Path
) -> None:
    out = tmp_path / "eml"
    result = run(
        "--register", str(mail_register), "render", "convocations", MEETING, "--format", "eml",
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Marc Garnier (marc-garnier): no e-mail address" in result.stderr
    assert not out.exists()
    no_out = run("--register", str(mail_register), "render", "convocations", MEETING, "-f", "eml")
    assert no_out.exit_code == 2 and "--out" in no_out.stderr
    agenda = run("--register", str(mail_register), "render", "agenda", MEETING, "-f", "eml")
    assert agenda.exit_code == 2 and "for convocations" in agenda.stderr


@pytest.mark.parametrize(
    "path",
    ["../outside.pdf", "/etc/passwd", "documents/../../outside.pdf", ".git/config", "link.pdf"],
)
def test_an_annex_outside_the_register_is_never_read(
    run: Run, mail_register: Path, tmp_path: Path, path: str
) -> None:
    secret = tmp_path / "outside.pdf"
    secret.write_bytes(b"secret")
    (mail_register / "link.pdf").symlink_to(secret)
    meetings = mail_register / "data" / "meetings.yaml"
    text = meetings.read_text("utf-8").replace("documents/note-de-synthese.pdf", path)
    meetings.write_text(text, "utf-8")
    out = tmp_path / "eml"
    result = render_eml(run, mail_register, out)
    assert result.exit_code == 2, result.stdout
    assert "cannot be attached" in result.stderr and "PF405" in result.stderr
    assert not out.exists()


def test_register_text_is_escaped_in_html_and_cannot_forge_headers(
    run: Run, mail_register: Path, tmp_path: Path
) -> None:
    bodies = mail_register / "data" / "bodies.yaml"
    hostile = '<script>alert("x")</script> & Cie'
    bodies.write_text(
        bodies.read_text("utf-8").replace(
            "name: Conseil municipal de Saint-Exemple", f"name: '{hostile}'"
        ),
        "utf-8",
    )
    people = mail_register / "data" / "people.yaml"
    people.write_text(
        people.read_text("utf-8").replace(
            "email: hugo.roux@example.org", 'email: "hugo.roux@example.org, x@evil.example"'
        ),
        "utf-8",
    )
    out = tmp_path / "eml"
    result = render_eml(run, mail_register, out)
    assert result.exit_code == 0, result.stderr
    assert "hugo-roux" in result.stderr and "is not an e-mail address" in result.stderr
    assert not any("hugo-roux" in p.name for p in out.iterdir())
    message = parse(out / f"{MEETING}-convocation-01-louis-bernard.eml")
    page = message.get_body(("html",))
    assert page is not None
    html = page.get_content()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie" in html
    assert message["Subject"] == f"Convocation\u00a0: {hostile} du jeudi 14 janvier 2027"
    assert [str(a) for a in message["To"].addresses] == [
        "Louis Bernard <louis.bernard@example.org>"
    ]
