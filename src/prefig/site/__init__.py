"""The register as a static public website (``prefig site build``): pages in French for
people, a calendar file for their agendas, and a static OParl 1.1 API for programs.

:func:`~prefig.site.pages.build_site` turns a register into ``(path, bytes)`` pairs, with no
clock and no file system: the same register, ``today`` and ``SOURCE_DATE_EPOCH`` give the
same bytes. :func:`~prefig.site.write.write_site` writes them into a folder through
:mod:`prefig.fsutil`, all or nothing, rewriting only the files whose bytes changed and
keeping a manifest of what it wrote.
"""
