"""Keep BLAS to one thread while the engine trains, and while a request scores one listener.

``implicit`` parallelises ALS and the neighbour search itself (``num_threads``); a BLAS that
also starts one thread per core inside each of those threads oversubscribes the machine and
runs many times slower (``implicit`` warns about exactly this). A request's products are
small: split over threads on a busy server they wait for cores (the radio measured ~8 ms a
call on two threads against 0.13 ms on one). ``threadpoolctl`` limits BLAS for the duration
of a block without touching process-wide environment variables.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@functools.cache
def _controller() -> Any:
    """The process's BLAS libraries, found once: looking them up (what ``threadpool_limits``
    does on every call) takes ~1.4 ms, more than a whole pruned recommendation. SciPy's BLAS,
    which ``implicit`` calls, is loaded first so that it is among them.
    """
    import scipy.linalg  # type: ignore[import-untyped]  # noqa: F401
    from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

    return ThreadpoolController()


@contextmanager
def single_blas_thread() -> Iterator[None]:
    """Limit BLAS to one thread inside the ``with`` block."""
    with _controller().limit(limits=1, user_api="blas"):
        yield
