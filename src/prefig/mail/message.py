"""One RFC 5322 message per recipient of a meeting's convocation, built with Python's
:mod:`email` package.

Each message holds a short French text and its HTML twin (``multipart/alternative``), the
invitation as ``text/calendar; method=REQUEST`` beside them, then as attachments the letter
(:func:`letter_attachment`, a PDF), the proxy form where the letter comes with one, the meeting's
annexes (read from the register through :func:`prefig.load.read_register_file`) and the
invitation again as ``invitation.ics``. The invitation's event is the one ``prefig export
ics`` writes (:func:`prefig.export.ics.meeting_event`): the same ``UID`` and ``SEQUENCE``, so
that a calendar updates the event when a later convocation moves the meeting.

Every part is encoded quoted-printable or base64 and the MIME boundaries are fixed, so that
the same convocation gives the same bytes but for ``Date`` and ``Message-ID``:
:attr:`Outgoing.content` hashes those bytes, and is what tells that a member was already
sent this very convocation. ``Date`` and ``Message-ID`` are taken from ``SOURCE_DATE_EPOCH``
when it is set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from prefig.fsutil import document_name, safe_name
from prefig.i18n import format_clock, format_day
from prefig.load import Register, RegisterFileError, read_register_file
from prefig.mail import MailError
from prefig.model import Annex, Mailbox, Meeting, Person, Settings, email_address
from prefig.render.context import Builder, Recipient, gets_proxy_form
from prefig.render.documents import Document, document_kind, file_name

if TYPE_CHECKING:
    from prefig.export.history import History

MAX_MESSAGE_BYTES = 64 * 1024 * 1024
"""Most bytes of one message, attachments included (mail servers commonly take 10 to 50 MB;
this bound only keeps a register from making an unbounded message)."""

BOUNDARY = "=_prefig-{}"
"""MIME boundaries, numbered: fixed, so that the same message gives the same bytes. Every
part is quoted-printable or base64, neither of which can hold ``=_``, so a boundary never
occurs inside a part."""

NBSP = "\u00a0"
"""The no-break space French puts before ``:`` and inside « guillemets »."""
NNBSP = "\u202f"
"""The narrow no-break space French puts before ``;``, ``!`` and ``?``."""


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message."""

    filename: str
    maintype: str
    subtype: str
    data: bytes
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Outgoing:
    """One member's message, ready to send or write."""

    recipient: Recipient
    person: Person
    address: str
    message_id: str
    data: bytes
    """The message as sent: RFC 5322, CRLF line ends."""
    content: str
    """SHA-256 of the message without its ``Date`` and ``Message-ID`` headers."""
    file_name: str
    """``MEETING-convocation-NN-KEY.eml``."""

    @property
    def sha256(self) -> str:
        """SHA-256 of :attr:`data`."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Unreachable:
    """A recipient no message can go to, and why."""

    recipient: Recipient
    reason: str

    @property
    def label(self) -> str:
        who = self.recipient.person.name if self.recipient.person else self.recipient.seat.role
        key = self.recipient.person.id if self.recipient.person else self.recipient.seat.id
        return f"{who} ({key}): {self.reason}"


@dataclass(frozen=True)
class Batch:
    """A meeting's convocations by e-mail: the messages, and the recipients left out."""

    messages: list[Outgoing]
    unreachable: list[Unreachable]


def sender_of(settings: Settings) -> Mailbox:
    """The register's ``sender``; :class:`MailError` naming the setting when it has none."""
    if settings.sender is None:
        raise MailError(
            "the register names no sender: add to data/register.yaml\n"
            "  sender:\n    name: <who the convocations come from>\n"
            "    address: <their e-mail address>\n"
            "(and reply_to: <address> if replies go elsewhere)."
        )
    return settings.sender


def letter_attachment(register: Register, document: Document) -> Attachment:
    """A letter (the convocation, the proxy form) as a message carries it: the PDF of the
    rendered Markdown letter (:func:`prefig.render.pdf.document_pdf`), laid out with the
    register's letterhead; :class:`MailError` when it cannot be made."""
    from prefig.render.pdf import PdfError, document_pdf, pdf_name

    try:
        data = document_pdf(document, register)
    except PdfError as err:
        raise MailError(f"{document.name}: {err}") from None
    return Attachment(pdf_name(document), "application", "pdf", data)


