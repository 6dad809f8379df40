"""Rounds: which is current, which questionnaire version a year uses, and when a round
closes for an enterprise (its own date or a later extension of its park or province)."""

from django.utils import timezone

from .models import (
    Assessment,
    Questionnaire,
    Round,
    RoundExtension,
)


def current_round() -> Round | None:
    """The open round that opened last, else the latest round."""
    rounds = list(Round.objects.select_related("questionnaire").order_by("-opens_on"))
    return next((r for r in rounds if r.is_open), rounds[0] if rounds else None)


def round_closes_on(*, round: Round, park_id: int | None, province_id: int | None):
    """The closing date of `round` for an enterprise of that park and province: the
    latest of the round's own and the extensions of its park and its province."""
    from django.db.models import Max, Q

    scope = Q(province_id=province_id) if province_id else Q(pk__in=[])
    if park_id:
        scope |= Q(park_id=park_id)
    latest = RoundExtension.objects.filter(scope, round=round).aggregate(d=Max("closes_on"))["d"]
    return max(round.closes_on, latest) if latest else round.closes_on


def round_window(*, round: Round | None, enterprise) -> dict:
    """{"closes_on": the round's closing date for the enterprise, "open": whether it takes
    answers today, "closed": whether that date has passed}."""
    if round is None:
        return {"closes_on": None, "open": False, "closed": False}
    closes_on = round_closes_on(
        round=round, park_id=enterprise.park_id, province_id=enterprise.province_id
    )
    today = timezone.localdate()
    return {
        "closes_on": closes_on,
        "open": round.opens_on <= today <= closes_on,
        "closed": today > closes_on,
    }


def round_extensions_for(*, round: Round, park, province) -> dict:
    """For a cohort dashboard: the closing date of `round` for the park (its own and its
    province's extensions) or the province, and that scope's extensions, latest first."""
    rows = RoundExtension.objects.filter(
        round=round, park=park, province=None if park else province
    )
    return {
        "round": round,
        "closes_on": round_closes_on(
            round=round, park_id=park.pk if park else None, province_id=province.pk
        ),
        "history": list(rows.select_related("by")),
    }


def assessment_is_closed(*, assessment: Assessment) -> bool:
    """Whether the assessment's round has closed for its enterprise (saves and submits are
    refused). No query while the round's own date has not passed (extensions only ever
    move it later)."""
    if timezone.localdate() <= assessment.round.closes_on:
        return False
    return round_window(round=assessment.round, enterprise=assessment.enterprise)["closed"]


def questionnaire_for_year(*, year: int) -> Questionnaire | None:
    """The published version the rounds of `year` use: of those that apply from `year` or
    earlier (or from no year), the one that applies from the latest year, then the latest
    published."""
    from django.db.models import F, Q

    return (
        Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
        .filter(Q(applies_from__isnull=True) | Q(applies_from__lte=year))
        .order_by(F("applies_from").desc(nulls_last=True), "-published_on", "-id")
        .first()
    )


def published_questionnaire() -> Questionnaire | None:
    """The published version this year's rounds use."""
    return questionnaire_for_year(year=timezone.localdate().year)
