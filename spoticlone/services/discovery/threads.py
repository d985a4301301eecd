"""Keep BLAS to one thread while the engine trains.

``implicit`` parallelises ALS and the neighbour search itself (``num_threads``); a BLAS that
also starts one thread per core inside each of those threads oversubscribes the machine and
runs many times slower (``implicit`` warns about exactly this). ``threadpoolctl`` limits BLAS
for the duration of a fit without touching process-wide environment variables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Limit BLAS to one thread inside the ``with`` block."""
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    with threadpool_limits(limits=1, user_api="blas"):
        yield
