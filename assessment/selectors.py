from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from .method import (
    ChoiceSpec,
    DimensionSpec,
    IndicatorSpec,
    LevelSpec,
    MethodSpec,
    QuestionSpec,
    RuleSpec,
    answer_problems,
    is_answered,
    national_estimate,
    spec_for_sector,
)
from .models import (
    Answer,
    Assessment,
    Dimension,
    Question,
    Questionnaire,
)


def method_spec(questionnaire: Questionnaire, *, sector: str = "") -> MethodSpec:
    """The scoring method of a questionnaire version (cached while it is unchanged); with
    `sector`, only the questions of that sector module (method.spec_for_sector)."""
    return spec_for_sector(_method_spec(questionnaire.pk, questionnaire.fingerprint), sector)


def assessment_sector(*, assessment: Assessment) -> str:
    """The sector module of the assessment's questionnaire its enterprise answers, by the
    enterprise's GB/T 4754 division ("" for a version without modules)."""
    questionnaire = assessment.questionnaire
    if not questionnaire.sector_modules:
        return ""
    return questionnaire.sector_module(assessment.industry.code)


def assessment_spec(*, assessment: Assessment) -> MethodSpec:
    """The method an assessment is scored with: its version's, on the questions of its
    enterprise's sector module."""
    return method_spec(assessment.questionnaire, sector=assessment_sector(assessment=assessment))


@lru_cache(maxsize=16)
def _method_spec(questionnaire_id: int, fingerprint: str) -> MethodSpec:
    questionnaire = Questionnaire.objects.prefetch_related(
        "dimensions__questions__choices", "rules__left", "rules__right", "indicators__question"
    ).get(pk=questionnaire_id)
    dimensions = tuple(
        DimensionSpec(
            code=d.code,
            weight=float(d.weight),
            questions=tuple(
                QuestionSpec(
                    code=q.code,
                    dimension=d.code,
                    kind=q.kind,
                    required=q.required,
                    weight=float(q.weight),
                    choices=tuple(
                        ChoiceSpec(c.value, float(c.score), c.exclusive, c.not_applicable)
                        for c in q.choices.all()
                    ),
                    scoring=q.scoring,
                    min_value=q.min_value,
                    max_value=q.max_value,
                    sectors=tuple(q.sectors),
                )
                for q in d.questions.all()
            ),
            best_of=d.best_of,
        )
        for d in questionnaire.dimensions.all()
    )
    return MethodSpec(
        version=str(questionnaire),
        dimensions=dimensions,
        levels=tuple(
            LevelSpec(
                lv["level"],
                float(lv["min_score"]),
                lv.get("min_dimension_score"),
                lv.get("gates") or {},
            )
            for lv in questionnaire.levels
        ),
        rules=tuple(
            RuleSpec(r.code, r.left.code, r.right.code, r.kind) for r in questionnaire.rules.all()
        ),
        indicators=tuple(
            IndicatorSpec(i.code, i.method, i.question.code, i.params)
            for i in questionnaire.indicators.all()
        ),
    )


def answers_of(assessment: Assessment) -> dict[str, Any]:
    """{question code: typed value} of an assessment, in one query."""
    return dict(Answer.objects.filter(assessment=assessment).values_list("question__code", "value"))


def national_estimate_info(overall: float | None) -> dict | None:
    """{"level": 0–4} of the national SME scale the overall score falls in (0: below
    一级), or None without a score."""
    level = national_estimate(overall)
    return None if level is None else {"level": level}


# --- filling in the questionnaire -------------------------------------------------------


@dataclass(frozen=True)
class SectionProgress:
    dimension: Dimension
    answered: int
    required: int
    answered_required: int

    @property
    def complete(self) -> bool:
        return self.answered_required >= self.required

    @property
    def percent(self) -> int:
        return round(100 * self.answered_required / self.required) if self.required else 100


