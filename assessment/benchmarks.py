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


def targets_held(
    *, province_id: int | None, year: int, questionnaire_id: int | None = None
) -> list[HeldTarget]:
    """Per indicator and population: the province's own targets if it has any for that
    indicator, else the national ones; of those, the current goal is the earliest whose
    year has not passed by the round's `year` (a target with no year never passes), or the
    latest if all have; the older ones are its history, never a current goal. With
    `questionnaire_id`, only targets on an indicator that version computes. Provincial
    goals first, then by indicator."""
    rows = Target.objects.filter(
        Q(province_id=province_id) | Q(province__isnull=True), kind__in=BENCHMARK_KINDS
    ).exclude(indicator_code="")
    if questionnaire_id is not None:
        computed = Indicator.objects.filter(questionnaire_id=questionnaire_id)
        rows = rows.filter(indicator_code__in=computed.values("code"))
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


def targets_applicable(
    *, province_id: int | None, year: int, questionnaire_id: int | None = None
) -> list[Target]:
    """The current goals of `targets_held`, as targets."""
    held = targets_held(province_id=province_id, year=year, questionnaire_id=questionnaire_id)
    return [h.target for h in held]


def pooled_indicator_codes(*, questionnaire_id: int) -> set[str]:
    """Indicators that are a ratio of two answers (part ÷ whole): besides the mean of the
    enterprises' ratios, a cohort shows the pooled ratio Σ part ÷ Σ whole."""
    return set(
        Indicator.objects.filter(
            questionnaire_id=questionnaire_id, method=Indicator.Method.RATIO
        ).values_list("code", flat=True)
    )


def is_shown(n: int | None) -> bool:
    """Whether a group of `n` enterprises is large enough for its figures to be shown. `n`
    counts the enterprises that have the figure (for an indicator: those with a value), and
    in a report the peers without the enterprise itself."""
    return (n or 0) >= MIN_GROUP


# Which spread figures a group of `n` enterprises (other than the one reading, if it is in
# the group) may show: a figure is shown only where it is not one enterprise's value that
# could be told apart. With 5 values P10/P25/median/P75/P90 and n give every value back; the
# median of 5 is one value, but which enterprise's is not known. Quartiles of 10 or more
# fall between two values, P10 and P90 of 20 or more likewise, so no set of the shown
# figures can be solved for the values behind them.
SPREAD_FLOORS = {
    "rank": MIN_GROUP,
    "median": MIN_GROUP,
    "p25": 10,
    "p75": 10,
    "p10": 20,
    "p90": 20,
}

# Peer figures move in batches, never by one submission: a group's snapshot is computed
# again only when at least this many enterprises have submitted since it was taken (or
# when its round has closed since), so that two reports never differ by one enterprise.
SNAPSHOT_BATCH = MIN_GROUP


def spread_shown(n: int | None) -> dict[str, bool]:
    """{figure: shown} of a group of `n` enterprises, by SPREAD_FLOORS."""
    return {name: (n or 0) >= floor for name, floor in SPREAD_FLOORS.items()}


def snapshot_is_due(*, new_submissions: int, closed_since: bool = False) -> bool:
    """Whether a group's peer snapshot is to be computed again: SNAPSHOT_BATCH new
    submissions since it was taken, or its round closed since (with any new submission)."""
    return new_submissions >= SNAPSHOT_BATCH or (closed_since and new_submissions > 0)


def differ_too_little(n_parent: int | None, n_child: int | None) -> bool:
    """Whether two published figures of nested groups of `n_parent` ⊇ `n_child` enterprises
    would, subtracted, give away the figures of fewer than MIN_GROUP enterprises."""
    return 0 < (n_parent or 0) - (n_child or 0) < MIN_GROUP


def complementary_shown(*, total: int, sizes: list[int]) -> list[bool]:
    """Which of the disjoint parts (`sizes`) of a published whole of `total` enterprises
    may be published beside it: each large enough on its own and not within MIN_GROUP of
    the whole; then, while the whole less the published parts leaves between 1 and
    MIN_GROUP - 1 enterprises (whose figures subtraction would give away), the smallest
    published part is withheld too."""
    shown = [is_shown(n) and not differ_too_little(total, n) for n in sizes]
    while True:
        rest = total - sum(n for n, s in zip(sizes, shown, strict=True) if s)
        if not 0 < rest < MIN_GROUP or not any(shown):
            return shown
        smallest = min((n, i) for i, (n, s) in enumerate(zip(sizes, shown, strict=True)) if s)
        shown[smallest[1]] = False