def annex_attachments(register: Register, meeting: Meeting) -> list[tuple[Annex, Attachment]]:
    """The annexes of ``meeting`` (on the meeting, then on each item), read from the
    register; :class:`MailError` for one that cannot be read."""
    import mimetypes

    annexes = [*meeting.annexes, *(a for item in meeting.agenda for a in item.annexes)]
    out = []
    names: set[str] = set()
    for annex in annexes:
        try:
            data = read_register_file(register.root, annex.path)
        except RegisterFileError as err:
            raise MailError(
                f"annex {annex.title!r} of meeting {meeting.id!r} cannot be attached: {err} "
                "Correct its path in data/meetings.yaml (prefig check reports it as PF405)."
            ) from None
        base = PurePosixPath(annex.path.replace("\\", "/")).name
        guessed, _ = mimetypes.guess_type(base, strict=True)
        maintype, subtype = (guessed or "application/octet-stream").split("/", 1)
        stem, dot, suffix = base.rpartition(".")
        name = safe_name(stem or base, suffix=f".{safe_name(suffix)}" if dot and stem else "")
        while name in names:  # two annexes of one name: number the later ones
            name = f"{len(names) + 1}-{name}"
        names.add(name)
        out.append((annex, Attachment(name, maintype, subtype, data)))
    return out


def meeting_title(builder: Builder) -> str:
    """The meeting as a subject names it: ``Conseil municipal du jeudi 10 décembre 2026``."""
    meeting = builder.meeting
    day = format_day(meeting.date, builder.locale)
    return f"{meeting.name or builder.body.name} du {day}"


def invitation(
    register: Register,
    meeting: Meeting,
    history: History,
    *,
    sender: Mailbox,
    person: Person,
    address: str,
    stamp: dt.datetime | None,
) -> bytes:
    """The iCalendar invitation (``METHOD:REQUEST``) of ``meeting`` for ``person``: the
    event ``prefig export ics`` writes, with the sender as ``ORGANIZER`` and the member as
    the one ``ATTENDEE``, asked to answer."""
    from icalendar import Calendar, vCalAddress

    from prefig.export import uid_domain
    from prefig.export.events import event_content
    from prefig.export.ics import PRODID, meeting_event, timezone_component

    settings = register.settings
    content = event_content(
        meeting,
        register.index("bodies").get(meeting.body),
        register.index("venues").get(meeting.location or ""),
        settings,
    )
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    if meeting.start_time is not None:
        calendar.add_component(timezone_component(register, [meeting.date]))
    event = meeting_event(meeting, content, history, uid_domain(settings), stamp)
    organizer = vCalAddress(f"mailto:{sender.address}")
    if sender.name:
        organizer.params["CN"] = sender.name
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{address}")
    attendee.params["CN"] = person.name
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    attendee.params["RSVP"] = "TRUE"
    event.add("attendee", attendee)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def _bodies(
    builder: Builder, vocative: str, annexes: Sequence[Annex], sender: Mailbox
) -> tuple[str, str]:
    """The short text of the message and its HTML twin."""
    meeting = builder.meeting
    when = format_day(meeting.date, builder.locale)
    if meeting.start_time is not None:
        when += f" à {format_clock(meeting.start_time, builder.locale)}"
    where = ""
    if builder.venue is not None:
        from prefig.export.events import venue_text

        where = f", {venue_text(builder.venue)}"
    body = builder.body.name
    lines = [
        f"{vocative},",
        "",
        f"Vous trouverez ci-joint votre convocation à la réunion «{NBSP}{body}{NBSP}» du "
        f"{when}{where}.",
        "",
        f"Pièces jointes{NBSP}:",
        f"- la convocation{NNBSP};",
        *(f"- {a.title}{NNBSP};" for a in annexes),
        "- l'invitation à ajouter à votre agenda (invitation.ics).",
    ]
    signature = sender.name or sender.address
    text = "\n".join([*lines, "", signature, ""])
    e = html.escape
    items = [
        f"<li>la convocation{NNBSP};</li>",
        *(f"<li>{e(a.title)}{NNBSP};</li>" for a in annexes),
        "<li>l'invitation à ajouter à votre agenda (invitation.ics).</li>",
    ]
    page = (
        '<!DOCTYPE html>\n<html lang="fr">\n<head><meta charset="utf-8">'
        f"<title>{e(meeting_title(builder))}</title></head>\n<body>\n"
        f"<p>{e(vocative)},</p>\n"
        f"<p>Vous trouverez ci-joint votre convocation à la réunion «{NBSP}{e(body)}{NBSP}» du "
        f"{e(when)}{e(where)}.</p>\n"
        f"<p>Pièces jointes{NBSP}:</p>\n<ul>\n" + "\n".join(items) + "\n</ul>\n"
        f"<p>{e(signature)}</p>\n</body>\n</html>\n"
    )
    return text, page


