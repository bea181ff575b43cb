"""The loader's codes: what each problem found while reading ``data/`` is called.

The one list of them; their documentation, as rules, is :mod:`prefig.rules.loading`. This
module imports nothing, so that reading a register never pays for the rule registry.
"""

from __future__ import annotations

# Loader codes: a file that cannot be read at all (PF001-PF009) makes the register
# unreadable (exit 2); a record that does not fit the model (PF010-PF019) is a finding.
LOADER_CODES: dict[str, tuple[str, str]] = {
    "PF001": ("unreadable-file", "A data file cannot be opened or is not a regular file."),
    "PF002": ("file-too-large", "A data file is larger than the loader accepts."),
    "PF003": ("invalid-encoding", "A data file is not valid UTF-8."),
    "PF004": ("yaml-syntax", "A data file is not well-formed YAML."),
    "PF005": ("duplicate-key", "A mapping has the same key twice."),
    "PF006": ("wrong-document-shape", "A file holds the wrong kind of YAML document."),
    "PF007": ("unsupported-tag", "A value carries a YAML tag (`!name`) that prefig would ignore."),
    "PF010": ("unknown-field", "A record has a field the model does not know."),
    "PF011": ("missing-field", "A record lacks a required field."),
    "PF012": ("invalid-value", "A field's value has the wrong type or form."),
    "PF013": (
        "unexpected-file",
        "A file in data/ that prefig does not read (a misnamed file?); a warning for a file "
        "that is not YAML or JSON.",
    ),
}
FATAL_CODES = frozenset(f"PF00{n}" for n in range(1, 10))
CONFIGURABLE_LOADER_CODES = frozenset({"PF013"})
"""Loader codes that ``rules:`` in register.yaml may turn off or give another severity
(a README kept in data/ on purpose). The others cannot be: a file that cannot be read, or a
record left out because it does not fit the model, must not go unnoticed."""