@dataclass(frozen=True)
class Progress:
    sections: list[SectionProgress]

    @property
    def required(self) -> int:
        return sum(s.required for s in self.sections)

    @property
    def answered_required(self) -> int:
        return sum(s.answered_required for s in self.sections)

    @property
    def percent(self) -> int:
        return round(100 * self.answered_required / self.required) if self.required else 100

    @property
    def complete(self) -> bool:
        return all(s.complete for s in self.sections)

    @property
    def first_unfinished(self) -> SectionProgress | None:
        return next((s for s in self.sections if not s.complete), None)

    def after(self, code: str) -> SectionProgress | None:
        """The section that follows `code`, or None after the last."""
        codes = [s.dimension.code for s in self.sections]
        index = codes.index(code) + 1
        return self.sections[index] if index < len(codes) else None

    def before(self, code: str) -> SectionProgress | None:
        codes = [s.dimension.code for s in self.sections]
        index = codes.index(code) - 1
        return self.sections[index] if index >= 0 else None


def assessment_progress(*, assessment: Assessment, answers: dict[str, Any]) -> Progress:
    """Answered and required questions of each section (two queries at most: the
    dimensions, and the method spec when it is not cached)."""
    spec = assessment_spec(assessment=assessment)
    dimensions = questionnaire_dimensions(assessment.questionnaire)
    sections = []
    for d in spec.dimensions:
        required = [q for q in d.questions if q.required]
        sections.append(
            SectionProgress(
                dimension=dimensions[d.code],
                answered=sum(1 for q in d.questions if is_answered(answers.get(q.code))),
                required=len(required),
                answered_required=sum(1 for q in required if is_answered(answers.get(q.code))),
            )
        )
    return Progress(sections=sections)


def section_dimension(*, assessment: Assessment, code: str) -> Dimension:
    """The dimension `code` of the assessment's questionnaire with its questions, choices
    and the questionnaire's rules, for the section form (404 when there is none). A
    published version never changes, so its dimensions are read once per process."""
    from django.http import Http404

    dimension = questionnaire_dimensions(assessment.questionnaire).get(code)
    if dimension is None:
        raise Http404
    return dimension


def questionnaire_dimensions(questionnaire: Questionnaire) -> dict[str, Dimension]:
    """{code: dimension with questions, choices and rules}; read once per process for a
    published version."""
    if questionnaire.is_published:
        return _published_dimensions(questionnaire.pk, questionnaire.fingerprint)
    return _dimensions(questionnaire.pk)


def _dimensions(questionnaire_id: int) -> dict[str, Dimension]:
    query = Dimension.objects.select_related("questionnaire").prefetch_related(
        "questions__choices", "questionnaire__rules"
    )
    return {d.code: d for d in query.filter(questionnaire=questionnaire_id)}


@lru_cache(maxsize=16)
def _published_dimensions(questionnaire_id: int, fingerprint: str) -> dict[str, Dimension]:
    return _dimensions(questionnaire_id)


def answer_display(question: Question, value: Any) -> str:
    """An answer as a person reads it, in the active language."""
    if not is_answered(value):
        return ""
    kind = Question.Kind
    if question.kind in (kind.SINGLE, kind.MULTI):
        labels = {c.value: c.label for c in question.choices.all()}
        values = value if isinstance(value, list) else [value]
        return "；".join(labels.get(v, v) for v in values)
    if question.kind == kind.YESNO:
        return str(_("是") if value else _("否"))
    if question.kind == kind.PAIR:
        return f"{value.get('part')} / {value.get('whole')} {question.unit}".strip()
    if question.kind == kind.PERCENT:
        return f"{value:g} %"
    if question.kind == kind.INTEGER:
        return f"{value} {question.unit}".strip()
    return str(value)


@dataclass(frozen=True)
class ReviewRow:
    question: Question
    display: str
    missing: bool


def assessment_review(*, assessment: Assessment, answers: dict[str, Any]) -> list[dict]:
    """Every section with each question's answer as text and whether a required one is
    missing."""
    dimensions = assessment.questionnaire.dimensions.prefetch_related("questions__choices")
    sector = assessment_sector(assessment=assessment)
    sections = []
    for d in dimensions:
        rows = [
            ReviewRow(
                question=q,
                display=answer_display(q, answers.get(q.code)),
                missing=q.required and not is_answered(answers.get(q.code)),
            )
            for q in d.questions.all()
            if not sector or not q.sectors or sector in q.sectors
        ]
        sections.append({"dimension": d, "rows": rows, "missing": sum(r.missing for r in rows)})
    return sections