def _vocative(recipient: Recipient) -> str:
    from prefig.query import office_form
    from prefig.render.wording import civility, vocative

    person = recipient.person
    assert person is not None
    return vocative(civility(person), office_form(recipient.seat, person))


def _mailbox(mailbox: Mailbox) -> Address:
    username, _, domain = mailbox.address.partition("@")
    return Address(display_name=mailbox.name or "", username=username, domain=domain)


def _compose(
    *,
    sender: Mailbox,
    reply_to: str | None,
    person: Person,
    address: str,
    subject: str,
    text: str,
    page: str,
    calendar: bytes,
    attachments: Sequence[Attachment],
    date: dt.datetime | None,
    message_id: str | None,
) -> bytes:
    message = EmailMessage(policy=SMTP)
    message["From"] = _mailbox(sender)
    username, _, domain = address.partition("@")
    message["To"] = Address(display_name=person.name, username=username, domain=domain)
    if reply_to is not None:
        message["Reply-To"] = reply_to
    message["Subject"] = subject
    if date is not None:
        message["Date"] = format_datetime(date)
    if message_id is not None:
        message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, cte="quoted-printable")
    message.add_alternative(page, subtype="html", cte="quoted-printable")
    message.add_alternative(
        calendar, "text", "calendar", params={"method": "REQUEST", "charset": "utf-8"}
    )
    for attachment in attachments:
        message.add_attachment(
            attachment.data,
            attachment.maintype,
            attachment.subtype,
            filename=attachment.filename,
            params=dict(attachment.params),
        )
    number = 0
    for part in message.walk():
        if part.is_multipart():
            number += 1
            part.set_boundary(BOUNDARY.format(number))
    return message.as_bytes(policy=SMTP)


