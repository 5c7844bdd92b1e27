# mypy: disable-error-code="no-untyped-def"
"""The compiled MES kernel (numba, ``cache=True``): one MES run in floats, with every decision checked.

A run returns ``OK`` only if each decision it took is the one exact arithmetic takes:

- a project is chosen only when every other candidate's price (``rho``) is more than ``EPS`` (relatively)
  above the best; candidates closer than that are settled exactly with integers — possible when none of their
  supporters is short of money (then ``rho = cost / total utility`` exactly) — or the run is ``UNSAFE``;
- a project is dropped as unaffordable only when its supporters' money is more than ``EPS`` below its cost;
  closer than that, it is settled exactly when all its supporters still have their initial endowment, else
  the run is ``UNSAFE``;
- lazy evaluation skips a project only when its last price is more than ``EPS`` above the best, and an
  evaluation stops as soon as its price (iterated up from a lower bound, each step a lower bound) is more
  than ``EPS`` above the best price found so far in the round: the project cannot be chosen in this round,
  and the bound reached is its last price for the next ones.

The hot loops are written without data-dependent branches (selects instead of ifs): on real ballots whether
a voter is short of money is unpredictable, and mispredicted branches cost more than the arithmetic.

Prices are continuous in the voters' money, so float rounding (relative error far below ``EPS`` = 1e-9 at
these sizes) changes no other decision. ``UNSAFE`` makes the caller redo the run in exact arithmetic, and
``UNRESOLVED`` (an exact tie the tie-break cannot break) too, so that the exact run reports it.

Compiled forms, both made at install time by ``python -m hromada.budget.rules.build`` (``make install``):

- ``_mes_aot*.so``: compiled ahead of time (numba.pycc) into a plain extension module next to this file;
  importing it needs neither numba nor compilation (the command line's fast start);
- numba's on-disk cache of ``jit()`` (``__pycache__``), used when the extension is missing or stale.

Both release the GIL while they run, so Add1 runs go side by side on the cores.
"""

from __future__ import annotations

from typing import Any

import numpy as np

OK = 0
UNSAFE = 1
UNRESOLVED = 2
EPS = 1e-9


