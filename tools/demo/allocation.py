"""Deterministic randomness and exact integer allocation.

Randomness comes from `random.Random` seeded with a string (hashed with SHA-512, the same on every
machine), and only its `random()` is used with plain arithmetic: no transcendental function whose last bit
could differ between C libraries.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence


def rng(*parts: object) -> random.Random:
    """A generator of its own for one purpose, e.g. rng('file_active', 2021, '28')."""
    return random.Random("|".join(str(p) for p in parts))


def spread(generator: random.Random, low: float, high: float) -> float:
    """A value in [low, high], more often near the middle (mean of two uniform draws)."""
    return low + (high - low) * (generator.random() + generator.random()) / 2


def apportion(
    total: int,
    weights: Sequence[float],
    caps: Sequence[int] | None = None,
    minimums: Sequence[int] | None = None,
) -> list[int]:
    """Integers proportional to `weights`, within [minimums, caps], adding up to `total` exactly.

    Water-filling: shares that would pass their cap are set to it and the rest is shared again among the
    others; the last units go to the largest fractional parts (ties to the first).
    """
    count = len(weights)
    low = list(minimums) if minimums is not None else [0] * count
    high = list(caps) if caps is not None else [total] * count
    if any(lo > hi for lo, hi in zip(low, high)) or not sum(low) <= total <= sum(high):
        raise ValueError(f"cannot share {total} within the bounds (minimums {sum(low)}, caps {sum(high)})")
    shares = [float(lo) for lo in low]
    open_indices = [i for i in range(count) if high[i] > low[i]]
    remaining = float(total - sum(low))
    while open_indices and remaining > 1e-9:
        weight_sum = sum(max(weights[i], 0.0) for i in open_indices)
        proposal = {
            i: remaining * (max(weights[i], 0.0) / weight_sum if weight_sum > 0 else 1 / len(open_indices))
            for i in open_indices
        }
        overflowing = [i for i in open_indices if shares[i] + proposal[i] >= high[i]]
        if not overflowing:
            for i in open_indices:
                shares[i] += proposal[i]
            break
        for i in overflowing:
            remaining -= high[i] - shares[i]
            shares[i] = float(high[i])
        open_indices = [i for i in open_indices if i not in overflowing]
    result = [min(int(math.floor(s + 1e-9)), high[i]) for i, s in enumerate(shares)]
    missing = total - sum(result)
    by_fraction = sorted(
        (i for i in range(count) if result[i] < high[i]), key=lambda i: (-(shares[i] - result[i]), i)
    )
    for i in by_fraction[:missing]:
        result[i] += 1
    if sum(result) != total:
        raise AssertionError("apportion did not reach its total")
    return result


def tilted_order(generator: random.Random, items: Sequence[Hashable], weights: Sequence[float]) -> list:
    """The items in a random order tilted towards heavier items: sorted by weight times a uniform draw.

    Not exact weighted sampling, but cheap, arithmetic only, and heavy items do tend to come first.
    """
    keys = [(-weight * generator.random(), index) for index, weight in enumerate(weights)]
    return [items[index] for _, index in sorted(keys)]


def pick(generator: random.Random, items: Sequence[Hashable], weights: Sequence[float], count: int) -> list:
    """`count` distinct items, heavier ones more likely."""
    if count > len(items):
        raise ValueError(f"cannot pick {count} among {len(items)}")
    return tilted_order(generator, items, weights)[:count]
