"""The register's closed vocabularies: the words a field may take, one enum each.

Shared by the model (:mod:`prefig.model` validates the register against them), the core
(queries and rules compare with their members rather than with strings) and the command line
(``--status`` offers their values). Each is a :class:`enum.StrEnum`, so a member is the very
string the register writes: it compares equal to it, formats as it and goes into JSON as it.

This module imports nothing but :mod:`enum`: the command line imports it at start-up to
build its options, without paying for the model (see docs/latency.md).

The enums carry comments rather than docstrings: Pydantic copies an enum's docstring into
the JSON Schemas of the data files (``schemas/``), which describe the fields instead.
"""

from __future__ import annotations

import enum

# --------------------------------------------------------------------------- register.yaml


# The severity a register gives a rule in ``rules:`` (`RuleSetting.severity`).
class SeverityName(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# --------------------------------------------------------------------------- records


# What sort of document a source is (`Source.kind`).
class SourceKind(enum.StrEnum):
    PRESS_RELEASE = "press-release"
    PRESS = "press"
    LAW = "law"
    MINUTES = "minutes"
    DECISION = "decision"
    LETTER = "letter"
    OTHER = "other"


# What sort of organisation it is (`Organization.classification`). French local authorities
# are written as the French word without accents, as ``region`` is (``departement``, not the
# English "department", which would read as a service of an administration); ``epci`` is an
# établissement public de coopération intercommunale (a communauté de communes, d'agglomération,
# urbaine, a métropole).
class OrganizationKind(enum.StrEnum):
    COMMUNE = "commune"
    DEPARTEMENT = "departement"
    EPCI = "epci"
    REGION = "region"
    CESER = "ceser"
    STATE = "state"
    ADMINISTRATION = "administration"
    POLITICAL_GROUP = "political-group"
    STAFF_REPRESENTATION = "staff-representation"
    ASSEMBLY = "assembly"
    OTHER = "other"


# A person's gender, used only to agree French titles in letters (`Person.gender`).
class Gender(enum.StrEnum):
    FEMALE = "female"
    MALE = "male"


# What sort of body it is (`Body.kind`).
class BodyKind(enum.StrEnum):
    POLITICAL = "political"
    ADMINISTRATIVE = "administrative"
    CONSULTATIVE = "consultative"
    ASSEMBLY = "assembly"
    OTHER = "other"


# How a seat takes part in its body (`Seat.capacity`): a member, a contributor (takes part
# without being a member, "avec le concours de") or an observer. Only members may vote.
class Capacity(enum.StrEnum):
    MEMBER = "member"
    CONTRIBUTOR = "contributor"
    OBSERVER = "observer"


# What a parity counts (`Parity.basis`): every member seat, or only the voting ones.
class ParityBasis(enum.StrEnum):
    SEATS = "seats"
    VOTING_SEATS = "voting-seats"


# How often a body meets or acts (`Cadence.frequency`).
class Frequency(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"
    AS_NEEDED = "as-needed"


# What a party points at (`Party`: who is responsible for a body, chairs or convenes it,
# takes a decision or acts on it): the one of its fields that it sets.
class PartyKind(enum.StrEnum):
    SEAT = "seat"
    PERSON = "person"
    BODY = "body"
    ORGANIZATION = "organization"


# What a relation from a body to a body or organisations is, read from the body
# (`Relation.kind`).
class RelationKind(enum.StrEnum):
    FOLLOWS_ORIENTATIONS_OF = "follows-orientations-of"
    PREPARES_DELIBERATIONS_OF = "prepares-deliberations-of"
    REVIEWS_DELIBERATIONS_OF = "reviews-deliberations-of"
    REPORTS_TO = "reports-to"
    REFERS_TO = "refers-to"
    PART_OF = "part-of"


# Whether the members present must reach a quorum's fraction or exceed it
# (`Quorum.comparison`).
class QuorumComparison(enum.StrEnum):
    AT_LEAST = "at-least"
    MORE_THAN = "more-than"


# Where a meeting stands (`Meeting.status`).
class MeetingStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


# Where a follow-up action stands (`Action.status`).
class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in-progress"
    DONE = "done"
    DROPPED = "dropped"


# How a notice period counts its days (`NoticePeriod.counting`): days before the meeting, or
# jours francs, where neither the day of sending nor the day of the meeting counts.
class NoticeCounting(enum.StrEnum):
    PLAIN = "plain"
    CLEAR = "clear"


# The notice periods of the CGCT a body may name instead of spelling them out (`Body.notice`);
# their arithmetic is in `prefig.notice.PRESETS`.
class NoticePreset(enum.StrEnum):
    CGCT_COMMUNE_3500_PLUS = "cgct-commune-3500-plus"
    CGCT_COMMUNE_UNDER_3500 = "cgct-commune-under-3500"
    CGCT_EPCI_3500_PLUS = "cgct-epci-3500-plus"
    CGCT_EPCI_UNDER_3500 = "cgct-epci-under-3500"
    CGCT_DEPARTEMENT = "cgct-departement"
    CGCT_REGION = "cgct-region"


# --------------------------------------------------------------------------- sittings


# How a member stood at a sitting (`Attendance.status`): present, excused (the member sent
# apologies), absent, or represented by a proxy given in writing to another member (CGCT
# L2121-20, L4132-15).
class AttendanceStatus(enum.StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"
    REPRESENTED = "represented"


# What came of a deliberation (`Deliberation.outcome`): adopted or rejected by a vote,
# withdrawn from the agenda, or postponed to a later sitting.
class DeliberationOutcome(enum.StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    POSTPONED = "postponed"


# --------------------------------------------------------------------------- French words
# The words French documents, the diagram and the public site use for some of these
# vocabularies: one table each, so that they say the same thing everywhere.

OUTCOME_WORDS = {
    DeliberationOutcome.ADOPTED: "adoptée",
    DeliberationOutcome.REJECTED: "rejetée",
    DeliberationOutcome.WITHDRAWN: "retirée de l'ordre du jour",
    DeliberationOutcome.POSTPONED: "ajournée",
}
"""What became of a deliberation, agreed with "la délibération": the procès-verbal, the
OParl export and the public site say it in these words."""

MEETING_STATUS_WORDS = {
    MeetingStatus.PLANNED: "prévue",
    MeetingStatus.HELD: "tenue",
    MeetingStatus.CANCELLED: "annulée",
    MeetingStatus.POSTPONED: "reportée",
}
"""A meeting's status, agreed with "la réunion" / "la séance"."""

RELATION_WORDS: dict[str, str] = {
    RelationKind.FOLLOWS_ORIENTATIONS_OF: "suit les orientations de",
    RelationKind.PREPARES_DELIBERATIONS_OF: "prépare les délibérations de",
    RelationKind.REVIEWS_DELIBERATIONS_OF: "connaît des projets de délibérations de",
    RelationKind.REPORTS_TO: "rend compte à",
    RelationKind.REFERS_TO: "saisit",
    RelationKind.PART_OF: "fait partie de",
}
"""A relation between two bodies, as the sentence "BODY <words> OTHER BODY" says it (the
diagram's labels and the site)."""
