"""The document templates prefig ships, and copying one into a register to override it.

A register holds only the templates it overrides, in its ``templates/`` folder; every other
file comes from the packaged defaults (see ``sandbox.search_path``), so that a fix to a
default reaches every register that has not chosen to replace it. No Jinja here: listing and
copying read and write files only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefig.fsutil import atomic_write, inside

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The default templates shipped with prefig."""

REGISTER_TEMPLATES = "templates"
"""The folder of a register that holds the templates it overrides."""


class UnknownTemplateError(LookupError):
    """A name that is not one of the packaged templates; ``names`` lists those."""

    def __init__(self, name: str, names: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.names = names


@dataclass(frozen=True)
class PackagedTemplate:
    name: str
    """File name, such as ``convocation.md.j2``."""
    override: Path | None
    """The register's own file of that name, which takes precedence; ``None`` when the
    register uses the packaged default."""
    identical: bool = False
    """Whether the register's file is byte for byte the packaged default."""


def packaged_names() -> list[str]:
    """The names of the packaged templates, sorted."""
    if not PACKAGE_TEMPLATES.is_dir():
        return []
    return sorted(p.name for p in PACKAGE_TEMPLATES.iterdir() if p.is_file() and p.suffix == ".j2")


def packaged_templates(register_root: Path | None) -> list[PackagedTemplate]:
    """Each packaged template, with the file of ``register_root`` that overrides it."""
    folder = register_root / REGISTER_TEMPLATES if register_root is not None else None
    listed = []
    for name in packaged_names():
        own = folder / name if folder is not None else None
        if own is None or not own.is_file():
            listed.append(PackagedTemplate(name, None))
            continue
        same = own.read_bytes() == (PACKAGE_TEMPLATES / name).read_bytes()
        listed.append(PackagedTemplate(name, own, identical=same))
    return listed


def copy_template(register_root: Path, name: str, *, force: bool = False) -> Path:
    """Copy the packaged template ``name`` into the register's ``templates/``; the path
    written.

    Raises :class:`UnknownTemplateError` for a name prefig does not ship, and
    ``fsutil.WriteRefusedError`` when the file exists and ``force`` is not set (or is not a
    regular file, or would land outside the register)."""
    names = packaged_names()
    if name not in names:
        raise UnknownTemplateError(name, names)
    folder = inside(register_root, REGISTER_TEMPLATES)
    target = inside(folder, name)
    atomic_write(target, (PACKAGE_TEMPLATES / name).read_bytes(), force=force)
    return target
