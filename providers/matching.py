"""Which solutions answer an enterprise's gaps: pure functions over plain values, so the
rule can be read and tested without a database."""

from dataclasses import dataclass

# Dimensions scoring below this count as gaps (at most GAP_COUNT of them, weakest first);
# the dimension of a missed target is a gap whatever its score.
GAP_BELOW = 80.0
GAP_COUNT = 3
SHOWN = 6


@dataclass(frozen=True)
class Gaps:
    dimensions: tuple[str, ...]  # weakest first
    indicators: frozenset[str]


@dataclass(frozen=True)
class Candidate:
    pk: int
    title: str
    dimension_codes: tuple[str, ...]
    indicator_codes: tuple[str, ...]
    size_classes: tuple[str, ...]
    industry_codes: tuple[str, ...]
    quick_light: bool


def gaps_choose(*, dimension_scores: dict[str, float | None], missed: dict[str, str]) -> Gaps:
    """The enterprise's gaps: its weakest dimensions below GAP_BELOW and the dimensions and
    indicators of the targets it misses (`missed`: {indicator: dimension})."""
    scored = sorted((score, code) for code, score in dimension_scores.items() if score is not None)
    weakest = [code for score, code in scored if score < GAP_BELOW][:GAP_COUNT]
    for dimension in missed.values():
        if dimension not in weakest:
            weakest.append(dimension)
    return Gaps(dimensions=tuple(weakest), indicators=frozenset(missed))


def _rank(candidate: Candidate, gaps: Gaps) -> tuple | None:
    hits = [gaps.dimensions.index(d) for d in candidate.dimension_codes if d in gaps.dimensions]
    indicator_hit = bool(gaps.indicators & set(candidate.indicator_codes))
    if not hits and not indicator_hit:
        return None
    return (not indicator_hit, min(hits, default=len(gaps.dimensions)), not candidate.quick_light)


def solutions_rank(
    *, candidates: list[Candidate], gaps: Gaps, size_class: str, industry_code: str
) -> list[Candidate]:
    """The candidates that address a gap and fit the enterprise's size and industry (an
    empty list of sizes or industries fits all): those aimed at a missed target first,
    then by the weakness of the dimension, 小快轻准 products first; at most SHOWN."""
    ranked = []
    for c in candidates:
        if c.size_classes and size_class not in c.size_classes:
            continue
        if c.industry_codes and industry_code not in c.industry_codes:
            continue
        rank = _rank(c, gaps)
        if rank is not None:
            ranked.append((rank, c.title, c.pk, c))
    return [entry[-1] for entry in sorted(ranked)][:SHOWN]