def mes_run_py(
    p_ptr,  # int64[m+1]: supporters of project c are p_grp[p_ptr[c]:p_ptr[c+1]]
    p_grp,  # int64[nnz]: group (distinct ballot) index
    p_u,  # float64[nnz]: utility of that group for the project
    e_w,  # float64[nnz]: voters in that group
    e_uw,  # float64[nnz]: their utility (voters * utility)
    g_w,  # float64[G]: voters per group
    cost_f,  # float64[m]: cost (scaled to whole units)
    cost_i,  # int64[m]
    n_sup,  # int64[m]: voters supporting the project
    active,  # bool[m]
    init_rho,  # float64[m]: cost / total utility
    rho_num,  # int64[m]: exact cost / total utility = rho_num / rho_den (rho_den 0: unknown)
    rho_den,  # int64[m]
    rank,  # int64[m]: tie-break rank, smaller wins
    uniform,  # bool[m]: every supporter has the same utility u_proj[c] for the project
    u_proj,  # float64[m]
    e_f,  # float64: endowment
    e_num,  # int64: endowment = e_num / e_den exactly
    e_den,  # int64
    winners,  # out int64[m]
    rho_out,  # out float64[m]
    payers_out,  # out float64[m]
    maxpay_out,  # out float64[m]
    money,  # out float64[G]: money left per group
    tie_pos,  # out int64[m]
    tie_chosen,  # out int64[m]
    tie_ptr,  # out int64[m+1]
    tie_members,  # out int64[K]
):
    m = cost_f.shape[0]
    n_groups = g_w.shape[0]
    for g in range(n_groups):
        money[g] = e_f
    stale = np.empty(m, dtype=np.float64)
    remaining = np.zeros(m, dtype=np.bool_)
    for c in range(m):
        if active[c]:
            remaining[c] = True
            stale[c] = init_rho[c]
        else:
            stale[c] = np.inf
    ev_c = np.empty(m, dtype=np.int64)
    ev_rho = np.empty(m, dtype=np.float64)
    ev_exact = np.empty(m, dtype=np.bool_)
    near = np.empty(m, dtype=np.int64)
    widest = 0
    for c in range(m):
        widest = max(widest, p_ptr[c + 1] - p_ptr[c])
    buf = np.empty(widest + 1, dtype=np.int64)
    order = np.argsort(stale)
    n_win = 0
    n_ties = 0
    tie_ptr[0] = 0
    max_members = tie_members.shape[0]
    while True:
        # projects by last known price: insertion sort of the previous order (only a few prices changed)
        for i in range(1, m):
            c = order[i]
            v = stale[c]
            j = i - 1
            while j >= 0 and stale[order[j]] > v:
                order[j + 1] = order[j]
                j -= 1
            order[j + 1] = c
        best = np.inf
        n_ev = 0
        for idx in range(m):
            c = order[idx]
            if not remaining[c]:
                break
            if stale[c] > best * (1.0 + EPS):
                break
            s0 = p_ptr[c]
            s1 = p_ptr[c + 1]
            cost = cost_f[c]
            # the price: the fixed point of rho = (cost - money of the short) / utility of the others, reached
            # from below (the last known price is a lower bound). A full pass at a lower bound `lo` sorts out
            # who is short there and keeps aside those who would be short below 1.25 lo; while the price stays
            # below that, only those kept aside are looked at again.
            lo = stale[c]
            first = True
            lost = False
            done = False
            poor = 0.0
            while not done:
                high = lo * 1.25
                avail = 0.0
                poor = 0.0
                rich_u = 0.0
                n_buf = 0
                n_poor = 0
                if uniform[c]:
                    # one utility for all supporters (cost or cardinality utilities): compare with constants
                    u_c = u_proj[c]
                    need = lo * u_c
                    near_u = high * u_c
                    rich_w = 0.0
                    for k in range(s0, s1):
                        b = money[p_grp[k]]
                        w = e_w[k]
                        avail += w * b
                        short = b < need
                        poor += w * b if short else 0.0
                        rich_w += 0.0 if short else w
                        n_poor += 1 if short else 0
                        buf[n_buf] = k  # kept only if counted: no branch to mispredict
                        n_buf += 1 if ((not short) and b < near_u) else 0
                    rich_u = rich_w * u_c
                else:
                    for k in range(s0, s1):
                        b = money[p_grp[k]]
                        w = e_w[k]
                        avail += w * b
                        short = b < lo * p_u[k]
                        poor += w * b if short else 0.0
                        rich_u += 0.0 if short else e_uw[k]
                        n_poor += 1 if short else 0
                        buf[n_buf] = k
                        n_buf += 1 if ((not short) and b < high * p_u[k]) else 0
                if first:
                    first = False
                    if avail < cost * (1.0 - EPS):
                        break
                    if avail <= cost * (1.0 + EPS):
                        for k in range(s0, s1):
                            if money[p_grp[k]] != e_f:  # a supporter already paid: not exact here
                                return UNSAFE, n_win, n_ties
                        # exact: supporters * e_num / e_den >= cost ?
                        if float(n_sup[c]) * float(e_num) > 4e18 or float(cost_i[c]) * float(e_den) > 4e18:
                            return UNSAFE, n_win, n_ties
                        if n_sup[c] * e_num < cost_i[c] * e_den:
                            avail = -1.0
                            break
                if rich_u <= 0.0:
                    return UNSAFE, n_win, n_ties
                rho = (cost - poor) / rich_u
                if rho > best * (1.0 + EPS):
                    lost = True
                    break
                while rho <= high:
                    moved = 0
                    j = 0
                    while j < n_buf:
                        k = buf[j]
                        b = money[p_grp[k]]
                        if b < rho * p_u[k]:
                            poor += e_w[k] * b
                            rich_u -= e_uw[k]
                            moved += 1
                            n_poor += 1
                            n_buf -= 1
                            buf[j] = buf[n_buf]
                        else:
                            j += 1
                    if moved == 0:
                        done = True
                        break
                    if rich_u <= 0.0:
                        return UNSAFE, n_win, n_ties
                    rho = (cost - poor) / rich_u
                    if rho > best * (1.0 + EPS):
                        lost = True
                        break
                if lost:
                    break
                if not done:
                    lo = rho
            if lost:
                # its price is above the best one's: the iterate so far is a lower bound for the next rounds
                if cost - poor < cost * 1e-6:
                    return UNSAFE, n_win, n_ties
                stale[c] = rho
                continue
            if not done:
                remaining[c] = False
                stale[c] = np.inf
                continue
            if cost - poor < cost * 1e-6:
                return UNSAFE, n_win, n_ties
            stale[c] = rho
            ev_c[n_ev] = c
            ev_rho[n_ev] = rho
            ev_exact[n_ev] = n_poor == 0
            n_ev += 1
            if rho < best:
                best = rho
        if n_ev == 0:
            break
        n_near = 0
        for j in range(n_ev):
            if ev_rho[j] <= best * (1.0 + EPS):
                near[n_near] = ev_c[j]
                n_near += 1
        if n_near == 1:
            choice = near[0]
        else:
            # settle exactly: every near candidate must have its exact price cost / total utility, i.e. no
            # supporter short of money, and none within the margin of being short
            for j in range(n_ev):
                if ev_rho[j] <= best * (1.0 + EPS):
                    if not ev_exact[j]:
                        return UNSAFE, n_win, n_ties
                    c = ev_c[j]
                    for k in range(p_ptr[c], p_ptr[c + 1]):
                        b = money[p_grp[k]]
                        need = ev_rho[j] * p_u[k]
                        if b <= 0.0 or abs(b - need) <= EPS * need:
                            return UNSAFE, n_win, n_ties
            lo = near[0]
            for j in range(n_near):
                c = near[j]
                if rho_den[c] == 0:
                    return UNSAFE, n_win, n_ties
                big_1 = float(rho_num[c]) * float(rho_den[lo])
                big_2 = float(rho_num[lo]) * float(rho_den[c])
                if big_1 > 4e18 or big_2 > 4e18:
                    return UNSAFE, n_win, n_ties
                if rho_num[c] * rho_den[lo] < rho_num[lo] * rho_den[c]:
                    lo = c
            n_min = 0
            for j in range(n_near):
                c = near[j]
                if rho_num[c] * rho_den[lo] == rho_num[lo] * rho_den[c]:
                    near[n_min] = c
                    n_min += 1
            choice = near[0]
            for j in range(n_min):
                if rank[near[j]] < rank[choice]:
                    choice = near[j]
            if n_min > 1:
                for j in range(n_min):
                    if near[j] != choice and rank[near[j]] == rank[choice]:
                        return UNRESOLVED, n_win, n_ties
                if tie_ptr[n_ties] + n_min > max_members:
                    return UNSAFE, n_win, n_ties
                tie_pos[n_ties] = n_win + 1
                tie_chosen[n_ties] = choice
                for j in range(n_min):
                    tie_members[tie_ptr[n_ties] + j] = near[j]
                tie_ptr[n_ties + 1] = tie_ptr[n_ties] + n_min
                n_ties += 1
            for j in range(n_ev):
                if ev_c[j] == choice:
                    best = ev_rho[j]
        # fund `choice` at price `best`
        c = choice
        remaining[c] = False
        stale[c] = np.inf
        payers = 0.0
        max_pay = 0.0
        for k in range(p_ptr[c], p_ptr[c + 1]):
            g = p_grp[k]
            b = money[g]
            pay = min(best * p_u[k], b)
            money[g] = b - pay if pay < b else 0.0
            payers += g_w[g] if b > 0.0 else 0.0
            max_pay = max(max_pay, pay)
        winners[n_win] = c
        rho_out[n_win] = best
        payers_out[n_win] = payers
        maxpay_out[n_win] = max_pay
        n_win += 1
    return OK, n_win, n_ties


