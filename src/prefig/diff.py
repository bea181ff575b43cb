"""What a change does to the governance: compare two loaded registers, record by record.

Records are matched by id, the identity the register gives them: a record whose id is kept
and whose fields changed is a modification, never a removal plus an addition. Inside a body,
seats are matched by their id; inside a decision, actions by theirs; agenda items, which have
no id, by their name, then by their number or rank (see :func:`_pair_agenda`). Changes are
reported in the register's own terms (a body renamed, a holder changed, parity broken, a
meeting moved or cancelled, an action's status changed), each as a :class:`Change` with the
fields involved, so that formatters only lay them out.

A meeting added or moved so close that its body's notice period can no longer be met (its
convocation deadline is already past at ``as_of``) is flagged with a warning.

Nothing here reads files, prints or exits: the inputs are two loaded registers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from prefig.load import Register
from prefig.model import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Decision,
    Deliberation,
    Dispatch,
    Meeting,
    Parity,
    Seat,
    Vote,
)
from prefig.vocab import Capacity, MeetingStatus

JSON_VERSION = 1

Level = Literal["info", "warning"]

MOVE_FIELDS = ("date", "start_time", "end_time", "location")
"""The fields whose change moves a meeting."""

MEETING_FIELDS = ("body", *MOVE_FIELDS, "status")
"""The fields given with a meeting added or removed."""

SEAT_FIELDS = ("role", "on_behalf_of", "count", "holders")
"""The fields given with a seat added or removed."""

CHANGE_TYPES: dict[str, str] = {
    "settings-changed": "the register's settings (data/register.yaml) changed",
    "body-added": "a body was added",
    "body-removed": "a body was removed",
    "body-renamed": "a body's name changed",
    "body-changed": "other fields of a body changed",
    "seat-added": "a seat was added to a body's composition",
    "seat-removed": "a seat was removed from a body's composition",
    "seat-changed": "a seat's role, count, organisation or other fields changed",
    "holders-changed": "the people holding (or substituting on) a seat changed",
    "parity-broken": "a parity the body declares no longer holds (warning)",
    "parity-restored": "a parity the body declares holds again",
    "meeting-added": "a meeting was added",
    "meeting-removed": "a meeting was removed from the register",
    "meeting-cancelled": "a meeting's status became cancelled",
    "meeting-status-changed": "a meeting's status changed otherwise",
    "meeting-moved": "a meeting's date, times or venue changed",
    "meeting-changed": "other fields of a meeting changed",
    "agenda-item-added": "an item was added to a meeting's agenda",
    "agenda-item-removed": "an item was removed from a meeting's agenda",
    "agenda-item-changed": "an agenda item's name, number, result or other fields changed",
    "agenda-reordered": "a meeting's agenda items are in another order",
    "attendance-changed": "a member's attendance at a sitting changed (status, proxy, arrival "
    "or departure), or was recorded or removed",
    "outcome-changed": "the outcome of a deliberation changed (adopted, rejected ...)",
    "vote-changed": "the vote on a deliberation changed (counts, names, unanimity)",
    "notice-period-unmet": "a meeting added or moved can no longer be convened in time (warning)",
    "decision-added": "a decision was added",
    "decision-removed": "a decision was removed",
    "decision-changed": "fields of a decision changed",
    "action-added": "a follow-up action was added to a decision",
    "action-removed": "a follow-up action was removed from a decision",
    "action-status-changed": "a follow-up action's status changed",
    "action-changed": "other fields of a follow-up action changed",
    "dispatch-added": "a convocation sent by e-mail was recorded (data/dispatches.yaml)",
    "dispatch-removed": "a recorded dispatch was removed: the proof of a convocation sent "
    "(warning)",
    "dispatch-changed": "a recorded dispatch was changed: the proof of a convocation sent "
    "(warning)",
    **{
        f"{kind}-{what}": f"{label} was {what}"
        for kind, label in (
            ("organization", "an organisation"),
            ("person", "a person"),
            ("venue", "a venue"),
            ("source", "a source"),
        )
        for what in ("added", "removed", "changed")
    },
}
"""Every change type, with what it means (documented in docs/diff.md)."""


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after, as JSON values (``None``: unset or absent)."""

    field: str
    old: Any
    new: Any

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Change:
    """One thing the change does to the register.

    ``kind`` and ``id`` name the record (``meeting``, ``cmpt-2015-02-13``); ``item`` names the
    part of it concerned, when there is one (a seat id, an action id, an agenda item's name,
    a parity's organisations); ``title`` is how people call the record; ``message`` says what
    changed, in one plain-text sentence without the record's name.
    """

    type: str
    kind: str
    id: str
    title: str
    message: str
    item: str | None = None
    level: Level = "info"
    fields: tuple[FieldChange, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON shape of a change (see docs/diff.md)."""
        return {
            "type": self.type,
            "level": self.level,
            "kind": self.kind,
            "id": self.id,
            "item": self.item,
            "title": self.title,
            "message": self.message,
            "fields": [f.as_dict() for f in self.fields],
        }


# --------------------------------------------------------------------------- values


def show(value: Any) -> str:
    """A value as a message shows it: ``unset``, ISO dates, ``10:30``, short lists."""
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return show(value.model_dump(mode="json", exclude_defaults=True))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "none" if not value else ", ".join(show(v) for v in value)
    return str(value)


_SHORT = 60


def _arrow(name: str, old: Any, new: Any) -> str:
    """``name old → new``; for values too long for one line, what changed in them: the keys of
    a mapping (``exempt: PF203 added``), the length of a list."""
    before, after = show(old), show(new)
    if len(before) <= _SHORT and len(after) <= _SHORT and "\n" not in before + after:
        return f"{name} {before} → {after}"
    if isinstance(old, dict | None) and isinstance(new, dict | None) and (old or new):
        was, now = old or {}, new or {}
        parts = [f"{k} added" for k in now if k not in was]
        parts += [f"{k} removed" for k in was if k not in now]
        parts += [f"{k} changed" for k in now if k in was and was[k] != now[k]]
        return f"{name}: " + ", ".join(str(part) for part in parts)
    if isinstance(old, list | tuple) and isinstance(new, list | tuple) and len(old) != len(new):
        return f"{name} changed ({len(old)} → {len(new)} entries)"
    return f"{name} changed"


def _json(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")


def _field_changes(
    old: BaseModel, new: BaseModel, *, only: Sequence[str] = (), skip: Iterable[str] = ()
) -> list[FieldChange]:
    """Fields whose value differs, in the model's order."""
    skipped = set(skip)
    names = [
        n
        for n in type(new).model_fields
        if n not in skipped and (not only or n in only) and n != "id"
    ]
    changed = [n for n in names if getattr(old, n) != getattr(new, n)]
    if not changed:
        return []
    before, after = _json(old), _json(new)
    return [FieldChange(n, before.get(n), after.get(n)) for n in changed]


def _describe(old: BaseModel, new: BaseModel, changes: Sequence[FieldChange]) -> str:
    return "; ".join(_arrow(c.field, getattr(old, c.field), getattr(new, c.field)) for c in changes)


T = TypeVar("T")


def _pair_by_key(
    old: Sequence[T], new: Sequence[T], key: Callable[[T], str]
) -> Iterator[tuple[T | None, T | None]]:
    """Pairs (old, new) matched by ``key``, in the new order then the removed ones in the old
    order. A key written twice pairs its occurrences in order (duplicate ids are a check
    finding, not a reason to lose records here)."""
    pending: dict[str, list[T]] = {}
    for item in old:
        pending.setdefault(key(item), []).append(item)
    for item in new:
        olds = pending.get(key(item))
        yield (olds.pop(0) if olds else None), item
    for olds in pending.values():
        for item in olds:
            yield item, None


# --------------------------------------------------------------------------- the comparison


@dataclass
class _Side:
    register: Register
    names: dict[str, str]

    @classmethod
    def of(cls, register: Register) -> _Side:
        names: dict[str, str] = {}
        for kind in ("organizations", "people", "venues", "bodies"):
            for record in getattr(register, kind):
                names.setdefault(record.id, record.name)
        return cls(register, names)

    def name(self, ref: str | None) -> str:
        if ref is None:
            return "unset"
        return self.names.get(ref, ref)


@dataclass(frozen=True)
class _On:
    """The changes to one record: its kind, id and title are said once, not at every change."""

    changes: list[Change]
    kind: str
    id: str
    title: str

    def __call__(self, type_: str, message: str, **kw: Any) -> None:
        self.changes.append(Change(type_, self.kind, self.id, self.title, message, **kw))

    def fields(
        self,
        type_: str,
        old: BaseModel,
        new: BaseModel,
        changes: Sequence[FieldChange],
        prefix: str = "",
        **kw: Any,
    ) -> None:
        """``type_`` listing ``changes`` (the fields that differ), when there are any."""
        if changes:
            self(type_, prefix + _describe(old, new, changes), fields=tuple(changes), **kw)


class _Differ:
    def __init__(self, base: Register, head: Register, as_of: dt.date) -> None:
        self.base = _Side.of(base)
        self.head = _Side.of(head)
        self.as_of = as_of
        self.changes: list[Change] = []

    def on(self, kind: str, id_: str, title: str) -> _On:
        return _On(self.changes, kind, id_, title)

    # ----------------------------------------------------------------------- records

    def run(self) -> list[Change]:
        self.settings()
        self.records("bodies", self.body)
        self.records("meetings", self.meeting)
        self.records("decisions", self.decision)
        for kind, singular in (
            ("organizations", "organization"),
            ("people", "person"),
            ("venues", "venue"),
            ("sources", "source"),
        ):
            self.records(kind, self.plain(singular))
        self.records("dispatches", self.dispatch)
        return self.changes

    def records(self, kind: str, compare: Callable[[Any, Any], None]) -> None:
        pairs = _pair_by_key(
            getattr(self.base.register, kind), getattr(self.head.register, kind), lambda r: r.id
        )
        for old, new in pairs:
            if old is None or new is None or old != new:
                compare(old, new)

    def settings(self) -> None:
        old, new = self.base.register.settings, self.head.register.settings
        on = self.on("settings", "register", new.name)
        on.fields("settings-changed", old, new, _field_changes(old, new))

    def plain(self, singular: str) -> Callable[[Any, Any], None]:
        def compare(old: Any, new: Any) -> None:
            record = new if new is not None else old
            title = str(getattr(record, "name", None) or getattr(record, "title", record.id))
            on = self.on(singular, record.id, title)
            if old is None:
                on(f"{singular}-added", "added")
            elif new is None:
                on(f"{singular}-removed", "removed")
            else:
                on.fields(f"{singular}-changed", old, new, _field_changes(old, new))

        return compare

    def dispatch(self, old: Dispatch | None, new: Dispatch | None) -> None:
        record = new if new is not None else old
        assert record is not None
        meeting = self.head.register.index("meetings").get(record.meeting)
        what = f"meeting {record.meeting}" + (
            f" ({self._meeting_title(meeting, self.head)})" if meeting is not None else ""
        )
        on = self.on("dispatch", record.id, f"{record.person} <{record.to}>")
        if old is None:
            on(
                "dispatch-added",
                f"sent the convocation to {what} at {record.sent_at.isoformat()}, accepted by "
                f"the server: {record.server_reply}",
            )
        elif new is None:
            on(
                "dispatch-removed",
                f"removed: the proof that the convocation to {what} was sent",
                level="warning",
            )
        else:
            on.fields("dispatch-changed", old, new, _field_changes(old, new), level="warning")

    # ----------------------------------------------------------------------- bodies

    def body(self, old: Body | None, new: Body | None) -> None:
        if new is None:
            assert old is not None
            self.on("body", old.id, old.name)("body-removed", "removed")
            return
        on = self.on("body", new.id, new.name)
        if old is None:
            seats = len(new.seats)
            on("body-added", f"added ({new.kind}, {seats} seat{'s' * (seats != 1)})")
            self.parity(on, None, new)
            return
        if old.name != new.name:
            on(
                "body-renamed",
                f"renamed: {old.name} → {new.name}",
                fields=(FieldChange("name", old.name, new.name),),
            )
        on.fields("body-changed", old, new, _field_changes(old, new, skip=("name", "seats")))
        for old_seat, new_seat in _pair_by_key(old.seats, new.seats, lambda s: s.id):
            if old_seat != new_seat:
                self.seat(on, old_seat, new_seat)
        self.parity(on, old, new)

    def _seat_words(self, seat: Seat, side: _Side) -> str:
        words = [seat.role]
        if seat.on_behalf_of:
            words.append(f"for {side.name(seat.on_behalf_of)}")
        if seat.count is None:
            words.append("count unset")
        elif seat.count != 1:
            words.append(f"×{seat.count}")
        if seat.capacity != Capacity.MEMBER:
            words.append(seat.capacity)
        holders = [side.name(h.person) for h in seat.holders]
        if holders:
            words.append("held by " + ", ".join(holders))
        return ", ".join(words)

    def seat(self, on: _On, old: Seat | None, new: Seat | None) -> None:
        if new is None:
            assert old is not None
            on(
                "seat-removed",
                f"seat {old.id} removed ({self._seat_words(old, self.base)})",
                item=old.id,
                fields=_whole(old, SEAT_FIELDS, removed=True),
            )
            return
        if old is None:
            on(
                "seat-added",
                f"seat {new.id} added ({self._seat_words(new, self.head)})",
                item=new.id,
                fields=_whole(new, SEAT_FIELDS),
            )
            return
        changes = _field_changes(old, new, skip=("holders", "substitutes"))
        on.fields("seat-changed", old, new, changes, prefix=f"seat {new.id}: ", item=new.id)
        people: list[FieldChange] = []
        words: list[str] = []
        for group in ("holders", "substitutes"):
            before, after = getattr(old, group), getattr(new, group)
            if before == after:
                continue
            people.append(
                FieldChange(
                    group,
                    [h.model_dump(mode="json") for h in before],
                    [h.model_dump(mode="json") for h in after],
                )
            )
            words.append(
                f"{group} {self._holders(before, self.base)} → {self._holders(after, self.head)}"
            )
        if people:
            on(
                "holders-changed",
                f"seat {new.id}: " + "; ".join(words),
                item=new.id,
                fields=tuple(people),
            )

    @staticmethod
    def _holders(holders: Sequence[Any], side: _Side) -> str:
        if not holders:
            return "none"
        out = []
        for h in holders:
            period = ""
            if h.start_date or h.end_date:
                period = f" ({show(h.start_date) if h.start_date else '…'}–"
                period += f"{show(h.end_date) if h.end_date else '…'})"
            out.append(side.name(h.person) + period)
        return ", ".join(out)

    def parity(self, on: _On, old: Body | None, new: Body) -> None:
        """Parity broken or restored: each declaration of ``new`` judged on both sides (a
        declaration new to ``new``, or a new body, counts as holding before)."""
        from prefig.rules.composition import parity_holds

        before = {_parity_key(p): p for p in old.parity} if old is not None else {}
        for parity in new.parity:
            key = _parity_key(parity)
            holds, described = parity_holds(new, parity)
            was: bool | None = None
            if old is not None and key in before:
                was = parity_holds(old, before[key])[0]
            between = ", ".join(self.head.name(o) for o in parity.between)
            item = "=".join(parity.between)
            if not holds and was is not False:
                on(
                    "parity-broken",
                    f"parity between {between} ({parity.basis}) no longer holds: {described}",
                    item=item,
                    level="warning",
                    fields=(FieldChange("parity", was, False),),
                )
            elif holds and was is False:
                on(
                    "parity-restored",
                    f"parity between {between} ({parity.basis}) holds again: {described}",
                    item=item,
                    fields=(FieldChange("parity", False, True),),
                )

    # ----------------------------------------------------------------------- meetings

    def _meeting_title(self, meeting: Meeting, side: _Side) -> str:
        if meeting.name:
            return meeting.name
        body: Body | None = side.register.index("bodies").get(meeting.body)
        who = (body.short_name or body.name) if body else meeting.body
        return f"{who}, {show(meeting.date)}"

    def _when_where(self, meeting: Meeting, side: _Side) -> str:
        words = [show(meeting.date)]
        if meeting.start_time:
            words.append(show(meeting.start_time))
        if meeting.location:
            words.append(f"at {side.name(meeting.location)}")
        return " ".join(words)

    def meeting(self, old: Meeting | None, new: Meeting | None) -> None:
        if new is None:
            assert old is not None
            self.on("meeting", old.id, self._meeting_title(old, self.base))(
                "meeting-removed",
                f"removed (was on {self._when_where(old, self.base)})",
                fields=_whole(old, MEETING_FIELDS, removed=True),
            )
            return
        on = self.on("meeting", new.id, self._meeting_title(new, self.head))
        if old is None:
            status = f", {new.status}" if new.status != MeetingStatus.PLANNED else ""
            on(
                "meeting-added",
                f"added: {self._when_where(new, self.head)}{status}",
                fields=_whole(new, MEETING_FIELDS),
            )
            self.notice(on, None, new)
            return
        if old.status != new.status:
            cancelled = new.status == MeetingStatus.CANCELLED
            said = "cancelled" if cancelled else f"status {old.status} → {new.status}"
            fields: tuple[FieldChange, ...] = (
                FieldChange("status", str(old.status), str(new.status)),
            )
            replacement = self.head.register.index("meetings").get(new.rescheduled_as or "")
            if new.status == MeetingStatus.POSTPONED and replacement is not None:
                said = f"postponed to {self._when_where(replacement, self.head)}"
                said += f" ({replacement.id})"
                fields = (*fields, FieldChange("rescheduled_as", None, replacement.id))
            on("meeting-cancelled" if cancelled else "meeting-status-changed", said, fields=fields)
        moved = _field_changes(old, new, only=MOVE_FIELDS)
        if moved:
            words = []
            for change in moved:
                before, after = getattr(old, change.field), getattr(new, change.field)
                if change.field == "location":
                    words.append(f"venue {self.base.name(before)} → {self.head.name(after)}")
                else:
                    words.append(_arrow(change.field.replace("_", " "), before, after))
            on("meeting-moved", "moved: " + "; ".join(words), fields=tuple(moved))
            if old.date != new.date:
                self.notice(on, old, new)
        skip: tuple[str, ...] = (*MOVE_FIELDS, "status", "agenda", "attendance")
        if old.status != new.status and new.status == MeetingStatus.POSTPONED:
            skip = (*skip, "rescheduled_as")  # said with the postponement
        others = _field_changes(old, new, skip=skip)
        on.fields("meeting-changed", old, new, others)
        if old.attendance != new.attendance:
            self.attendance(on, old.attendance, new.attendance)
        if old.agenda != new.agenda:
            self.agenda(on, old.agenda, new.agenda)

    def attendance(self, on: _On, old: Sequence[Attendance], new: Sequence[Attendance]) -> None:
        """One ``attendance-changed`` per member whose entry was recorded, removed or changed."""
        for before, after in _pair_by_key(old, new, lambda e: e.person):
            if after is None:
                assert before is not None
                name = self.base.name(before.person)
                on(
                    "attendance-changed",
                    f"attendance of {name} removed (was {before.status})",
                    item=before.person,
                    fields=(FieldChange("status", str(before.status), None),),
                )
            elif before is None:
                name = self.head.name(after.person)
                proxy = f", proxy to {self.head.name(after.proxy_to)}" if after.proxy_to else ""
                on(
                    "attendance-changed",
                    f"attendance of {name} recorded: {after.status}{proxy}",
                    item=after.person,
                    fields=(FieldChange("status", None, str(after.status)),),
                )
            else:
                changes = _field_changes(before, after, skip=("person",))
                prefix = f"attendance of {self.head.name(after.person)}: "
                on.fields("attendance-changed", before, after, changes, prefix, item=after.person)

    def deliberation(
        self, on: _On, label: str, item: str, old: Deliberation, new: Deliberation
    ) -> None:
        """``outcome-changed`` and ``vote-changed`` for a deliberation recorded on both sides."""
        said = f"deliberation {new.number} (agenda item {label}): "
        if old.outcome != new.outcome:
            on(
                "outcome-changed",
                said + f"{old.outcome} → {new.outcome}",
                item=item,
                fields=(FieldChange("deliberation.outcome", str(old.outcome), str(new.outcome)),),
            )
        if old.vote != new.vote:
            on(
                "vote-changed",
                said + f"vote {_vote_words(old.vote)} → {_vote_words(new.vote)}",
                item=item,
                fields=(
                    FieldChange(
                        "deliberation.vote",
                        None if old.vote is None else _json(old.vote),
                        None if new.vote is None else _json(new.vote),
                    ),
                ),
            )

    def agenda(self, on: _On, old: Sequence[AgendaItem], new: Sequence[AgendaItem]) -> None:
        kept: list[tuple[int, int]] = []  # (index in old, index in new) of the items kept
        for i, j in _pair_agenda(old, new):
            if i is None:
                assert j is not None
                item = new[j]
                on(
                    "agenda-item-added",
                    f"agenda item added: {_numbered(item, j)}",
                    item=item.name,
                )
            elif j is None:
                item = old[i]
                on(
                    "agenda-item-removed",
                    f"agenda item removed: {_numbered(item, i)}",
                    item=item.name,
                )
            else:
                kept.append((i, j))
                before, after = old[i], new[j]
                # Renamed, the item is named by its number, as the change then says.
                label = after.name if before.name == after.name else _number(after, j)
                old_d, new_d = before.deliberation, after.deliberation
                both = old_d is not None and new_d is not None
                changes = _field_changes(before, after, skip=("deliberation",) if both else ())
                prefix = f"agenda item {label}: "
                on.fields("agenda-item-changed", before, after, changes, prefix, item=after.name)
                if old_d is not None and new_d is not None and old_d != new_d:
                    self.deliberation(on, label, after.name, old_d, new_d)
                    rest = _field_changes(old_d, new_d, skip=("outcome", "vote"))
                    if rest:
                        on(
                            "agenda-item-changed",
                            f"{prefix}deliberation {_describe(old_d, new_d, rest)}",
                            item=after.name,
                            fields=tuple(replace(c, field=f"deliberation.{c.field}") for c in rest),
                        )
        by_new = sorted(kept, key=lambda pair: pair[1])
        if [i for i, _ in by_new] != sorted(i for i, _ in by_new):
            on(
                "agenda-reordered",
                "agenda reordered",
                fields=(
                    FieldChange(
                        "agenda",
                        [old[i].name for i, _ in sorted(kept)],
                        [new[j].name for _, j in by_new],
                    ),
                ),
            )

    def notice(self, on: _On, old: Meeting | None, new: Meeting) -> None:
        """Flag a meeting added or moved whose convocation can no longer be sent in time."""
        from prefig.readiness import notice_verdict

        if new.status in (MeetingStatus.CANCELLED, MeetingStatus.HELD) or new.date < self.as_of:
            return
        body: Body | None = self.head.register.index("bodies").get(new.body)
        if body is None:
            return
        verdict = notice_verdict(body, new)
        if verdict is None or verdict.last_day >= self.as_of:
            return
        deadline = verdict.last_day
        # A convocation sent in time for the new date, recorded with this change, settles it;
        # one sent for the former date announced the wrong day.
        sent_anew = old is None or old.convened_on != new.convened_on
        if sent_anew and new.convened_on is not None and new.convened_on <= deadline:
            return
        what = "added" if old is None else f"moved to {show(new.date)}"
        on(
            "notice-period-unmet",
            f"{what}: the notice period of {body.short_name or body.name} "
            f"({verdict.describe()}) can no "
            f"longer be met (convocation due by {show(deadline)}; as of {show(self.as_of)})",
            level="warning",
            fields=(
                FieldChange("date", show(old.date) if old else None, show(new.date)),
                FieldChange("convocation_deadline", None, show(deadline)),
            ),
        )

    # ----------------------------------------------------------------------- decisions

    def decision(self, old: Decision | None, new: Decision | None) -> None:
        if new is None:
            assert old is not None
            self.on("decision", old.id, old.title)("decision-removed", "removed")
            return
        on = self.on("decision", new.id, new.title)
        if old is None:
            actions = len(new.actions)
            on("decision-added", f"added ({actions} action{'s' * (actions != 1)})")
            return
        on.fields("decision-changed", old, new, _field_changes(old, new, skip=("actions",)))
        for before, after in _pair_by_key(old.actions, new.actions, lambda a: a.id):
            if before != after:
                self.action(on, before, after)

    def action(self, on: _On, old: Action | None, new: Action | None) -> None:
        if new is None:
            assert old is not None
            on("action-removed", f"action {old.id} removed", item=old.id)
            return
        if old is None:
            on("action-added", f"action {new.id} added ({new.status})", item=new.id)
            return
        if old.status != new.status:
            on(
                "action-status-changed",
                f"action {new.id}: status {old.status} → {new.status}",
                item=new.id,
                fields=(FieldChange("status", str(old.status), str(new.status)),),
            )
        changes = _field_changes(old, new, skip=("status",))
        on.fields("action-changed", old, new, changes, prefix=f"action {new.id}: ", item=new.id)


def _whole(
    record: BaseModel, names: Sequence[str], *, removed: bool = False
) -> tuple[FieldChange, ...]:
    """The main fields of a record added (``old`` null) or removed (``new`` null)."""
    values = record.model_dump(mode="json", include=set(names))
    return tuple(
        FieldChange(n, values[n], None) if removed else FieldChange(n, None, values[n])
        for n in names
    )


def _vote_words(vote: Vote | None) -> str:
    """A vote in a few words: ``unanimous``, ``17 for, 2 against, 2 abstentions``, ``unset``."""
    if vote is None:
        return "unset"
    if vote.unanimous:
        return "unanimous"
    words = [
        f"{vote.count('in_favour')} for",
        f"{vote.count('against')} against",
        f"{vote.count('abstentions')} abstentions",
    ]
    if vote.count("not_taking_part"):
        words.append(f"{vote.count('not_taking_part')} not taking part")
    named = vote.voted_for + vote.voted_against + vote.abstained + vote.did_not_take_part
    return ", ".join(words) + (" (named)" if named else "")


def _number(item: AgendaItem, index: int) -> str:
    """An agenda item's number: as written, else its rank on the agenda."""
    return item.number or str(index + 1)


def _pair_agenda(
    old: Sequence[AgendaItem], new: Sequence[AgendaItem]
) -> list[tuple[int | None, int | None]]:
    """Agenda items matched as (index in old, index in new), in the new order, then the items
    removed in the old order.

    Items have no id. An item whose name is kept is the same item, wherever it moved and
    whatever its number now (numbers shift when an item is inserted before it); the items
    left are matched by number (as written, else their rank), so that an item renamed in
    place is a change of its name rather than a removal and an addition.
    """
    match: dict[int, int] = {}  # new index -> old index
    for pass_key in (lambda item, _: item.name, _number):
        waiting: dict[str, list[int]] = {}
        taken = set(match.values())
        for i, item in enumerate(old):
            if i not in taken:
                waiting.setdefault(pass_key(item, i), []).append(i)
        for j, item in enumerate(new):
            if j not in match and (olds := waiting.get(pass_key(item, j))):
                match[j] = olds.pop(0)
    matched = set(match.values())
    pairs: list[tuple[int | None, int | None]] = [(match.get(j), j) for j in range(len(new))]
    pairs += [(i, None) for i in range(len(old)) if i not in matched]
    return pairs


def _parity_key(parity: Parity) -> tuple[frozenset[str], str]:
    return frozenset(parity.between), parity.basis


def _numbered(item: AgendaItem, index: int) -> str:
    return f"{_number(item, index)}. {item.name}"


def diff_registers(base: Register, head: Register, *, as_of: dt.date) -> list[Change]:
    """Every change from ``base`` to ``head``: the settings, then the governance (bodies,
    meetings, decisions), then the reference records (organisations, people, venues,
    sources); within a kind, records in ``head``'s order, then those removed in ``base``'s
    order."""
    return _Differ(base, head, as_of).run()


@dataclass(frozen=True)
class Endpoint:
    """One side of a comparison: a revision (its name and commit) or the working tree."""

    revision: str | None = None
    commit: str | None = None

    @property
    def names_commit(self) -> bool:
        """Whether the revision was written as (a prefix of) the commit's own id."""
        return bool(self.revision and self.commit and self.commit.startswith(self.revision.lower()))

    @property
    def short(self) -> str | None:
        return self.commit[:10] if self.commit else None

    @property
    def label(self) -> str:
        """``main (1a2b3c4d5e)``; a commit id alone when the revision is one."""
        if self.revision is None:
            return "working tree"
        if self.names_commit:
            return f"{self.short}"
        return f"{self.revision} ({self.short})" if self.commit else self.revision

    def as_dict(self) -> dict[str, Any]:
        return {"revision": self.revision, "commit": self.commit, "label": self.label}


@dataclass(frozen=True)
class DiffReport:
    """The changes from ``base`` to ``head``, and the day notice periods were judged at."""

    base: Endpoint
    head: Endpoint
    as_of: dt.date
    changes: tuple[Change, ...]

    @property
    def warnings(self) -> int:
        return sum(1 for c in self.changes if c.level == "warning")

    @property
    def records(self) -> int:
        return len({(c.kind, c.id) for c in self.changes})

    def as_dict(self) -> dict[str, Any]:
        """The stable JSON document of a diff (see docs/diff.md)."""
        counts: dict[str, int] = {}
        for change in self.changes:
            counts[change.type] = counts.get(change.type, 0) + 1
        return {
            "version": JSON_VERSION,
            "base": self.base.as_dict(),
            "head": self.head.as_dict(),
            "as_of": self.as_of.isoformat(),
            "summary": {
                "changes": len(self.changes),
                "records": self.records,
                "warnings": self.warnings,
                "by_type": dict(sorted(counts.items())),
            },
            "changes": [c.as_dict() for c in self.changes],
        }
