"""Convocations by e-mail: the messages (:mod:`~prefig.mail.message`), sending them through
SMTP (:mod:`~prefig.mail.smtp`) and the record of what the mail server accepted, written
back to the register (:mod:`~prefig.mail.dispatch`).

Nothing here prints or exits; the command line (``prefig render convocations --format
eml``, ``prefig send convocations``) turns the values into output and exit codes.
"""

from __future__ import annotations


class MailError(Exception):
    """Convocations that cannot be made or sent as asked; the message says why and what to
    do (exit 2 on the command line)."""
