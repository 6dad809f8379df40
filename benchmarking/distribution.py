"""Quantiles and percentile ranks read from a histogram of 1 001 bins of 0.1 point (scores
0–100): pure functions, exact at that resolution, with the same definitions as
core/stats.py (linear interpolation between the two nearest values, as PERCENTILE_CONT;
ties counted half in a rank)."""

from math import floor

BINS_PER_POINT = 10
LAST_BIN = 100 * BINS_PER_POINT


def bin_of(value: float) -> int:
    """The bin of a score: its value to 0.1 point."""
    return min(LAST_BIN, max(0, round(float(value) * BINS_PER_POINT)))


def _counts(histogram: dict) -> list[tuple[int, int]]:
    return sorted((int(b), int(c)) for b, c in histogram.items() if int(c) > 0)


def histogram_size(histogram: dict) -> int:
    return sum(c for _b, c in _counts(histogram))


def histogram_without(histogram: dict, value: float | None) -> dict[str, int]:
    """The histogram less one value (the reader's own), if it holds it."""
    result = {str(b): c for b, c in _counts(histogram)}
    if value is None:
        return result
    key = str(bin_of(value))
    if result.get(key):
        result[key] -= 1
        if not result[key]:
            del result[key]
    return result


def _value_at(counts: list[tuple[int, int]], index: int) -> float:
    seen = 0
    for b, c in counts:
        seen += c
        if index < seen:
            return b / BINS_PER_POINT
    return counts[-1][0] / BINS_PER_POINT


def histogram_quantile(histogram: dict, p: float) -> float | None:
    """The `p` quantile (0–1) of the values in `histogram`, interpolated linearly between
    the two nearest values (PERCENTILE_CONT); None when it is empty."""
    counts = _counts(histogram)
    n = sum(c for _b, c in counts)
    if not n:
        return None
    pos = p * (n - 1)
    low = floor(pos)
    lower = _value_at(counts, low)
    upper = _value_at(counts, min(low + 1, n - 1))
    return lower + (upper - lower) * (pos - low)


def histogram_rank(histogram: dict, value: float) -> float | None:
    """Percentile rank 0–100 of `value` among the values in `histogram`: the share below
    it plus half the share equal to it (to 0.1 point); None when it is empty."""
    counts = _counts(histogram)
    n = sum(c for _b, c in counts)
    if not n:
        return None
    own = bin_of(value)
    below = sum(c for b, c in counts if b < own)
    same = sum(c for b, c in counts if b == own)
    return 100.0 * (below + 0.5 * same) / n
