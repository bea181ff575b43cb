"""prefig's tests, laid out like src/prefig/.

load/, rules/, render/, output/, export/ and cli/ test the package of the same name (cli/ holds
what is tested through the command line); security/ runs prefig on hostile input under limits.
The top level holds cross-cutting tests (shipped register, README, docs, layers, schemas,
start-up imports) and those of top-level modules (diff, fsutil, i18n, views, vocab ...).

Fixture registers live in fixtures/, stored expectations in golden/: compare with the
``golden(name, actual)`` fixture of conftest.py; ``PREFIG_UPDATE_GOLDEN=1`` rewrites them.
"""
