"""The login challenge's puzzle: find a number that makes SHA-256 start with enough zero bits.

A browser that must pass the challenge spends a second or two of CPU on it (static/hromada/login-check.js);
checking an answer costs one hash. No Django import: the action that issues and checks challenges is
`hromada.accounts.actions.login_with_password`.
"""

from __future__ import annotations

import hashlib


def leading_zero_bits(digest: bytes) -> int:
    """How many bits at the start of ``digest`` are zero."""
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def _digest(puzzle: str, answer: str) -> bytes:
    return hashlib.sha256(f"{puzzle}:{answer}".encode()).digest()


def is_solution(*, puzzle: str, answer: str, bits: int) -> bool:
    """Whether SHA-256(``puzzle:answer``) starts with at least ``bits`` zero bits (answers are decimal)."""
    if not answer.isdigit() or not answer.isascii() or len(answer) > 20:
        return False
    return leading_zero_bits(_digest(puzzle, answer)) >= bits


def solve(*, puzzle: str, bits: int) -> str:
    """The smallest answer (what the browser script computes; used by tests and the benchmark)."""
    answer = 0
    while leading_zero_bits(_digest(puzzle, str(answer))) < bits:
        answer += 1
    return str(answer)