OVER = 3
"""Add1: the run at the index returned costs more than the budget (the last accepted run is the outcome)."""
EXHAUSTIVE = 4
"""Add1: the run at the index returned was accepted and leaves no supported project that would still fit."""
MORE = 5
"""Add1: every run of the chunk was accepted, none exhaustive."""


def make_add1(mes_run: Any) -> Any:
    """The Add1 loop around ``mes_run`` (a compiled ``mes_run_py``): one call runs MES for a chunk of
    consecutive endowments and keeps the last outcome that fits, so that Python is not re-entered per run."""

    def add1_py(
        p_ptr,
        p_grp,
        p_u,
        e_w,
        e_uw,
        g_w,
        cost_f,
        cost_i,
        n_sup,
        active,
        init_rho,
        rho_num,
        rho_den,
        rank,
        uniform,
        u_proj,
        e_fs,  # float64[n]: the endowments to run, in order (scaled)
        e_nums,  # int64[n]: their numerators over e_den
        e_den,  # int64
        budget_i,  # int64: the budget (scaled)
        winners,  # work buffers of one run (as mes_run_py)
        rho_out,
        payers_out,
        maxpay_out,
        money,
        tie_pos,
        tie_chosen,
        tie_ptr,
        tie_members,
        k_winners,  # out: the last accepted run
        k_rho,
        k_payers,
        k_maxpay,
        k_money,
        k_tie_pos,
        k_tie_chosen,
        k_tie_ptr,
        k_tie_members,
    ):
        m = cost_f.shape[0]
        chosen = np.zeros(m, dtype=np.bool_)
        k_win = 0
        k_ties = 0
        for i in range(e_fs.shape[0]):
            status, n_win, n_ties = mes_run(
                p_ptr,
                p_grp,
                p_u,
                e_w,
                e_uw,
                g_w,
                cost_f,
                cost_i,
                n_sup,
                active,
                init_rho,
                rho_num,
                rho_den,
                rank,
                uniform,
                u_proj,
                e_fs[i],
                e_nums[i],
                e_den,
                winners,
                rho_out,
                payers_out,
                maxpay_out,
                money,
                tie_pos,
                tie_chosen,
                tie_ptr,
                tie_members,
            )
            if status != OK:
                return status, i, k_win, k_ties
            total = 0
            for j in range(n_win):
                total += cost_i[winners[j]]
            if total > budget_i:
                return OVER, i, k_win, k_ties
            for j in range(n_win):
                k_winners[j] = winners[j]
                k_rho[j] = rho_out[j]
                k_payers[j] = payers_out[j]
                k_maxpay[j] = maxpay_out[j]
            for g in range(money.shape[0]):
                k_money[g] = money[g]
            k_tie_ptr[0] = tie_ptr[0]
            for t in range(n_ties):
                k_tie_pos[t] = tie_pos[t]
                k_tie_chosen[t] = tie_chosen[t]
                k_tie_ptr[t + 1] = tie_ptr[t + 1]
            for j in range(tie_ptr[n_ties] if n_ties > 0 else 0):
                k_tie_members[j] = tie_members[j]
            k_win = n_win
            k_ties = n_ties
            for c in range(m):
                chosen[c] = False
            for j in range(n_win):
                chosen[winners[j]] = True
            left = budget_i - total
            fits = False
            for c in range(m):
                if active[c] and not chosen[c] and cost_i[c] <= left:
                    fits = True
                    break
            if not fits:
                return EXHAUSTIVE, i, k_win, k_ties
        return MORE, e_fs.shape[0], k_win, k_ties

    return add1_py


