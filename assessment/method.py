"""The scoring method, as pure functions: answers in; indicators, scores and level out.

Nothing here touches the database. `selectors.method_spec()` builds a `MethodSpec` from a
questionnaire version; tests build small ones by hand.

How a score is made (the methodology page says the same in words):
- each answered, scored question gets a score 0–100 from its kind's rule;
- a part/whole question whose whole is 0 (no key processes at all) is not applicable: it
  neither helps nor punishes, and its ratio indicator has no value;
- a dimension's score is the weighted mean of its answered scored questions (question
  weights), rounded half-up to one decimal; unanswered optional questions and questions
  that do not apply are left out;
- the overall score is the weighted mean of the dimension scores (dimension weights),
  rounded half-up to one decimal;
- the level is the highest whose minimum overall score is reached and whose minimum
  dimension score (if it has one, and those of the levels below it) every dimension reaches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SINGLE, MULTI, YESNO, INTEGER, PERCENT, PAIR, TEXT = (
    "single",
    "multi",
    "yesno",
    "integer",
    "percent",
    "pair",
    "text",
)


@dataclass(frozen=True)
class ChoiceSpec:
    value: str
    score: float
    exclusive: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    dimension: str
    kind: str
    required: bool = True
    weight: float = 1.0
    choices: tuple[ChoiceSpec, ...] = ()
    scoring: dict = field(default_factory=dict)
    min_value: int | None = None
    max_value: int | None = None

    @property
    def is_scored(self) -> bool:
        return self.weight > 0 and self.kind != TEXT

    def choice(self, value: str) -> ChoiceSpec | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    weight: float
    questions: tuple[QuestionSpec, ...]


@dataclass(frozen=True)
class LevelSpec:
    level: int
    min_score: float
    min_dimension_score: float | None = None


@dataclass(frozen=True)
class RuleSpec:
    code: str
    left: str
    right: str
    kind: str = "lte"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    method: str
    question: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MethodSpec:
    version: str
    dimensions: tuple[DimensionSpec, ...]
    levels: tuple[LevelSpec, ...]
    rules: tuple[RuleSpec, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()

    @property
    def questions(self) -> dict[str, QuestionSpec]:
        return {q.code: q for d in self.dimensions for q in d.questions}


@dataclass(frozen=True)
class Result:
    dimension_scores: dict[str, float]
    overall: float
    level: int
    indicators: dict[str, float | None]
    # {ratio indicator code: (part, whole)} of each answered part/whole question, so that a
    # cohort's pooled rate is Σ part ÷ Σ whole (a whole of 0 adds nothing to either sum).
    ratio_parts: dict[str, tuple[float, float]] = field(default_factory=dict)


# Binary noise below this is dropped before rounding (round1).
NOISE = Decimal("1e-9")


def round1(x: float | Decimal | None) -> float | None:
    """Half-up to one decimal (2.25 → 2.3, 2.35 → 2.4, 0.05 → 0.1, 72.45 → 72.5): the one
    rounding of every figure the product shows, stores or exports. The number is first
    taken to nine decimals, so that an average computed in binary floating point
    (72.44999999999999 for the mean of 72.4 and 72.5) rounds as the decimal it stands for;
    Python's `round` would give 2.2 for 2.25 (half-even) and 0.1 for 0.15 (binary)."""
    if x is None:
        return None
    exact = Decimal(x) if isinstance(x, Decimal) else Decimal(repr(float(x)))
    return float(exact.quantize(NOISE).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def is_answered(value: Any) -> bool:
    return value not in (None, "", [], {})


# --- questions --------------------------------------------------------------------------


def not_applicable(q: QuestionSpec, value: Any) -> bool:
    """Whether an answered question does not apply: a part/whole question whose whole is 0
    (an enterprise with no key processes has none to control numerically)."""
    return q.kind == PAIR and is_answered(value) and (value.get("whole") or 0) <= 0


def ratio(value: dict) -> float | None:
    """part / whole × 100 for a pair answer; None when the whole is 0."""
    whole = value.get("whole") or 0
    if whole <= 0:
        return None
    return 100.0 * value.get("part", 0) / whole


# What a question's `scoring` leaves out takes these values (the methodology page shows
# the same parameters, read through scoring_parameters).
SCORING_DEFAULTS = {
    MULTI: {"cap": 100},
    YESNO: {"yes": 100, "no": 0},
    INTEGER: {"steps": []},
    PERCENT: {"full_at": 100},
    PAIR: {"full_at": 100},
}


def scoring_parameters(kind: str, scoring: dict) -> dict:
    """A question's scoring parameters with the defaults filled in."""
    return {**SCORING_DEFAULTS.get(kind, {}), **(scoring or {})}


def question_score(q: QuestionSpec, value: Any) -> float:
    """The score 0–100 of one answered, scored question."""
    rule = scoring_parameters(q.kind, q.scoring)
    if q.kind == SINGLE:
        chosen = q.choice(value)
        return chosen.score if chosen else 0.0
    if q.kind == MULTI:
        total = sum(c.score for c in q.choices if c.value in set(value))
        return min(float(rule["cap"]), total)
    if q.kind == YESNO:
        return float(rule["yes"] if value else rule["no"])
    if q.kind == INTEGER:
        score = 0.0
        for threshold, points in rule["steps"]:
            if value >= threshold:
                score = float(points)
        return score
    if q.kind in (PERCENT, PAIR):
        pct = value if q.kind == PERCENT else ratio(value)
        if pct is None:
            return 0.0
        return min(100.0, 100.0 * float(pct) / float(rule["full_at"]))
    return 0.0


# --- validation -------------------------------------------------------------------------

# Problem keys; the forms turn them into translated messages.
BELOW_MIN, ABOVE_MAX, NOT_A_CHOICE, EXCLUSIVE, PART_GT_WHOLE, RULE = (
    "below_min",
    "above_max",
    "not_a_choice",
    "exclusive",
    "part_gt_whole",
    "rule",
)


def _bounds(q: QuestionSpec, number: float) -> str | None:
    low = 0 if q.min_value is None else q.min_value
    high = 100 if q.kind == PERCENT and q.max_value is None else q.max_value
    if number < low:
        return BELOW_MIN
    if high is not None and number > high:
        return ABOVE_MAX
    return None


def question_problem(q: QuestionSpec, value: Any) -> str | None:
    """What is wrong with one typed answer on its own, or None."""
    if not is_answered(value):
        return None
    if q.kind == SINGLE:
        return None if q.choice(value) else NOT_A_CHOICE
    if q.kind == MULTI:
        chosen = [q.choice(v) for v in value]
        if any(c is None for c in chosen):
            return NOT_A_CHOICE
        return EXCLUSIVE if len(chosen) > 1 and any(c.exclusive for c in chosen) else None
    if q.kind in (INTEGER, PERCENT):
        return _bounds(q, value)
    if q.kind == PAIR:
        problem = _bounds(q, value.get("part", 0)) or _bounds(q, value.get("whole", 0))
        if problem:
            return problem
        return PART_GT_WHOLE if value.get("part", 0) > value.get("whole", 0) else None
    return None


def pair_problem(q: QuestionSpec, value: dict) -> tuple[str, str] | None:
    """(side, problem) for a pair answer, side being "part" or "whole": which of the two
    numbers a message belongs next to (a part larger than its whole goes with the part)."""
    for side in ("part", "whole"):
        problem = _bounds(q, value.get(side, 0))
        if problem:
            return side, problem
    return ("part", PART_GT_WHOLE) if value.get("part", 0) > value.get("whole", 0) else None


def _rule_number(q: QuestionSpec, value: Any) -> float | None:
    if not is_answered(value):
        return None
    if q.kind == PAIR:
        return value.get("part")
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def rule_problems(spec: MethodSpec, answers: dict[str, Any]) -> dict[str, str]:
    """Broken cross-field rules: {question code of the rule's left side: rule code}."""
    questions = spec.questions
    broken = {}
    for rule in spec.rules:
        left = _rule_number(questions[rule.left], answers.get(rule.left))
        right = _rule_number(questions[rule.right], answers.get(rule.right))
        if left is not None and right is not None and left > right:
            broken[rule.left] = rule.code
    return broken


def missing_required(spec: MethodSpec, answers: dict[str, Any]) -> list[str]:
    return [
        q.code
        for d in spec.dimensions
        for q in d.questions
        if q.required and not is_answered(answers.get(q.code))
    ]


MISSING = "missing"


@dataclass(frozen=True)
class Problem:
    """What stops an assessment from being submitted: `question` and, for a pair, the
    `side` ("part" or "whole") the message belongs next to; `kind` is MISSING, a problem
    key of question_problem, or RULE with the broken rule's code in `rule`."""

    question: str
    kind: str
    side: str = ""
    rule: str = ""


def answer_problems(spec: MethodSpec, answers: dict[str, Any]) -> list[Problem]:
    """Every problem of a whole answer set, in questionnaire order: required answers
    missing, answers wrong on their own, and cross-field rules broken (rule_problems, the
    same check the section form makes, so a rule broken by a later change in another
    section is found here)."""
    broken = rule_problems(spec, answers)
    problems = []
    for d in spec.dimensions:
        for q in d.questions:
            value = answers.get(q.code)
            if not is_answered(value):
                if q.required:
                    problems.append(Problem(q.code, MISSING))
                continue
            if q.kind == PAIR:
                found = pair_problem(q, value)
                if found:
                    problems.append(Problem(q.code, found[1], side=found[0]))
                    continue
            else:
                problem = question_problem(q, value)
                if problem:
                    problems.append(Problem(q.code, problem))
                    continue
            if q.code in broken:
                side = "part" if q.kind == PAIR else ""
                problems.append(Problem(q.code, RULE, side=side, rule=broken[q.code]))
    return problems


# --- scoring ----------------------------------------------------------------------------


def dimension_score(d: DimensionSpec, answers: dict[str, Any]) -> float:
    weighted = total_weight = 0.0
    for q in d.questions:
        value = answers.get(q.code)
        if not q.is_scored or not is_answered(value) or not_applicable(q, value):
            continue
        weighted += q.weight * question_score(q, value)
        total_weight += q.weight
    return round1(weighted / total_weight) if total_weight else 0.0


def overall_score(spec: MethodSpec, dimension_scores: dict[str, float]) -> float:
    total_weight = sum(d.weight for d in spec.dimensions)
    weighted = sum(d.weight * dimension_scores[d.code] for d in spec.dimensions)
    return round1(weighted / total_weight) if total_weight else 0.0


def level_for(spec: MethodSpec, overall: float, dimension_scores: dict[str, float]) -> int:
    weakest = min(dimension_scores.values(), default=0.0)
    reached = 0
    for lv in sorted(spec.levels, key=lambda lv: lv.level):
        gate = lv.min_dimension_score
        if overall < lv.min_score or (gate is not None and weakest < gate):
            break
        reached = lv.level
    return reached


def indicator_value(ind: IndicatorSpec, q: QuestionSpec, value: Any) -> float | None:
    if not is_answered(value):
        return None
    if ind.method == "ratio":
        r = ratio(value)
        return None if r is None else round1(r)
    if ind.method == "value":
        return float(value)
    if ind.method == "any_of":
        chosen = set(value) if isinstance(value, list) else {value}
        return 100.0 if chosen & set(ind.params.get("choices", [])) else 0.0
    if ind.method == "choice_at_least":
        order = [c.value for c in q.choices]
        threshold = ind.params["from"]
        return 100.0 if value in order and order.index(value) >= order.index(threshold) else 0.0
    raise ValueError(f"unknown indicator method {ind.method}")


def ratio_parts_of(spec: MethodSpec, answers: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """(part, whole) of each ratio indicator whose part/whole question is answered."""
    parts = {}
    for ind in spec.indicators:
        value = answers.get(ind.question)
        if ind.method == "ratio" and is_answered(value):
            parts[ind.code] = (float(value.get("part", 0)), float(value.get("whole", 0)))
    return parts


def score(spec: MethodSpec, answers: dict[str, Any]) -> Result:
    """Score a complete set of typed answers {question code: value}."""
    dims = {d.code: dimension_score(d, answers) for d in spec.dimensions}
    overall = overall_score(spec, dims)
    questions = spec.questions
    indicators = {
        ind.code: indicator_value(ind, questions[ind.question], answers.get(ind.question))
        for ind in spec.indicators
    }
    return Result(
        dimension_scores=dims,
        overall=overall,
        level=level_for(spec, overall, dims),
        indicators=indicators,
        ratio_parts=ratio_parts_of(spec, answers),
    )
