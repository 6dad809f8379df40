from functools import lru_cache
from typing import Any

from core.lang import pick

from .method import (
    ChoiceSpec,
    DimensionSpec,
    IndicatorSpec,
    LevelSpec,
    MethodSpec,
    QuestionSpec,
    RuleSpec,
)
from .models import Answer, Assessment, Questionnaire, Round


def method_spec(questionnaire: Questionnaire) -> MethodSpec:
    """The scoring method of a questionnaire version (cached while it is unchanged)."""
    return _method_spec(questionnaire.pk, questionnaire.fingerprint)


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
                        ChoiceSpec(c.value, float(c.score), c.exclusive) for c in q.choices.all()
                    ),
                    scoring=q.scoring,
                    min_value=q.min_value,
                    max_value=q.max_value,
                )
                for q in d.questions.all()
            ),
        )
        for d in questionnaire.dimensions.all()
    )
    return MethodSpec(
        version=str(questionnaire),
        dimensions=dimensions,
        levels=tuple(
            LevelSpec(lv["level"], float(lv["min_score"]), lv.get("min_dimension_score"))
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


def current_round() -> Round | None:
    """The open round that opened last, else the latest round."""
    rounds = list(Round.objects.select_related("questionnaire").order_by("-opens_on"))
    return next((r for r in rounds if r.is_open), rounds[0] if rounds else None)


def published_questionnaire() -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
        .order_by("-published_on", "-id")
        .first()
    )


def methodology_context(questionnaire: Questionnaire | None) -> dict:
    """What the methodology page shows for a questionnaire version."""
    from .models import Target

    if questionnaire is None:
        return {"questionnaire": None}
    dimensions = list(
        questionnaire.dimensions.prefetch_related("questions__choices", "questions__indicators")
    )
    total_weight = sum(d.weight for d in dimensions)
    levels = sorted(questionnaire.levels, key=lambda lv: lv["level"])
    for lv, upper in zip(levels, [*levels[1:], None], strict=True):
        lv["max_score"] = upper["min_score"] if upper else None
        lv["name"] = pick(lv["name_zh"], lv["name_en"])
        lv["description"] = pick(lv.get("description_zh", ""), lv.get("description_en", ""))
    targets = Target.objects.select_related("province").order_by(
        "province__code", "kind", "indicator_code", "year"
    )
    return {
        "questionnaire": questionnaire,
        "versions": Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED),
        "dimensions": dimensions,
        "total_weight": total_weight,
        "question_count": sum(len(d.questions.all()) for d in dimensions),
        "levels": levels,
        "rules": questionnaire.rules.select_related("left", "right"),
        "indicators": questionnaire.indicators.select_related("question"),
        "targets": targets,
    }
