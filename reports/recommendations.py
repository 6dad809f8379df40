"""Which recommendations a report shows: a pure function of the scores and target gaps,
over the catalogue in reports/data/recommendations.yaml."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

CATALOGUE_FILE = Path(__file__).parent / "data" / "recommendations.yaml"
MOST, FEWEST = 5, 3
# A gap is shown when its priority is at least this share of the largest one.
RELATIVE_CUT = 0.4
# GB/T 4754-2017 manufacturing divisions by how they produce.
INDUSTRY_GROUPS = {
    "process": {"13", "14", "15", "16", "22", "25", "26", "27", "28", "29", "30", "31", "32"},
    "consumer": {"17", "18", "19", "20", "21", "23", "24"},
}
SMALL_SIZES = {"micro", "small"}


@dataclass(frozen=True)
class Gap:
    """Why a recommendation is shown: its dimension's score and what the next level and
    the targets ask of it."""

    dimension: str
    score: float
    priority: float
    level_gate: float | None = None
    indicator: str | None = None
    target_gap: float | None = None
    # A population target the enterprise does not yet count towards (no gap figure).
    not_counting: bool = False


@dataclass(frozen=True)
class Recommendation:
    entry: dict
    gap: Gap
    size: str
    industry: str


@cache
def catalogue() -> tuple[dict, ...]:
    with CATALOGUE_FILE.open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh))


def industry_group(industry_code: str) -> str:
    for group, codes in INDUSTRY_GROUPS.items():
        if industry_code in codes:
            return group
    return "discrete"


def size_group(size_class: str) -> str:
    return "small" if size_class in SMALL_SIZES else "medium"


def rank_gaps(
    *,
    dimension_scores: dict[str, float],
    weights: dict[str, float],
    level_gate: float | None,
    target_gaps: dict[str, tuple[str, float]],
    not_counting: dict[str, str] | None = None,
) -> list[Gap]:
    """Every gap worth acting on, largest first. A dimension's priority is the overall
    points it could still add (weight share × distance to 100), plus its distance to the
    next level's minimum dimension score; a missed enterprise-level target (indicator →
    (dimension, gap in points)) adds a fifth of its gap on top of its dimension's priority.
    A population target the enterprise does not yet count towards (indicator → dimension)
    is a yes/no signal: it adds nothing, and at its dimension's own priority it comes
    before that dimension's general entry, so the indicator's recommendation is shown."""
    total = sum(weights.values()) or 1.0
    gaps = []
    for code, score in dimension_scores.items():
        gate_gap = max(0.0, level_gate - score) if level_gate is not None else 0.0
        priority = weights.get(code, 0.0) / total * (100.0 - score) + gate_gap
        gaps.append(Gap(code, score, round(priority, 2), level_gate if gate_gap else None))
    by_dimension = {g.dimension: g for g in gaps}
    for indicator, (dimension, gap) in target_gaps.items():
        base = by_dimension.get(dimension)
        if base is None or gap <= 0:
            continue
        gaps.append(
            Gap(
                dimension,
                base.score,
                round(base.priority + gap / 5.0, 2),
                base.level_gate,
                indicator=indicator,
                target_gap=gap,
            )
        )
    for indicator, dimension in (not_counting or {}).items():
        base = by_dimension.get(dimension)
        if base is None or indicator in target_gaps:
            continue
        gaps.append(
            Gap(
                dimension,
                base.score,
                base.priority,
                base.level_gate,
                indicator=indicator,
                not_counting=True,
            )
        )
    return sorted(gaps, key=lambda g: (-g.priority, g.indicator is None, g.dimension))


def recommendations_choose(
    *,
    dimension_scores: dict[str, float],
    weights: dict[str, float],
    level_gate: float | None,
    target_gaps: dict[str, tuple[str, float]],
    size_class: str,
    industry_code: str,
    not_counting: dict[str, str] | None = None,
    entries: tuple[dict, ...] | None = None,
) -> list[Recommendation]:
    """The 3–5 recommendations for the gaps that matter most, one per dimension, each
    with the steps for the enterprise's size and industry group."""
    entries = catalogue() if entries is None else entries
    by_dimension = {e["dimension"]: e for e in entries if not e.get("indicator")}
    by_indicator = {e["indicator"]: e for e in entries if e.get("indicator")}
    ranked = [
        g
        for g in rank_gaps(
            dimension_scores=dimension_scores,
            weights=weights,
            level_gate=level_gate,
            target_gaps=target_gaps,
            not_counting=not_counting,
        )
        if g.priority > 0
    ]
    if not ranked:
        return []
    cut = ranked[0].priority * RELATIVE_CUT
    size, industry = size_group(size_class), industry_group(industry_code)
    chosen: list[Recommendation] = []
    seen: set[str] = set()
    for gap in ranked:
        if len(chosen) >= MOST or (len(chosen) >= FEWEST and gap.priority < cut):
            break
        if gap.indicator:
            entry = by_indicator.get(gap.indicator)
        else:
            entry = by_dimension.get(gap.dimension)
        if entry is None or gap.dimension in seen:
            continue
        seen.add(gap.dimension)
        chosen.append(Recommendation(entry, gap, size, industry))
    return chosen
