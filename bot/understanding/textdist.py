"""The one edit distance: optimal string alignment (a swap of two neighbours costs 1)."""

from __future__ import annotations


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """The OSA distance of `a` and `b`; with `limit`, `limit + 1` as soon as it must exceed it."""
    la, lb = len(a), len(b)
    if limit is None:
        limit = max(la, lb)  # the distance never exceeds this: no early stop
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        best = i
        ai = a[i - 1]
        for j in range(1, lb + 1):
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai != b[j - 1]))
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb]
