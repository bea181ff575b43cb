"""What `prefig meetings next` imports: only what it needs (see docs/latency.md).

Not a timing test: it guards the import graph that the latency benchmark depends on, by
running the command in a fresh interpreter and listing the modules it loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.conftest import SHIPPED

PROBE = """
import atexit, json, sys
atexit.register(lambda: sys.__stderr__.write("MODULES=" + json.dumps(sorted(sys.modules))))
from prefig.cli import main
sys.argv = ["prefig", *sys.argv[1:]]
main()
"""


def modules_loaded(*args: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PREFIG_REGISTER": str(SHIPPED), **(env or {})},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stderr.rpartition("MODULES=")[2]))


def test_meetings_next_piped_loads_no_yaml_jinja_rules_or_rich() -> None:
    loaded = modules_loaded("meetings", "next", "--as-of", "2015-02-01", env={"NO_COLOR": "1"})
    assert "prefig.model" in loaded  # the register is loaded and validated
    assert "yaml_rs" in loaded
    unwanted = {"yaml", "jinja2", "prefig.rules", "prefig.sourcemap", "prefig.schema", "rich"}
    unwanted |= {"typst", "markdown_it", "prefig.render.pdf"}
    assert loaded.isdisjoint(unwanted), sorted(loaded & unwanted)


def test_meetings_next_on_a_terminal_needs_no_rich() -> None:
    # a heading and fields: styled with terminal codes, no layout engine needed
    loaded = modules_loaded("meetings", "next", "--as-of", "2015-02-01", env={"FORCE_COLOR": "1"})
    assert "rich" not in loaded


def test_tables_on_a_terminal_go_through_rich() -> None:
    loaded = modules_loaded("bodies", "list", env={"FORCE_COLOR": "1"})
    assert "rich.table" in loaded


def test_templates_list_loads_no_jinja() -> None:
    loaded = modules_loaded("templates", "list", env={"NO_COLOR": "1"})
    assert "prefig.render.catalog" in loaded
    assert loaded.isdisjoint({"jinja2", "prefig.render.sandbox", "yaml"})


def test_markdown_documents_load_no_pdf_engine() -> None:
    loaded = modules_loaded("render", "agenda", "cmpt-2015-02-13", "--draft", env={"NO_COLOR": "1"})
    assert "prefig.render.documents" in loaded
    assert loaded.isdisjoint({"typst", "prefig.render.pdf"})


def test_python_m_prefig_loads_what_the_prefig_script_loads() -> None:
    args = ("meetings", "next", "--as-of", "2015-02-01")
    probe = PROBE.replace("from prefig.cli import main\n", "import runpy\n").replace(
        "main()", "runpy.run_module('prefig', run_name='__main__', alter_sys=True)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PREFIG_REGISTER": str(SHIPPED), "NO_COLOR": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stderr.rpartition("MODULES=")[2]))
    assert "prefig.model" in loaded  # the command ran
    assert loaded - {"runpy"} <= modules_loaded(*args, env={"NO_COLOR": "1"})