def build_convocations(
    builder: Builder,
    search: Sequence[Path],
    history: History,
    *,
    now: dt.datetime,
    stamp: dt.datetime | None = None,
    sent_before: Mapping[str, int] | None = None,
) -> Batch:
    """One message per recipient of the builder's meeting who has an e-mail address; the
    others, with why, in :attr:`Batch.unreachable`.

    ``history`` gives the invitation's ``SEQUENCE`` (:func:`prefig.export.history.
    meeting_history`); ``stamp`` (``SOURCE_DATE_EPOCH``) is the messages' ``Date`` and makes
    their ``Message-ID`` deterministic, else ``now`` is the date; ``sent_before`` counts the
    messages each person was already sent for this meeting (a resend gets another
    ``Message-ID``). Raises :class:`MailError` (no sender, an annex that cannot be read, a
    message too large) and :class:`~prefig.render.sandbox.TemplateRenderError`.
    """
    from prefig.render.sandbox import environment, render_template

    register, meeting = builder.register, builder.meeting
    settings = register.settings
    sender = sender_of(settings)
    kind = document_kind("convocations")
    env = environment(search)
    proxies: dict[int, Document] = {}
    if kind.enclosure is not None:
        for recipient, context in kind.enclosure.context(builder, kind):
            assert recipient is not None
            proxies[recipient.number] = Document(
                file_name(meeting, kind.enclosure.name, recipient),
                render_template(env, kind.enclosure.template, context, search),
            )
    annexes = annex_attachments(register, meeting)
    subject = f"Convocation{NBSP}: {meeting_title(builder)}"
    domain = sender.address.partition("@")[2]
    messages: list[Outgoing] = []
    unreachable: list[Unreachable] = []
    for recipient, context in kind.context(builder, kind):
        assert recipient is not None
        person = recipient.person
        if person is None:
            unreachable.append(Unreachable(recipient, "a seat with no person named"))
            continue
        if not person.email:
            unreachable.append(Unreachable(recipient, "no e-mail address (email in people.yaml)"))
            continue
        try:
            address = email_address(person.email)
        except ValueError as err:
            unreachable.append(Unreachable(recipient, str(err)))
            continue
        letter = Document(
            file_name(meeting, kind.name, recipient),
            render_template(env, kind.template, context, search),
        )
        attachments = [letter_attachment(register, letter)]
        if recipient.number in proxies and gets_proxy_form(builder, recipient):
            attachments.append(letter_attachment(register, proxies[recipient.number]))
        attachments += [a for _, a in annexes]
        calendar = invitation(
            register, meeting, history, sender=sender, person=person, address=address, stamp=stamp
        )
        attachments.append(Attachment("invitation.ics", "application", "ics", calendar))
        text, page = _bodies(builder, _vocative(recipient), [a for a, _ in annexes], sender)
        parts: dict[str, Any] = {
            "sender": sender,
            "reply_to": settings.reply_to,
            "person": person,
            "address": address,
            "subject": subject,
            "text": text,
            "page": page,
            "calendar": calendar,
            "attachments": attachments,
        }
        bare = _compose(**parts, date=None, message_id=None)
        content = hashlib.sha256(bare).hexdigest()
        count = (sent_before or {}).get(person.id, 0)
        token = str(int(stamp.timestamp())) if stamp is not None else secrets.token_hex(8)
        # Short, so that the header stays on one line: a content hash, the rank of this
        # message among those the person was sent for the meeting, and the time or chance.
        message_id = f"<{content[:16]}.{count}.{token}@{domain}>"
        data = _compose(**parts, date=stamp or now, message_id=message_id)
        if len(data) > MAX_MESSAGE_BYTES:
            raise MailError(
                f"the message to {person.id} would be {len(data):,} bytes, more than the "
                f"{MAX_MESSAGE_BYTES:,} prefig sends; make the annexes of {meeting.id} smaller."
            )
        name = document_name(
            meeting.id, f"convocation-{recipient.number:02d}-{recipient.key}", suffix=".eml"
        )
        messages.append(Outgoing(recipient, person, address, message_id, data, content, name))
    return Batch(messages, unreachable)


@dataclass(frozen=True)
class Plan:
    """What a run of ``prefig send`` would do: the messages to send, those already sent
    (the same convocation, recorded in ``data/dispatches.yaml``), the recipients left out."""

    to_send: list[Outgoing]
    already_sent: list[Outgoing]
    unreachable: list[Unreachable]


def letters_day(register: Register, meeting: Meeting, today: dt.date) -> dt.date:
    """The date of a meeting's letters by e-mail: its ``convened_on``, else the day of its
    first recorded dispatch (a run resumed the next day sends the same letters), else
    ``today``."""
    from prefig.mail.dispatch import first_dispatch_day

    if meeting.convened_on is not None:
        return meeting.convened_on
    return first_dispatch_day(register, meeting.id) or today


def plan_convocations(
    builder: Builder,
    search: Sequence[Path],
    history: History,
    *,
    now: dt.datetime,
    stamp: dt.datetime | None = None,
    resend: bool = False,
) -> Plan:
    """The builder's meeting's convocations by e-mail, less those the register records as
    sent already (unless ``resend``)."""
    from prefig.mail.dispatch import already_sent, dispatches_of, sent_counts

    recorded = dispatches_of(builder.register, builder.meeting.id)
    batch = build_convocations(
        builder, search, history, now=now, stamp=stamp, sent_before=sent_counts(recorded)
    )
    done = set() if resend else already_sent(recorded)
    to_send = [m for m in batch.messages if (m.person.id, m.content) not in done]
    already = [m for m in batch.messages if (m.person.id, m.content) in done]
    return Plan(to_send, already, batch.unreachable)
