"""What every benchmark reports of its samples (any unit: ms or s, as given)."""

from __future__ import annotations


def p95(samples: list[float]) -> float:
    """The 95th percentile, nearest rank: the sample below which 95 % of the (unsorted) samples fall."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
