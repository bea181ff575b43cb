"""Loading (PF0xx): the codes the loader emits while it reads ``data/``, documented as rules.

The loader reports them (:mod:`prefig.load`); nothing here runs over the register. Their names
and summaries are the loader's (:mod:`prefig.load.codes`); each entry below adds the sections
every rule has. PF001-PF009 mean a file cannot be read at all: the register is unreadable,
``prefig check`` exits 2 and nothing can hide them. PF010-PF019 are records that do not fit
the model: they are left out and the rest of the register is still checked.
"""

from __future__ import annotations

from prefig.rules import loader_rule

loader_rule(
    "PF001",
    """
    ## What it does
    Reports a data file the loader cannot open: `data/register.yaml` or `data/bodies.yaml`
    missing, a file that cannot be read (its permissions), a folder, device or pipe where a
    file is expected, or a symbolic link that leads outside the register.

    ## Why is this bad?
    Without the file, the records it holds are unknown, and every reference to them would
    look dangling. The register is unreadable: `prefig check` exits 2, and neither `--ignore`
    nor `rules:` in `register.yaml` can hide it.

    ## Example
    ```text
    data/
      register.yaml
      bodies.yaml -> /home/me/elsewhere/bodies.yaml   # leads outside the register
      meetings.yaml/                                  # a folder
    ```

    ## Use instead
    ```text
    data/
      register.yaml      # name: ...
      bodies.yaml        # the file itself, inside the register
      meetings.yaml      # a YAML list of meetings
    ```
    """,
)

loader_rule(
    "PF002",
    """
    ## What it does
    Reports a data file larger than the loader reads: 64 MiB by default (about 300,000
    meetings), or the number of bytes that `PREFIG_MAX_FILE_BYTES` sets. The size is checked
    before the file is read.

    ## Why is this bad?
    A data file that large is almost always a mistake (a generated or concatenated file) or
    hostile; reading it whole would take memory and time out of proportion. The register is
    unreadable (exit 2).

    ## Example
    ```text
    data/meetings.yaml   80,000,000 bytes
    ```

    ## Use instead
    Split the records, or raise the limit when the size is intended:
    ```sh
    PREFIG_MAX_FILE_BYTES=134217728 prefig check
    ```
    """,
)

loader_rule(
    "PF003",
    """
    ## What it does
    Reports the first byte of a data file that is not UTF-8, at its line and column (in
    characters), with a hint when the file looks like UTF-16 or Latin-1. A byte order mark
    and CRLF line ends are accepted.

    ## Why is this bad?
    Guessing an encoding would silently turn accented letters into others in names, titles
    and every document built from them. The register is unreadable (exit 2).

    ## Example
    A file saved as Latin-1 (Windows-1252), where `é` is the single byte 0xe9:
    ```text
    - id: salle-a
      name: Salle du comit?      # ? is the byte 0xe9
    ```

    ## Use instead
    Save the file as UTF-8 (any editor's "Save with encoding"):
    ```yaml
    - id: salle-a
      name: Salle du comité
    ```
    """,
)

loader_rule(
    "PF004",
    """
    ## What it does
    Reports text that is not well-formed YAML 1.2, at the parser's line and column, and YAML
    beyond the loader's bounds: a control character, aliases that expand to more than
    1,000,000 nodes or to more characters than a data file may hold, lines nested more than
    1,000 levels deep.

    ## Why is this bad?
    A file the parser cannot read gives no records at all; the bounds keep a "billion laughs"
    file from taking the machine down. The register is unreadable (exit 2).

    ## Example
    ```yaml
    - id: salle-a
      name: Salle A : rez-de-chaussée     # ": " inside a plain value
      notes: [accès handicapés
    ```

    ## Use instead
    ```yaml
    - id: salle-a
      name: "Salle A : rez-de-chaussée"
      notes: [accès handicapés]
    ```
    """,
)

loader_rule(
    "PF005",
    """
    ## What it does
    Reports a key written twice in the same mapping, at any depth, in block or flow style,
    at its second occurrence.

    ## Why is this bad?
    A YAML reader keeps one of the two values and silently drops the other; which one was
    meant is for the author to say. The register is unreadable (exit 2).

    ## Example
    ```yaml
    - id: cmpt-2015-02-13
      body: comite-mixte-pilotage-technique
      date: 2015-02-13
      date: 2015-02-20
    ```

    ## Use instead
    ```yaml
    - id: cmpt-2015-02-13
      body: comite-mixte-pilotage-technique
      date: 2015-02-13
    ```
    """,
)

