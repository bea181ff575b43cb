"""prefig: a register of governance bodies, their meetings and decisions, kept honest."""

from __future__ import annotations

__version__ = "0.1.0"

REPOSITORY_URL = "https://github.com/prefig-register/prefig"
"""Where prefig's source and documentation live; SARIF logs link rules to their
documentation there (``docs/rules.md``)."""
