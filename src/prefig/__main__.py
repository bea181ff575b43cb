"""``python -m prefig``: the same command line as the ``prefig`` script, same exit codes."""

from __future__ import annotations

from prefig.cli import main

if __name__ == "__main__":
    main()