def project_money_py(p_ptr, p_grp, e_w, money, need, out):
    """Money left to the supporters of each project with ``need`` set (for the explanations of the outcome
    kept: projects not funded); 0 for the others."""
    m = out.shape[0]
    for c in range(m):
        total = 0.0
        if not need[c]:
            out[c] = total
            continue
        for k in range(p_ptr[c], p_ptr[c + 1]):
            total += e_w[k] * money[p_grp[k]]
        out[c] = total


MONEY_SIGNATURE = "void(i8[::1],i8[::1],f8[::1],f8[::1],b1[::1],f8[::1])"

SIGNATURE = (
    "UniTuple(i8,3)(i8[::1],i8[::1],f8[::1],f8[::1],f8[::1],f8[::1],f8[::1],i8[::1],i8[::1],b1[::1],f8[::1],i8[::1],i8[::1],i8[::1],b1[::1],f8[::1],"
    "f8,i8,i8,i8[::1],f8[::1],f8[::1],f8[::1],f8[::1],i8[::1],i8[::1],i8[::1],i8[::1])"
)
"""The one signature the kernel is called with (the ahead-of-time build exports it). The arrays are declared
C-contiguous (``[::1]``): with ``[:]`` (any layout) every access multiplies by a stride and the compiled
loops run ~25 % slower than numba's just-in-time build of the same code."""