@dataclass(frozen=True)
class ProblemRow:
    dimension: Dimension
    question: Question
    message: str
    missing: bool


def assessment_problems(*, assessment: Assessment, answers: dict[str, Any]) -> list[ProblemRow]:
    """What stops the assessment from being submitted (method.answer_problems), each with
    its section, its question and the message the section page shows next to it."""
    from .forms import problem_message
    from .method import MISSING

    spec = assessment_spec(assessment=assessment)
    dimensions = questionnaire_dimensions(assessment.questionnaire)
    by_code = {q.code: (d, q) for d in dimensions.values() for q in d.questions.all()}
    rules = {r.code: r for r in assessment.questionnaire.rules.all()}
    rows = []
    for problem in answer_problems(spec, answers):
        dimension, question = by_code[problem.question]
        message = problem_message(question, problem.kind, rule=rules.get(problem.rule))
        rows.append(ProblemRow(dimension, question, message, problem.kind == MISSING))
    return rows


def section_changes(
    *, dimension: Dimension, stored: dict[str, Any], typed: dict[str, Any]
) -> list[dict]:
    """Questions of a section whose stored answer differs from what the user typed."""
    return [
        {
            "question": q,
            "stored": answer_display(q, stored.get(q.code)),
            "typed": answer_display(q, typed.get(q.code)),
        }
        for q in dimension.questions.all()
        if stored.get(q.code) != typed.get(q.code)
    ]


def assessment_result(*, assessment: Assessment) -> dict:
    """What the result page shows: overall score and level, each dimension's score with
    its name and weight, and the indicator values with their names and units."""
    questionnaire = assessment.questionnaire
    scores = assessment.scores
    values = assessment.indicators
    levels = questionnaire.level_table()
    following = questionnaire.level_info((assessment.level or 0) + 1)
    return {
        "level_name": questionnaire.level_name(assessment.level),
        "level_count": len(levels),
        "national_estimate": national_estimate_info(assessment.overall_score),
        "sector_module": questionnaire.module_name(assessment_sector(assessment=assessment)),
        "next_level": following
        and {
            "level": following["level"],
            "name": following["name"],
            "min_score": following["min_score"],
            "min_dimension_score": following.get("min_dimension_score"),
            "gates": [
                {**gate, "score": scores.get(gate["code"])}
                for gate in following["gate_list"]
                if scores.get(gate["code"], 0.0) < gate["min_score"]
            ],
        },
        "dimensions": [
            {"dimension": d, "score": scores.get(d.code)} for d in questionnaire.dimensions.all()
        ],
        "indicators": [
            {"indicator": i, "value": values.get(i.code)}
            for i in questionnaire.indicators.all()
            if i.code in values
        ],
    }


def assessments_of(*, enterprise) -> list[dict]:
    """The enterprise's assessments, latest round first, each with its level name and,
    for a draft, its progress."""
    rows = []
    for assessment in enterprise.assessments.select_related(
        "round", "questionnaire", "report"
    ).order_by("-round__opens_on"):
        progress = (
            None
            if assessment.is_submitted
            else assessment_progress(assessment=assessment, answers=answers_of(assessment))
        )
        rows.append(
            {
                "assessment": assessment,
                "level_name": assessment.questionnaire.level_name(assessment.level),
                "progress": progress,
            }
        )
    return rows


def assessment_of_member_or_404(*, pk: int, user) -> Assessment:
    """The assessment `pk` if it belongs to an enterprise `user` is a member of; a 404 for
    any other (never someone else's)."""
    return get_object_or_404(
        Assessment.objects.select_related("questionnaire", "round", "enterprise"),
        pk=pk,
        enterprise__memberships__user=user,
    )
