"""Test set-up that writes a summary's source rows straight through the ORM (to reach a database constraint, or to
make 50 rows fast): `with raw_rows("outreach"): …` opens the write path and `track` for the named summaries and
recounts them in full when the block ends, so the summaries stay equal to a recount. Never for application code:
a project write path registers with `@writes_summary` (antq.core.summary)."""

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from antq.core import summary
from antq.core.summary import track


@contextmanager
def raw_rows(*names: str) -> Iterator[None]:
    token = summary._IN_PATH.set(summary._IN_PATH.get() | set(names))
    try:
        with ExitStack() as stack:
            for name in names:
                stack.enter_context(track(name, rebuild=True))
            yield
    finally:
        summary._IN_PATH.reset(token)
