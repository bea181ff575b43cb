"""The shipped 2015 register loads and passes `prefig check`."""

from __future__ import annotations

import json
from collections.abc import Callable

from typer.testing import Result

from prefig.load import load_register
from tests.conftest import SHIPPED


def test_shipped_register_loads_cleanly() -> None:
    result = load_register(SHIPPED)
    assert result.diagnostics == []
    register = result.register
    assert register is not None
    assert [b.level for b in register.bodies] == [1, 2, 3, 4]
    assert {m.date.isoformat() for m in register.meetings} == {"2015-02-13", "2015-03-10"}
    assert all(m.start_time is None for m in register.meetings)


def test_shipped_register_passes_check(run: Callable[..., Result]) -> None:
    result = run("--register", str(SHIPPED), "check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["diagnostics"] == []
