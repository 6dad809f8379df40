"""The rule book of benchmarks: which targets an enterprise or a cohort is held against,
how small a group may be before its figures are withheld, and which indicators are also
shown pooled. The reports, the dashboards, the exports and the methodology page all ask
here, so that they cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from .models import Indicator, Target

# Figures of a group with fewer enterprises than this are not shown: they would expose
# the few enterprises in it.
MIN_GROUP = 5

# The targets our data can be held against: they name an indicator we compute, and they
# are either an enterprise's own value or a share of enterprises.
BENCHMARK_KINDS = (Target.Kind.ENTERPRISE, Target.Kind.POPULATION)


@dataclass(frozen=True)
class HeldTarget:
    """A target as it applies to one province in one round year."""

    target: Target
    national: bool  # the province has no target of its own for this indicator
    past: bool  # its year is before the round's and no newer target exists
    history: tuple[Target, ...]  # earlier targets of the same indicator, superseded


def _rank(target: Target, year: int) -> tuple:
    """Ordering of candidate targets for a round of `year`: first the nearest target year
    still ahead (or without a year), then, if all are past, the latest."""
    if target.year is None or target.year >= year:
        return (0, target.year or 10_000)
    return (1, -target.year)


def targets_held(*, province_id: int | None, year: int) -> list[HeldTarget]:
    """Per indicator and population: the province's own targets if it has any for that
    indicator, else the national ones; of those, the current goal is the earliest whose
    year has not passed by the round's `year` (a target with no year never passes), or the
    latest if all have; the older ones are its history, never a current goal. Provincial
    goals first, then by indicator."""
    rows = Target.objects.filter(
        Q(province_id=province_id) | Q(province__isnull=True), kind__in=BENCHMARK_KINDS
    ).exclude(indicator_code="")
    groups: dict[tuple[str, str], list[Target]] = {}
    for t in rows.select_related("province"):
        groups.setdefault((t.indicator_code, t.population), []).append(t)
    held = []
    for candidates in groups.values():
        own = [t for t in candidates if t.province_id is not None]
        pool = own or candidates
        current = min(pool, key=lambda t: _rank(t, year))
        history = sorted(
            (t for t in pool if t.year is not None and current.year and t.year < current.year),
            key=lambda t: t.year,
        )
        held.append(
            HeldTarget(
                target=current,
                national=not own,
                past=current.year is not None and current.year < year,
                history=tuple(history),
            )
        )
    return sorted(held, key=lambda h: (h.national, h.target.indicator_code, h.target.population))


def targets_applicable(*, province_id: int | None, year: int) -> list[Target]:
    """The current goals of `targets_held`, as targets."""
    return [h.target for h in targets_held(province_id=province_id, year=year)]


def pooled_indicator_codes(*, questionnaire_id: int) -> set[str]:
    """Indicators that are a ratio of two answers (part ÷ whole): besides the mean of the
    enterprises' ratios, a cohort shows the pooled ratio Σ part ÷ Σ whole."""
    return set(
        Indicator.objects.filter(
            questionnaire_id=questionnaire_id, method=Indicator.Method.RATIO
        ).values_list("code", flat=True)
    )


def is_shown(n: int | None) -> bool:
    """Whether a group of `n` enterprises is large enough for its figures to be shown."""
    return (n or 0) >= MIN_GROUP
