"""The fast MES path: the election as numpy arrays, one compiled kernel call per MES run.

``engine()`` returns None when numba/numpy are not installed or the election does not suit the kernel
(fractional points, amounts beyond 64-bit integers); MES then runs in exact arithmetic only.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from hromada.budget.rules._prep import Prepared, money_scale
from hromada.budget.rules.mes_exact import MesRun
from hromada.budget.rules.model import Tie

_LIMIT = 2**62


class Engine:
    def __init__(
        self, prep: Prepared, arrays: dict[str, Any], scale: int, kernel: tuple[Any, Any, Any], nogil: bool
    ) -> None:
        self.prep = prep
        self.a = arrays
        self.scale = scale
        self.kernel, self.money_kernel, self.add1_kernel = kernel
        budget = prep.budget * scale
        active_total = sum(
            int(c) for c, on in zip(arrays["cost_i"].tolist(), arrays["active"].tolist(), strict=True) if on
        )
        self.budget_i: int | None = None
        if int(budget) == budget and 0 <= budget < _LIMIT and active_total < _LIMIT:
            self.budget_i = int(budget)
        self.nogil = nogil
        names: tuple[str, ...] = ("p_ptr", "p_grp", "p_u", "e_w", "e_uw", "g_w", "cost_f", "cost_i", "n_sup")
        names += ("active", "init_rho", "rho_num", "rho_den", "rank", "uniform", "u_proj")
        self.static = tuple(arrays[n] for n in names)

    def _buffers(self) -> tuple[Any, ...]:
        """Outputs of one run: winners, rho, payers, max payment, money per group and the ties."""
        import numpy as np

        m = len(self.prep.projects)
        return (
            np.empty(m, dtype=np.int64),
            np.empty(m, dtype=np.float64),
            np.empty(m, dtype=np.float64),
            np.empty(m, dtype=np.float64),
            np.empty(len(self.prep.groups), dtype=np.float64),
            np.empty(m, dtype=np.int64),
            np.empty(m, dtype=np.int64),
            np.empty(m + 1, dtype=np.int64),
            np.empty(self.a["tie_capacity"], dtype=np.int64),
        )

    def run(self, endowment: Fraction) -> MesRun | None:
        """The MES run with ``endowment`` per voter, or None if it must be done in exact arithmetic."""
        from hromada.budget.rules._kernel import OK

        scaled = endowment * self.scale
        if scaled.numerator >= _LIMIT or scaled.denominator >= _LIMIT:
            return None
        out = self._buffers()
        status, n_win, n_ties = self.kernel(
            *self.static, float(scaled), int(scaled.numerator), int(scaled.denominator), *out
        )
        if status != OK:
            return None
        return self._result(out, n_win, n_ties)

    def add1(self, start: Fraction, n: int) -> tuple[int, int, MesRun | None]:
        """Add1's runs for the endowments ``start``, ``start + 1``, ... (at most ``n``) in one kernel call,
        each kept while its outcome fits in the budget and is not exhaustive. Returns how many were kept, the
        kernel's status (``_kernel.OVER``: the next run costs too much; ``EXHAUSTIVE``: the last kept is;
        ``MORE``: all ``n`` kept; else the next run is to be done in exact arithmetic) and the last run kept
        (None if none)."""
        import numpy as np

        from hromada.budget.rules._kernel import EXHAUSTIVE, UNSAFE

        scaled = start * self.scale
        num, den = scaled.numerator, scaled.denominator
        step = self.scale * den
        if self.budget_i is None or den >= _LIMIT or num + n * step >= _LIMIT:
            return 0, UNSAFE, None
        e_nums = [num + j * step for j in range(n)]
        e_fs = np.array([x / den for x in e_nums], dtype=np.float64)  # correctly rounded, as float(Fraction)
        work = self._buffers()
        kept = self._buffers()
        status, i, k_win, k_ties = self.add1_kernel(
            *self.static, e_fs, np.array(e_nums, dtype=np.int64), den, self.budget_i, *work, *kept
        )
        accepted = i + 1 if status == EXHAUSTIVE else i
        run = self._result(kept, k_win, k_ties) if accepted else None
        return accepted, status, run

    def _result(self, out: tuple[Any, ...], n_win: int, n_ties: int) -> MesRun:
        import numpy as np

        a = self.a
        m = len(self.prep.projects)
        winners, rho, payers, maxpay, money, tie_pos, tie_chosen, tie_ptr, tie_members = out
        prep = self.prep
        ties = []
        for t in range(n_ties):
            members = [int(x) for x in tie_members[tie_ptr[t] : tie_ptr[t + 1]]]
            members.sort(key=lambda j: prep.rank[j])
            chosen = int(tie_chosen[t])
            ties.append(
                Tie(
                    position=int(tie_pos[t]),
                    projects=tuple(prep.projects[j].id for j in members),
                    chosen=prep.projects[chosen].id,
                    criterion=prep.decided_by(members),
                )
            )
        s = float(self.scale)
        final_money = money

        def explain(need: list[int]) -> tuple[list[float], Any]:
            """Money left to the supporters of the projects ``need`` (only for the outcome kept; 0 for the
            others), and no money per distinct ballot (not needed then)."""
            mask = np.zeros(m, dtype=np.bool_)
            mask[need] = True
            left = np.empty(m, dtype=np.float64)
            self.money_kernel(a["p_ptr"], a["p_grp"], a["e_w"], final_money, mask, left)
            return (left / s).tolist(), ()

        return MesRun(
            winners=winners[:n_win].tolist(),
            rho=rho[:n_win].tolist(),
            payers=[round(x) for x in payers[:n_win].tolist()],
            max_payment=(maxpay[:n_win] / s).tolist(),
            group_money=(),
            ties=ties,
            explain=explain,
        )

    def run_many(self, endowments: list[Fraction]) -> list[MesRun | None]:
        """Several runs at once, on as many threads as there are cores (the kernel releases the GIL)."""
        pool = _pool() if self.nogil else None
        if pool is None or len(endowments) < 2:
            return [self.run(e) for e in endowments]
        return list(pool.map(self.run, endowments))


_POOL: Any = None


def _pool() -> Any:
    global _POOL
    if _POOL is None:
        import os
        from concurrent.futures import ThreadPoolExecutor

        workers = min(os.cpu_count() or 1, 4)
        _POOL = ThreadPoolExecutor(max_workers=workers) if workers > 1 else False
    return _POOL or None


PARALLEL_MIN_ENTRIES = 20_000
"""Below this many (ballot, project) entries a run takes tens of microseconds: threads would cost more."""


def parallelism(engine: Engine) -> int:
    """How many MES runs ``engine.run_many`` does at once."""
    pool = _pool() if engine.nogil and len(engine.a["p_grp"]) >= PARALLEL_MIN_ENTRIES else None
    return int(pool._max_workers) if pool else 1


def _kernel_function(prefer_aot: bool) -> tuple[tuple[Any, Any, Any], bool] | None:
    """The ahead-of-time extension if built and current (fast import), else numba's cached jit, else None.
    Both release the GIL while they run."""
    if prefer_aot:
        try:
            from hromada.budget.rules import _mes_aot  # type: ignore[attr-defined]
            from hromada.budget.rules._kernel import source_hash

            if _mes_aot.kernel_hash() == source_hash():
                return (_mes_aot.mes_run, _mes_aot.project_money, _mes_aot.add1), True
        except ImportError:
            pass
    try:
        from hromada.budget.rules._kernel import jit, jit_add1, jit_money

        return (jit(), jit_money(), jit_add1()), True
    except ImportError:
        return None


_ENGINES: dict[tuple[int, str], tuple[Prepared, Engine | None]] = {}


def cached_engine(prep: Prepared, utility: str, active: list[int]) -> Engine | None:
    """``engine()``, kept with the prepared election it was built for (see ``engine.prepared``)."""
    key = (id(prep), utility)
    hit = _ENGINES.get(key)
    if hit is not None and hit[0] is prep:
        return hit[1]
    built = engine(prep, utility, active)
    if len(_ENGINES) >= 16:
        _ENGINES.clear()
    _ENGINES[key] = (prep, built)
    return built


def engine(prep: Prepared, utility: str, active: list[int], *, prefer_aot: bool = True) -> Engine | None:
    try:
        import numpy as np
    except ImportError:
        return None
    found = _kernel_function(prefer_aot)
    if found is None:
        return None
    kernel, nogil = found
    scale = money_scale(prep)
    m = len(prep.projects)
    if utility == "points" and any(
        isinstance(x, Fraction) and x.denominator != 1 for marks in prep.groups for _, x in marks
    ):
        return None
    costs = [int(c * scale) for c in prep.costs]
    if any(c >= _LIMIT for c in costs):
        return None
    # flat (group, project, mark) triples, then sorted by project into compressed rows
    sizes = [len(marks) for marks in prep.groups]
    flat_g = np.repeat(np.arange(len(prep.groups), dtype=np.int64), sizes)
    flat_p = np.fromiter((i for marks in prep.groups for i, _ in marks), dtype=np.int64, count=len(flat_g))
    is_active = np.zeros(m, dtype=np.bool_)
    is_active[active] = True
    cost_f = np.array([float(c) for c in costs], dtype=np.float64)
    if utility == "cost":
        flat_u = cost_f[flat_p]
    elif utility == "cardinality":
        flat_u = np.ones(len(flat_p), dtype=np.float64)
    else:
        flat_u = np.fromiter(
            (float(x) for marks in prep.groups for _, x in marks), dtype=np.float64, count=len(flat_g)
        )
    keep = is_active[flat_p]
    flat_g, flat_p, flat_u = flat_g[keep], flat_p[keep], flat_u[keep]
    # Number the distinct ballots so that the supporters of popular projects get neighbouring numbers
    # (ballots sorted by their projects, most supported first): the kernel then reads voters' money in runs
    # rather than at random (about 15 % faster on Warszawa 2021 Bielany).
    by_support = np.argsort(-np.array(prep.supporters, dtype=np.int64), kind="stable")
    popularity = np.argsort(by_support, kind="stable")
    order_keys = [tuple(sorted(int(popularity[i]) for i, _ in marks)) for marks in prep.groups]
    new_order = sorted(range(len(prep.groups)), key=order_keys.__getitem__)
    new_of_old = np.empty(len(prep.groups), dtype=np.int64)
    new_of_old[np.array(new_order, dtype=np.int64)] = np.arange(len(prep.groups), dtype=np.int64)
    weights_old = np.array(prep.weights, dtype=np.float64)
    flat_w = weights_old[flat_g]
    flat_g = new_of_old[flat_g]
    order = np.lexsort((flat_g, flat_p))
    p_grp = flat_g[order]
    p_of = flat_p[order]
    p_u = flat_u[order]
    p_ptr = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(np.bincount(p_of, minlength=m), out=p_ptr[1:])
    weights = weights_old[np.array(new_order, dtype=np.int64)]
    e_w = flat_w[order]
    e_uw = e_w * p_u
    # exact initial price cost / total utility (utilities are whole numbers here)
    init_rho = np.zeros(m, dtype=np.float64)
    rho_num = np.zeros(m, dtype=np.int64)
    rho_den = np.zeros(m, dtype=np.int64)
    n_sup = np.array(prep.supporters, dtype=np.int64)
    for i in active:
        if utility == "cost":
            total = prep.supporters[i] * costs[i]
        elif utility == "cardinality":
            total = prep.supporters[i]
        else:
            total = int(prep.scores[i])
        exact = Fraction(costs[i], total)
        init_rho[i] = float(exact)
        if exact.numerator < _LIMIT and exact.denominator < _LIMIT:
            rho_num[i], rho_den[i] = exact.numerator, exact.denominator
    arrays = {
        "p_ptr": p_ptr,
        "p_of": p_of,
        "new_of_old": new_of_old,
        "p_grp": np.ascontiguousarray(p_grp),
        "p_u": np.ascontiguousarray(p_u),
        "e_w": np.ascontiguousarray(e_w),
        "e_uw": np.ascontiguousarray(e_uw),
        "g_w": weights,
        "cost_f": cost_f,
        "cost_i": np.array(costs, dtype=np.int64),
        "n_sup": n_sup,
        "active": is_active,
        "init_rho": init_rho,
        "rho_num": rho_num,
        "rho_den": rho_den,
        "rank": np.array(prep.rank, dtype=np.int64),
        "uniform": np.array([utility != "points"] * m, dtype=np.bool_),
        "u_proj": cost_f.copy() if utility == "cost" else np.ones(m, dtype=np.float64),
        "tie_capacity": max(16 * m, 1024),
    }
    return Engine(prep, arrays, scale, kernel, nogil)
