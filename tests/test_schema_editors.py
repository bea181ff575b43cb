"""What editors read in the schemas: descriptions in plain text and Markdown (no
reStructuredText markup), examples the fields accept, no titles that repeat a key; and
every schema still valid for the draft it declares.

The committed schemas are compared byte for byte in tests/test_schemas.py; these tests say
what every part of them must hold, so that a new field cannot slip past.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.validators import validator_for
from markdown_it import MarkdownIt

from prefig.schema import FILE_KINDS, file_schema, rst_to_markdown, rst_to_plain, schema_text
from tests.conftest import REPO

SCHEMAS = {kind: file_schema(kind) for kind in FILE_KINDS}
RST_MARKUP = re.compile(r"``|:[a-z]+:`")


def described(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema node that has a description, with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            yield path, node
        for key, value in node.items():
            yield from described(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from described(value, f"{path}/{index}")


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(model, field, property schema) of every model in ``schema``."""
    models = {"": schema, **schema.get("$defs", {})}
    for model_name, model in models.items():
        for name, prop in model.get("properties", {}).items():
            yield model_name, name, prop


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_each_schema_is_valid_for_the_draft_it_declares(kind: str) -> None:
    schema = SCHEMAS[kind]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    validator = validator_for(schema)
    assert validator is Draft202012Validator
    validator.check_schema(schema)
    committed = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text("utf-8"))
    assert committed == schema


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_every_description_comes_in_plain_text_and_markdown(kind: str) -> None:
    nodes = list(described(SCHEMAS[kind]))
    assert nodes
    for path, node in nodes:
        assert isinstance(node.get("markdownDescription"), str), path
        assert not RST_MARKUP.search(node["description"]), (path, node["description"])
        assert not RST_MARKUP.search(node["markdownDescription"]), path
        assert "\n" not in node["description"].replace("\n\n", "").replace("\n- ", ""), path


def test_literals_and_roles_become_code_in_markdown() -> None:
    meeting = SCHEMAS["meetings"]["$defs"]["Meeting"]["properties"]["date"]
    assert meeting["description"] == "Day of the meeting (YYYY-MM-DD)."
    assert meeting["markdownDescription"] == "Day of the meeting (`YYYY-MM-DD`)."
    html = MarkdownIt().render(meeting["markdownDescription"])
    assert "<code>YYYY-MM-DD</code>" in html
    convened = SCHEMAS["meetings"]["$defs"]["Meeting"]["properties"]["convened_by"]
    assert "`prefig.query.convenors`" in convened["markdownDescription"]
    assert ":func:" not in convened["description"]


@pytest.mark.parametrize(
    ("rst", "markdown", "plain"),
    [
        ("A day (``YYYY-MM-DD``).", "A day (`YYYY-MM-DD`).", "A day (YYYY-MM-DD)."),
        (
            "See :func:`~prefig.query.office_form` and :class:`prefig.model.Body`.",
            "See `office_form` and `prefig.model.Body`.",
            "See office_form and prefig.model.Body.",
        ),
        ("Wrapped at ninety\ncolumns, one line.", "Wrapped at ninety columns, one line.", None),
        ("One.\n\nTwo.", "One.\n\nTwo.", "One.\n\nTwo."),
        (
            "Kinds:\n\n- ``plain``: days\n  counted;\n- ``clear``: not.\n1. first",
            "Kinds:\n\n- `plain`: days counted;\n- `clear`: not.\n1. first",
            "Kinds:\n\n- plain: days counted;\n- clear: not.\n1. first",
        ),
        # what Markdown would read as markup in the prose stays text
        ("A *star*, [a link] and <b>.", r"A \*star\*, \[a link\] and \<b\>.", None),
        ("A backtick ``a`b`` inside.", "A backtick `a'b` inside.", "A backtick a`b inside."),
    ],
)
def test_rst_conversions(rst: str, markdown: str, plain: str | None) -> None:
    assert rst_to_markdown(rst) == markdown
    assert rst_to_plain(rst) == (plain if plain is not None else markdown.replace("\\", ""))


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_no_title_repeats_a_key(kind: str) -> None:
    for model, name, prop in properties(SCHEMAS[kind]):
        assert "title" not in prop, (model, name)
        for branch in prop.get("anyOf", []):
            assert "title" not in branch, (model, name)


