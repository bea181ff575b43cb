"""prefig: a register of governance bodies, their meetings and decisions, kept honest."""

from __future__ import annotations

__version__ = "0.1.0"