loader_rule(
    "PF006",
    """
    ## What it does
    Reports a file that holds the wrong kind of YAML document: a `register.yaml` that is not
    a mapping of settings, a file of records that is empty or not a list, or a second
    document after a `---` line.

    ## Why is this bad?
    The records would be read as something they are not, or not at all: a file holding one
    record as a mapping is not a list of one record. The register is unreadable (exit 2).

    ## Example
    ```yaml
    # data/venues.yaml
    id: salle-a
    name: Salle A
    ```

    ## Use instead
    ```yaml
    # data/venues.yaml: a list, even of one record (`[]` for none yet)
    - id: salle-a
      name: Salle A
    ```
    """,
)

loader_rule(
    "PF007",
    """
    ## What it does
    Reports a YAML tag other than YAML 1.2's core ones (`!!str`, `!!int`, `!!float`,
    `!!bool`, `!!null`, `!!map`, `!!seq` and the bare `!`), at the tag: `!include`,
    `!!binary`, `!!set`, `!<tag:...>`.

    ## Why is this bad?
    The parser would drop the tag silently: `name: !include nom.txt` would read as the text
    `nom.txt`, not as the content of a file. The register is unreadable (exit 2).

    ## Example
    ```yaml
    - id: salle-a
      name: !include salle-a.txt
    ```

    ## Use instead
    Write the value itself, and quote it if the exclamation mark is part of the text:
    ```yaml
    - id: salle-a
      name: Salle A
      notes: "!important: badge at the desk"
    ```
    """,
)

loader_rule(
    "PF010",
    """
    ## What it does
    Reports a field that the record's model does not know, at its key, with the closest
    known field when there is one. YAML merge keys (`<<`) are reported too: YAML 1.2 has
    none, and prefig does not expand them. The record is left out; the rest of the register
    is still checked.

    ## Why is this bad?
    A reader that ignored unknown fields would lose a misspelt one silently: a meeting's
    `locaton:` would leave the meeting without a venue, in the agenda and the convocation.

    ## Example
    ```yaml
    - id: cmpt-2015-02-13
      body: comite-mixte-pilotage-technique
      date: 2015-02-13
      locaton: salle-a
    ```

    ## Use instead
    ```yaml
    - id: cmpt-2015-02-13
      body: comite-mixte-pilotage-technique
      date: 2015-02-13
      location: salle-a
    ```
    """,
)

loader_rule(
    "PF011",
    """
    ## What it does
    Reports a record that lacks a field its model requires (every record's `id`, a venue's
    `name`, a meeting's `body` and `date` ...), at the record. The record is left out; the
    rest of the register is still checked. `prefig schema KIND` lists the required fields.

    ## Why is this bad?
    Queries, checks and documents need the field: a venue without a name cannot be written
    in a convocation, a meeting without a day cannot be placed in the calendar.

    ## Example
    ```yaml
    - id: salle-a
      address: 1 place de la Mairie
    ```

    ## Use instead
    ```yaml
    - id: salle-a
      name: Salle A
      address: 1 place de la Mairie
    ```
    """,
)

loader_rule(
    "PF012",
    """
    ## What it does
    Reports a value of the wrong type or form, with what to write instead: a day not written
    `YYYY-MM-DD`, a time of day not written `"HH:MM"`, text where a number is expected
    (`count: "2"`) or a number where text is expected (`name: 2015`), a value outside its
    list of choices, an id that is not lower-case letters, digits and hyphens. The record is
    left out; the rest of the register is still checked.

    ## Why is this bad?
    prefig converts nothing silently: `13/02/2015` could be read as two different days, and
    a number of seconds since 1970 as a day nobody meant.

    ## Example
    ```yaml
    - id: cmpt-2015-02-13
      body: comite-mixte-pilotage-technique
      date: 13/02/2015
      start_time: 10h
      status: prévue
    ```

    ## Use instead
    ```yaml
    - id: cmpt-2015-02-13
      body: comite-mixte-pilotage-technique
      date: 2015-02-13
      start_time: "10:00"
      status: planned
    ```
    """,
)

loader_rule(
    "PF013",
    """
    ## What it does
    Reports an entry of `data/` that prefig does not read: an error for a YAML or JSON file
    (`meeting.yaml`, `bodies.yml`) or a folder named like a data file (`meetings/`), with the
    file it was probably meant to be; a warning for any other file (a `README.md`). Hidden
    entries, editor backups (`x~`, `#x#`) and a data file named under another case on a
    case-insensitive file system (which is read) are passed over.

    ## Why is this bad?
    prefig reads `register.yaml` and one file per kind of record: the records of a misnamed
    file are silently left out of the register, its checks and its documents.

    ## Example
    ```text
    data/
      register.yaml
      bodies.yaml
      meeting.yaml      # meant to be meetings.yaml
    ```

    ## Use instead
    Rename the file, or move its records into the file prefig reads. This is the one loading
    code a register may configure, for a file kept in `data/` on purpose:
    ```yaml
    # data/register.yaml
    rules:
      PF013: {enabled: false}
    ```
    """,
)