ADD1_SIGNATURE = (
    "UniTuple(i8,4)(i8[::1],i8[::1],f8[::1],f8[::1],f8[::1],f8[::1],f8[::1],i8[::1],i8[::1],b1[::1],f8[::1],i8[::1],"
    "i8[::1],i8[::1],b1[::1],f8[::1],f8[::1],i8[::1],i8,i8,"
    "i8[::1],f8[::1],f8[::1],f8[::1],f8[::1],i8[::1],i8[::1],i8[::1],i8[::1],"
    "i8[::1],f8[::1],f8[::1],f8[::1],f8[::1],i8[::1],i8[::1],i8[::1],i8[::1])"
)

_JIT: Any = None
_JIT_ADD1: Any = None
_JIT_MONEY: Any = None


def source_hash() -> int:
    """A fingerprint of this file, of the build script and of the processor's features, compiled into the
    ahead-of-time extension (built for this processor): a stale or foreign extension is ignored."""
    import hashlib
    from pathlib import Path

    here = Path(__file__).resolve().parent
    features = b""
    try:
        with open("/proc/cpuinfo", "rb") as cpuinfo:
            for line in cpuinfo:
                if line.startswith((b"flags", b"model name")):
                    features += line
                if line.strip() == b"":
                    break
    except OSError:
        pass
    source = (here / "_kernel.py").read_bytes() + (here / "build.py").read_bytes()
    digest = hashlib.sha256(source + features).digest()
    return int.from_bytes(digest[:7], "big")


def jit() -> Any:
    """The kernel compiled by numba just in time, cached on disk (``cache=True``); needs numba."""
    global _JIT
    if _JIT is None:
        from numba import njit

        _JIT = njit(cache=True, nogil=True)(mes_run_py)
    return _JIT


def jit_add1() -> Any:
    """The Add1 loop compiled just in time (cached on disk)."""
    global _JIT_ADD1
    if _JIT_ADD1 is None:
        from numba import njit

        _JIT_ADD1 = njit(cache=True, nogil=True)(make_add1(jit()))
    return _JIT_ADD1


def jit_money() -> Any:
    """``project_money_py`` compiled just in time (cached on disk)."""
    global _JIT_MONEY
    if _JIT_MONEY is None:
        from numba import njit

        _JIT_MONEY = njit(cache=True, nogil=True)(project_money_py)
    return _JIT_MONEY
