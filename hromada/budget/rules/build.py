"""Compile the MES kernel at install time: ``python -m hromada.budget.rules.build``.

Makes ``_mes_aot.<platform>.so`` next to this file (numba.pycc, ahead of time; needs a C compiler) and fills
numba's on-disk cache of the just-in-time kernel, so no count ever compiles anything. Safe to run again;
without numba it does nothing (MES then runs on the exact path only, correct but slower).
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path
from typing import Any


def build(verbose: bool = True) -> int:
    try:
        import numba
    except ImportError:
        sys.stderr.write("numba is not installed: MES will run in exact arithmetic only (slower)\n")
        return 0
    here = Path(__file__).resolve().parent
    from numba import njit

    from hromada.budget.rules._kernel import (
        ADD1_SIGNATURE,
        MONEY_SIGNATURE,
        SIGNATURE,
        make_add1,
        mes_run_py,
        project_money_py,
        source_hash,
    )

    fingerprint = source_hash()

    def kernel_hash() -> int:
        return fingerprint

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import numba.pycc
        import numba.pycc.compiler as pycc_compiler

        # The exported wrappers release the GIL while the kernel runs (as @njit(nogil=True) does), so Add1
        # runs can go side by side on threads: pycc has no option for it, its compile flags get it here.
        plain_flags: Any = getattr(pycc_compiler, "Flags")  # noqa: B009

        class NoGilFlags(plain_flags):  # type: ignore[misc]
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.release_gil = True

        setattr(pycc_compiler, "Flags", NoGilFlags)  # noqa: B010
        try:
            cc: Any = getattr(numba.pycc, "CC")("_mes_aot")  # noqa: B009
            cc.output_dir = str(here)
            cc.verbose = False
            cc.target_cpu = "host"  # built where it runs (the fingerprint includes the processor's features)
            cc.export("mes_run", SIGNATURE)(mes_run_py)
            cc.export("add1", ADD1_SIGNATURE)(make_add1(njit(nogil=True)(mes_run_py)))
            cc.export("project_money", MONEY_SIGNATURE)(project_money_py)
            cc.export("kernel_hash", "i8()")(kernel_hash)
            cc.compile()
        finally:
            setattr(pycc_compiler, "Flags", plain_flags)  # noqa: B010
    if verbose:
        sys.stdout.write(
            f"budget: MES kernel compiled ahead of time in {time.perf_counter() - started:.1f} s\n"
        )
    started = time.perf_counter()
    _warm_jit()
    if verbose:
        sys.stdout.write(
            f"budget: MES kernel cached for just-in-time use in {time.perf_counter() - started:.1f} s\n"
        )
    return 0


def _warm_jit() -> None:
    """Run a tiny election through the jit kernel so its compiled form lands in numba's cache."""
    from hromada.budget.rules import _fast
    from hromada.budget.rules._prep import prepare
    from hromada.budget.rules.model import ApprovalBallot, Election, Project

    election = Election(
        budget=10,
        projects=(Project(id="a", cost=4), Project(id="b", cost=6)),
        ballots=(ApprovalBallot("1", ("a",)), ApprovalBallot("2", ("a", "b"))),
    )
    prep = prepare(election, ("id",))
    engine = _fast.engine(prep, "cost", [0, 1], prefer_aot=False)
    if engine is not None:
        from fractions import Fraction

        run = engine.run(Fraction(5))
        if run is not None and run.explain is not None:
            run.explain([0])
        engine.add1(Fraction(5), 2)


if __name__ == "__main__":
    raise SystemExit(build())
