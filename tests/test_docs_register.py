"""docs/register.md documents every field of every model, and its tables are up to date.

Regenerate with ``python docs/gen_register.py`` (or ``PREFIG_UPDATE_GOLDEN=1 pytest``).
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tests.conftest import REPO, compare_golden


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_register", REPO / "docs" / "gen_register.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_model_field_has_a_docstring() -> None:
    assert _generator().undocumented() == []


def test_register_doc_is_up_to_date() -> None:
    gen = _generator()
    fresh = gen.updated(gen.PAGE.read_text("utf-8"))
    compare_golden(gen.PAGE, fresh, hint="run python docs/gen_register.py")


def test_every_file_and_model_is_in_the_doc() -> None:
    gen = _generator()
    page = gen.PAGE.read_text("utf-8")
    for path, _ in gen.FILES:
        assert f"`{path}`" in page
    for cls in gen.models_in_order():
        for name in cls.model_fields:
            assert f"| `{name}` |" in page
