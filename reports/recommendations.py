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


# ---------------------------------------------------------------------------------------
# Steps that answer the answers (reports/data/steps.yaml).
#
# A step is triggered by what the enterprise answered (its `trigger`, over question codes
# of the questionnaire), and ordered by a priority in the spirit of the prioritisation
# matrix of Singapore's Smart Industry Readiness Index (impact against effort):
#
#     priority = gap × dimension weight share × prerequisite factor ÷ effort
#
# - gap (0–1): how far the answers the step addresses are from full marks. For a step on a
#   part of a whole (45 of 120 machines networked) it is the share still missing (75/120);
#   otherwise 1 − the mean score (0–100) of its scored questions ÷ 100.
# - dimension weight share: the dimension's weight ÷ the sum of the weights.
# - prerequisite factor: 1 when every step it requires is already in place (not triggered
#   by the answers) and its required answers hold; PREREQUISITE_UNMET otherwise, so a step
#   comes after what it builds on.
# - effort: 1, 2 or 3 for a low, medium or high effort band.
# Ties go to the step listed first in the data file.

STEPS_FILE = Path(__file__).parent / "data" / "steps.yaml"
EFFORT = {"low": 1, "medium": 2, "high": 3}
PREREQUISITE_UNMET = 0.5
MOST_STEPS, STEPS_PER_DIMENSION = 6, 2


@dataclass(frozen=True)
class Step:
    """A triggered step with the figures its texts are formatted with."""

    entry: dict
    params: dict
    gap: float
    priority: float
    # Codes of the required steps the answers show are not yet in place.
    missing: tuple[str, ...]
    size: str
    sector: str
    programmes: tuple[dict, ...]

    @property
    def code(self) -> str:
        return self.entry["code"]

    @property
    def dimension(self) -> str:
        return self.entry["dimension"]


@cache
def steps_catalogue() -> tuple[dict, ...]:
    with STEPS_FILE.open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh))


def sector_group(industry_code: str) -> str:
    """Process or discrete production (GB/T 4754 divisions in INDUSTRY_GROUPS): the
    consumer-goods divisions make discrete products."""
    return "process" if industry_group(industry_code) == "process" else "discrete"


def _number(value) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _share(part, whole) -> dict | None:
    part, whole = _number(part), _number(whole)
    if part is None or not whole or whole <= 0:
        return None
    part = min(part, whole)
    return {
        "part": int(part),
        "whole": int(whole),
        "remaining": int(whole - part),
        "share": round(100.0 * part / whole, 1),
    }


def trigger_fires(condition: dict, answers: dict) -> dict | None:
    """The figures of a condition that holds for `answers` ({} when it has none), else
    None. An unanswered question never fires a condition. Conditions:
    {all: [...]}; {any: [...]} (the first that holds: the same fact asked differently by
    two questionnaire versions); {question, in: [values]} (a single choice); {question, equals: v};
    {question, below: n} (a number); {question, has_any: [...], lacks: [...]} (a multiple
    choice: one of has_any chosen, none of lacks); {ratio: [part, whole], below: r} (two
    counts: part ÷ whole < r, whole > 0); {pair: question, below: r} (a part/whole answer)."""
    if "any" in condition:
        for item in condition["any"]:
            params = trigger_fires(item, answers)
            if params is not None:
                return params
        return None
    if "all" in condition:
        found: dict = {}
        for item in condition["all"]:
            params = trigger_fires(item, answers)
            if params is None:
                return None
            found.update(params)
        return found
    if "ratio" in condition or "pair" in condition:
        if "ratio" in condition:
            part_q, whole_q = condition["ratio"]
            share = _share(answers.get(part_q), answers.get(whole_q))
        else:
            value = answers.get(condition["pair"])
            share = (
                _share(value.get("part"), value.get("whole")) if isinstance(value, dict) else None
            )
        if share is None or share["share"] >= 100.0 * condition["below"]:
            return None
        return share
    value = answers.get(condition["question"])
    if value is None or value == "" or value == []:
        return None
    if "in" in condition:
        return {} if value in condition["in"] else None
    if "equals" in condition:
        return {} if value == condition["equals"] else None
    if "below" in condition:
        number = _number(value)
        return {"value": number} if number is not None and number < condition["below"] else None
    if "has_any" in condition or "lacks" in condition:
        chosen = set(value) if isinstance(value, list) else {value}
        if "has_any" in condition and not chosen & set(condition["has_any"]):
            return None
        if chosen & set(condition.get("lacks", [])):
            return None
        return {}
    raise ValueError(f"unknown trigger condition: {condition}")


def step_gap(entry: dict, params: dict, question_scores: dict[str, float]) -> float:
    """0–1: the share still missing of a part/whole, else 1 − the mean score of the
    step's scored questions ÷ 100 (1 when none of them is scored)."""
    if "share" in params:
        return round(1.0 - params["share"] / 100.0, 4)
    scored = [question_scores[q] for q in entry["questions"] if q in question_scores]
    if not scored:
        return 1.0
    return round(1.0 - sum(scored) / len(scored) / 100.0, 4)


def step_priority(*, gap: float, weight_share: float, prerequisites_met: bool, effort: str):
    factor = 1.0 if prerequisites_met else PREREQUISITE_UNMET
    return round(gap * weight_share * factor / EFFORT[effort], 5)


def steps_choose(
    *,
    answers: dict,
    question_scores: dict[str, float],
    weights: dict[str, float],
    size_class: str,
    industry_code: str,
    province_code: str,
    entries: tuple[dict, ...] | None = None,
    most: int = MOST_STEPS,
    per_dimension: int = STEPS_PER_DIMENSION,
) -> list[Step]:
    """The steps the answers call for, highest priority first: at most `most`, and at most
    `per_dimension` of one dimension. `question_scores` are the scores (0–100) of the
    answered scored questions; `province_code` (GB/T 2260) picks the programmes of the
    enterprise's own province (a step's programme of any other province is never shown)."""
    entries = steps_catalogue() if entries is None else entries
    total = sum(weights.values()) or 1.0
    fired = {}
    for entry in entries:
        params = trigger_fires(entry["trigger"], answers)
        if params is not None:
            fired[entry["code"]] = params
    size, sector = size_group(size_class), sector_group(industry_code)
    found = []
    for order, entry in enumerate(entries):
        params = fired.get(entry["code"])
        if params is None:
            continue
        missing = tuple(code for code in entry.get("requires", []) if code in fired)
        answer_ok = "requires_answer" not in entry or (
            trigger_fires(entry["requires_answer"], answers) is not None
        )
        gap = step_gap(entry, params, question_scores)
        priority = step_priority(
            gap=gap,
            weight_share=weights.get(entry["dimension"], 0.0) / total,
            prerequisites_met=not missing and answer_ok,
            effort=entry["effort"],
        )
        programmes = tuple(
            p for p in entry.get("programmes", []) if str(p["province"]) == str(province_code)
        )
        step = Step(entry, params, gap, priority, missing, size, sector, programmes)
        found.append((-priority, order, step))
    chosen: list[Step] = []
    per: dict[str, int] = {}
    for _priority, _order, step in sorted(found, key=lambda item: item[:2]):
        if len(chosen) >= most:
            break
        if per.get(step.dimension, 0) >= per_dimension:
            continue
        per[step.dimension] = per.get(step.dimension, 0) + 1
        chosen.append(step)
    return chosen
