"""The rules' documentation, from their docstrings: for `prefig rules` and docs/rules.md."""

from __future__ import annotations

from prefig.rules import FAMILIES, Rule, every_rule

SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")
"""The sections every rule's docstring has, in this order."""


def missing_sections(rule: Rule) -> list[str]:
    """The documented sections ``rule``'s docstring lacks (or has out of order)."""
    doc = rule.doc
    missing = [s for s in SECTIONS if s not in doc]
    if not missing:
        positions = [doc.index(s) for s in SECTIONS]
        if positions != sorted(positions):
            return ["sections out of order"]
    return missing


def rule_heading(rule: Rule) -> str:
    return f"{rule.code} {rule.name} ({rule.severity}, {rule.family})"


def rules_markdown() -> str:
    """docs/rules.md: every loader code and rule, grouped by family, with its full doc."""
    lines = [
        "# Rules",
        "",
        "<!-- Generated from the rule docstrings by `prefig rules --markdown`; do not edit. -->",
        "",
        "`prefig check` reports each finding with one of these codes. `prefig rules` lists",
        "them and `prefig rules CODE` explains one. A register may turn a rule off or change",
        "its severity in `data/register.yaml`:",
        "",
        "```yaml",
        "rules:",
        "  PF304: {enabled: false}",
        "  PF203: {severity: error}",
        "```",
        "",
        "and a record may carry a justified exemption:",
        "",
        "```yaml",
        "exempt:",
        '  PF302: "the source does not say whether the meeting was held"',
        "```",
        "",
        "Unknown codes in either place are errors (PF103). On the command line, `--select` and",
        "`--ignore` take codes or prefixes (`PF3`), and `--strict` turns warnings into errors.",
        "Date rules compare with `--as-of DATE` (today by default).",
        "",
        "| code | name | default | summary |",
        "|---|---|---|---|",
    ]
    rules = every_rule()
    for code, r in rules.items():
        lines.append(f"| [{code}](#{code.lower()}) | {r.name} | {r.severity} | {r.summary} |")
    lines += [
        "",
        f"## {FAMILIES['0'].capitalize()} (PF0xx)",
        "",
        "Codes PF001-PF009 mean a file cannot be read at all: the register is unreadable and",
        "`prefig check` exits 2. PF010-PF019 are records that do not fit the model; the other",
        "records are still checked.",
        "",
    ]
    family = "0"
    for code, r in rules.items():
        if code[2] != family:
            family = code[2]
            lines += [f"## {FAMILIES.get(family, 'other').capitalize()} (PF{family}xx)", ""]
        body = r.doc.splitlines()
        summary_end = next((i for i, line in enumerate(body) if not line.strip()), len(body))
        lines += [f"### {code}", "", f"`{r.name}`, default severity **{r.severity}**.", ""]
        lines += [" ".join(line.strip() for line in body[:summary_end]), ""]
        for line in body[summary_end + 1 :]:
            lines.append("##" + line if line.startswith("## ") else line)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
