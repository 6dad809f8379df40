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
  dimension score (if it has one, and those of the levels below it) every dimension reaches,
  and whose gates (a minimum score of the dimensions that define the level, and those of the
  levels below it) are met.

Since version 2027.1 a version may also have:
- a choice that does not apply (`not_applicable`: left out like a pair with a whole of 0);
- a score relative to size (`per`: the answer per `per_count` of another answer, e.g. digital
  staff per 100 employees, scored by `steps`);
- a dimension scored on its best `count` of a group of questions (`best_of`);
- questions of one sector module only (`sectors`), chosen by the enterprise's GB/T 4754
  division (`sector_for`): an assessment is scored on the questions of its own module.
The national SME digital-level scale (`national_estimate`) places an overall score on the
bands of the national index; it is an estimate, never the official level.
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
    not_applicable: bool = False


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
    sectors: tuple[str, ...] = ()

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
    # {"count": n, "questions": [codes]}: only the n best-scoring of these questions count
    # (each of them scored, unanswered or not applicable ones left out first).
    best_of: dict = field(default_factory=dict)


@dataclass(frozen=True)
class LevelSpec:
    level: int
    min_score: float
    min_dimension_score: float | None = None
    # {dimension code: minimum score} of the dimensions that define the level.
    gates: dict = field(default_factory=dict)


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


def not_applicable(q: QuestionSpec, value: Any, answers: dict[str, Any] | None = None) -> bool:
    """Whether an answered question does not apply: a part/whole question whose whole is 0
    (an enterprise with no key processes has none to control numerically), a choice marked
    not applicable (an outcome the enterprise does not measure: it earns nothing in the
    measurement question and is not counted as a change), or a score per size whose size
    answer is missing or 0."""
    if not is_answered(value):
        return False
    if q.kind == PAIR:
        return (value.get("whole") or 0) <= 0
    if q.kind == SINGLE:
        chosen = q.choice(value)
        return bool(chosen and chosen.not_applicable)
    per = (q.scoring or {}).get("per")
    if per and answers is not None:
        size = answers.get(per)
        return not isinstance(size, int | float) or size <= 0
    return False


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


def per_size(q: QuestionSpec, value: Any, answers: dict[str, Any]) -> float | None:
    """The answer per `per_count` of the size answer `per` (digital staff per 100
    employees), or None when the question is not scored per size or the size is missing."""
    rule = q.scoring or {}
    size = answers.get(rule.get("per", ""))
    if not rule.get("per") or not isinstance(size, int | float) or size <= 0:
        return None
    return float(value) * float(rule.get("per_count", 100)) / float(size)


def question_score(q: QuestionSpec, value: Any, answers: dict[str, Any] | None = None) -> float:
    """The score 0–100 of one answered, scored question (`answers`: the whole answer set,
    for a score per size)."""
    rule = scoring_parameters(q.kind, q.scoring)
    if rule.get("per"):
        value = per_size(q, value, answers or {})
        if value is None:
            return 0.0
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


def counted_questions(
    d: DimensionSpec, answers: dict[str, Any]
) -> list[tuple[QuestionSpec, float]]:
    """(question, score) of each question that counts in the dimension's mean: answered,
    scored and applicable; of a `best_of` group only its `count` best scores (a better
    answer can only move a question into the best, never lower the mean)."""
    counted = []
    for q in d.questions:
        value = answers.get(q.code)
        if not q.is_scored or not is_answered(value) or not_applicable(q, value, answers):
            continue
        counted.append((q, question_score(q, value, answers)))
    group = set(d.best_of.get("questions", ())) if d.best_of else set()
    if group:
        in_group = sorted((row for row in counted if row[0].code in group), key=lambda row: -row[1])
        best = {row[0].code for row in in_group[: int(d.best_of["count"])]}
        counted = [row for row in counted if row[0].code not in group or row[0].code in best]
    return counted


def dimension_score(d: DimensionSpec, answers: dict[str, Any]) -> float:
    counted = counted_questions(d, answers)
    total_weight = sum(q.weight for q, _ in counted)
    weighted = sum(q.weight * points for q, points in counted)
    return round1(weighted / total_weight) if total_weight else 0.0


def overall_score(spec: MethodSpec, dimension_scores: dict[str, float]) -> float:
    total_weight = sum(d.weight for d in spec.dimensions)
    weighted = sum(d.weight * dimension_scores[d.code] for d in spec.dimensions)
    return round1(weighted / total_weight) if total_weight else 0.0


def gates_missed(lv: LevelSpec, dimension_scores: dict[str, float]) -> dict[str, float]:
    """{dimension code: its minimum} of the level's gates the scores do not meet."""
    return {
        code: float(minimum)
        for code, minimum in lv.gates.items()
        if dimension_scores.get(code, 0.0) < float(minimum)
    }


def level_for(spec: MethodSpec, overall: float, dimension_scores: dict[str, float]) -> int:
    weakest = min(dimension_scores.values(), default=0.0)
    reached = 0
    for lv in sorted(spec.levels, key=lambda lv: lv.level):
        gate = lv.min_dimension_score
        if overall < lv.min_score or (gate is not None and weakest < gate):
            break
        if gates_missed(lv, dimension_scores):
            break
        reached = lv.level
    return reached


# The national SME digital-level index (中小企业数字化水平评测指标, MIIT 2022, revised
# 2024): no level below 20, then 一级 [20, 40), 二级 [40, 60), 三级 [60, 80), 四级 ≥ 80.
NATIONAL_SME_BANDS = ((1, 20.0), (2, 40.0), (3, 60.0), (4, 80.0))


def national_estimate(overall: float | None) -> int | None:
    """The level an overall score would fall in on the national SME scale: 0 for below
    一级, 1–4, or None without a score. An estimate from this self-assessment's score,
    not the national evaluation (whose questions and weights differ)."""
    if overall is None:
        return None
    reached = 0
    for level, minimum in NATIONAL_SME_BANDS:
        if round1(overall) >= minimum:
            reached = level
    return reached


def sector_for(modules: list[dict], division: str | None) -> str:
    """The sector module of a GB/T 4754 division ("25") among a version's `modules`
    ([{"code", "divisions": ["25", "13-15"], "default": bool}]): the first that lists the
    division, else the default one, else "" (a version without modules)."""
    number = int(division) if division and str(division).isdigit() else None
    for module in modules:
        for item in module.get("divisions", []):
            low, _, high = str(item).partition("-")
            if number is not None and int(low) <= number <= int(high or low):
                return module["code"]
    return next((m["code"] for m in modules if m.get("default")), "")


def applies_to(q: QuestionSpec, sector: str) -> bool:
    """Whether a question belongs to an assessment of `sector` ("" for all questions)."""
    return not q.sectors or not sector or sector in q.sectors


def spec_for_sector(spec: MethodSpec, sector: str) -> MethodSpec:
    """The method as it applies to an enterprise of `sector`: the questions of other
    modules, and the rules and indicators on them, left out."""
    if not sector:
        return spec
    dimensions = tuple(
        DimensionSpec(
            code=d.code,
            weight=d.weight,
            questions=tuple(q for q in d.questions if applies_to(q, sector)),
            best_of=d.best_of,
        )
        for d in spec.dimensions
    )
    kept = {q.code for d in dimensions for q in d.questions}
    return MethodSpec(
        version=spec.version,
        dimensions=dimensions,
        levels=spec.levels,
        rules=tuple(r for r in spec.rules if r.left in kept and r.right in kept),
        indicators=tuple(i for i in spec.indicators if i.question in kept),
    )


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