def any_ofs(node: Any, path: str = "") -> Iterator[tuple[str, list[dict[str, Any]]]]:
    if isinstance(node, dict):
        if "anyOf" in node:
            yield path, node["anyOf"]
        for key, value in node.items():
            yield from any_ofs(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from any_ofs(value, f"{path}/{index}")


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_optional_fields_are_nullable_types_not_untitled_alternatives(kind: str) -> None:
    # The YAML language server takes the untitled branches of an anyOf for matches and
    # shows the nearest title once per branch ("Level || Level"); only alternatives that
    # name a model ($ref) stay an anyOf.
    for path, branches in any_ofs(SCHEMAS[kind]):
        assert any("$ref" in branch for branch in branches), path
    level = SCHEMAS["bodies"]["$defs"]["Body"]["properties"]["level"]
    assert level["type"] == ["integer", "null"]
    assert (level["minimum"], level["maximum"]) == (1, 20)


@pytest.mark.parametrize("kind", FILE_KINDS)
def test_examples_are_values_the_field_accepts(kind: str) -> None:
    schema = SCHEMAS[kind]
    for model, name, prop in properties(schema):
        if "examples" not in prop:
            continue
        assert prop["examples"], (model, name)
        validator = Draft202012Validator(
            {**prop, "$defs": schema.get("$defs", {})}, format_checker=FormatChecker()
        )
        for example in prop["examples"]:
            errors = [e.message for e in validator.iter_errors(example)]
            assert errors == [], (model, name, example)


def test_the_fields_people_get_wrong_have_examples() -> None:
    meeting = SCHEMAS["meetings"]["$defs"]["Meeting"]["properties"]
    assert meeting["date"]["examples"] == ["2015-02-13"]
    assert meeting["start_time"]["examples"] == ["10:00"]
    deliberation = SCHEMAS["meetings"]["$defs"]["Deliberation"]["properties"]
    assert deliberation["number"]["examples"] == ["2026-042"]  # from its documentation
    seat = SCHEMAS["bodies"]["$defs"]["Seat"]["properties"]
    assert seat["role"]["examples"] == ["Directeur général des services"]
    counted = sum("examples" in prop for s in SCHEMAS.values() for _, _, prop in properties(s))
    assert counted >= 40


def test_field_names_and_commands_in_the_documentation_are_no_examples() -> None:
    for schema in SCHEMAS.values():
        for model, name, prop in properties(schema):
            for example in prop.get("examples", []):
                assert example not in ("role_feminine", "organizations", "place"), (model, name)
                assert not str(example).startswith("prefig "), (model, name)
                assert "..." not in str(example), (model, name)


def test_the_schema_printed_on_an_ascii_stdout_is_the_same_json() -> None:
    text = schema_text("bodies", ensure_ascii=True)
    assert text.isascii()
    assert json.loads(text) == SCHEMAS["bodies"]


# --------------------------------------------------------------------------- the real server


def yaml_language_server() -> str | None:
    import os
    import shutil

    return os.environ.get("PREFIG_YAML_LANGUAGE_SERVER") or shutil.which("yaml-language-server")


def hovers(data_file: str, keys: list[str]) -> dict[str, str]:
    """What the YAML language server shows on hover over each of ``keys`` (two spaces of
    indentation, as in a list of records) in the shipped ``data/<data_file>``."""
    import os
    import subprocess

    server = yaml_language_server()
    assert server is not None
    process = subprocess.Popen(
        [server, "--stdio"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout

    def send(message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(number: int, method: str, params: dict[str, Any]) -> Any:
        send({"id": number, "method": method, "params": params})
        while True:
            headers = {}
            while line := stdout.readline().decode().strip():
                name, _, value = line.partition(": ")
                headers[name] = value
            message = json.loads(stdout.read(int(headers["Content-Length"])))
            if message.get("id") == number and "method" not in message:
                return message.get("result")
            if "method" in message and "id" in message:  # a request of the server's
                wanted = message["method"] == "workspace/configuration"
                send({"id": message["id"], "result": [{}] if wanted else None})

    path = REPO / "data" / data_file
    text = path.read_text("utf-8")
    lines = text.splitlines()
    try:
        markdown = {"contentFormat": ["markdown"]}
        capabilities = {"textDocument": {"hover": markdown}}
        request(
            1,
            "initialize",
            {"processId": os.getpid(), "rootUri": REPO.as_uri(), "capabilities": capabilities},
        )
        send({"method": "initialized", "params": {}})
        settings = {"yaml": {"hover": True, "validate": True}}
        send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
        document = {"uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": text}
        send({"method": "textDocument/didOpen", "params": {"textDocument": document}})
        out: dict[str, str] = {}
        for number, key in enumerate(keys, start=2):
            line = next(i for i, text in enumerate(lines) if text.startswith(f"  {key}:"))
            where = {
                "textDocument": {"uri": path.as_uri()},
                "position": {"line": line, "character": 3},
            }
            result = request(number, "textDocument/hover", where)
            out[key] = result["contents"]["value"] if result else ""
        return out
    finally:
        process.kill()
        process.wait()
        stdin.close()
        stdout.close()


@pytest.mark.skipif(
    yaml_language_server() is None,
    reason="yaml-language-server is not installed (npm install yaml-language-server; or set "
    "PREFIG_YAML_LANGUAGE_SERVER to its path)",
)
def test_the_yaml_language_server_shows_markdown_examples_and_no_repeated_title() -> None:
    meeting = hovers("meetings.yaml", ["date"])
    assert "Day of the meeting (`YYYY-MM-DD`)." in meeting["date"]
    assert "2015-02-13" in meeting["date"]  # the example
    body = hovers("bodies.yaml", ["level", "name"])
    assert "Rank in the governance" in body["level"]
    assert "||" not in body["level"]
    assert "``" not in body["level"] + body["name"]
