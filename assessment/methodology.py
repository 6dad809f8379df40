"""What the public methodology page shows of a questionnaire version: its dimensions,
questions and scoring, levels and gates, the national-scale bands, the benchmark rules and
the targets that apply to a province."""

from django.utils import timezone

from core.lang import localized
from reference.models import Province

from .benchmarks import MIN_GROUP, SNAPSHOT_BATCH, SPREAD_FLOORS, targets_held
from .models import (
    Questionnaire,
    Target,
)
from .rounds import current_round


def methodology_context(
    questionnaire: Questionnaire | None, *, province_code: str | None = None
) -> dict:
    """What the methodology page shows for a questionnaire version; with `province_code`,
    the targets the rule book holds that province to in the current round's year."""
    if questionnaire is None:
        return {"questionnaire": None}
    round_ = current_round()
    year = round_.year if round_ else timezone.localdate().year
    province = Province.objects.filter(code=province_code).first() if province_code else None
    dimensions = list(
        questionnaire.dimensions.prefetch_related("questions__choices", "questions__indicators")
    )
    total_weight = sum(d.weight for d in dimensions)
    levels = questionnaire.level_table()
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
        "national_bands": national_bands(),
        "sector_modules": [
            {**m, "name": localized(m, "name"), "questions": module_questions[m["code"]]}
            for m in questionnaire.sector_modules
            for module_questions in [_module_questions(dimensions)]
        ],
        "decisions": [
            {**d, "title": localized(d, "title"), "text": localized(d, "text")}
            for d in questionnaire.decisions
        ],
        "rules": questionnaire.rules.select_related("left", "right"),
        "indicators": questionnaire.indicators.select_related("question"),
        "targets": targets,
        "benchmark": {
            "min_group": MIN_GROUP,
            "spread": SPREAD_FLOORS,
            "batch": SNAPSHOT_BATCH,
            "year": year,
            "provinces": Province.objects.filter(targets__isnull=False).distinct(),
            "province": province,
            "held": targets_held(
                province_id=province.pk, year=year, questionnaire_id=questionnaire.pk
            )
            if province
            else None,
        },
    }


def national_bands() -> list[dict]:
    """The bands of the national SME digital-level scale, lowest first, for the pages that
    show the estimate."""
    from .method import NATIONAL_SME_BANDS

    upper = [b[1] for b in NATIONAL_SME_BANDS[1:]] + [None]
    return [
        {"level": level, "min_score": low, "max_score": high}
        for (level, low), high in zip(NATIONAL_SME_BANDS, upper, strict=True)
    ]


def _module_questions(dimensions) -> dict[str, list]:
    """{sector module: the questions that belong to it only}."""
    found: dict[str, list] = {}
    for d in dimensions:
        for q in d.questions.all():
            for code in q.sectors:
                found.setdefault(code, []).append(q)
    return found
