"""A cohort against its targets: each target's figure this round and the last, met or
missed, and the gap."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum

from assessment.benchmarks import is_shown, pooled_indicator_codes, targets_applicable
from assessment.models import Assessment, Round, Target
from core.stats import json_number

from .filters import CohortFilters, Scope, round_previous


def target_aggregates(targets: list[Target]) -> tuple[dict, dict]:
    """(aliases, aggregates) of each target's figure over assessments: for a population
    target the number of enterprises with the flag (the share needs the base), for an
    enterprise target the mean of the enterprises' values (those without one left out);
    and as "<code>__n" the number of enterprises with a value (the base, and what the
    rule book's floor counts)."""
    aliases, aggregates = {}, {}
    for i, t in enumerate(targets):
        name = f"ind_{i}"
        aliases[name] = json_number("indicators", t.indicator_code)
        where = Q()
        if t.population == Target.Population.ABOVE_SCALE:
            where &= Q(above_designated_size=True)
        # The base of the figure and of its floor: the enterprises that have a value.
        aggregates[f"{t.code}__n"] = Count(name, filter=where)
        if t.kind == Target.Kind.POPULATION:
            aggregates[t.code] = Count("pk", filter=where & Q(**{f"{name}__gte": 100}))
        else:
            aggregates[t.code] = Avg(name, filter=where)
    return aliases, aggregates


def cohort_targets_held(*, scope: Scope, filters: CohortFilters) -> list[Target]:
    """The targets the cohort is held against in the filters' round (the rule book's)."""
    province_id = scope.province.pk if scope.province else None
    return targets_applicable(
        province_id=province_id,
        year=filters.round.year,
        questionnaire_id=filters.round.questionnaire_id,
    )


def _pooled(targets: list[Target], round: Round) -> list[int]:
    """Positions of the targets whose indicator is also shown pooled (the rule book's)."""
    codes = pooled_indicator_codes(questionnaire_id=round.questionnaire_id)
    return [i for i, t in enumerate(targets) if t.indicator_code in codes]


def indicator_aggregates(targets: list[Target], round: Round) -> tuple[dict, dict]:
    """(per-row values, aggregates) of the target figures and, for a ratio indicator, its
    pooled parts, named apart from the other statistics (read them back with
    indicator_row)."""
    aliases, aggregates = target_aggregates(targets)
    named = {f"target_{i}": aggregates[t.code] for i, t in enumerate(targets)}
    named.update({f"target_n_{i}": aggregates[f"{t.code}__n"] for i, t in enumerate(targets)})
    for i in _pooled(targets, round):
        code = targets[i].indicator_code
        aliases[f"pool_part_value_{i}"] = json_number("ratio_parts", code, 0)
        aliases[f"pool_whole_value_{i}"] = json_number("ratio_parts", code, 1)
        named[f"pool_part_{i}"] = Sum(f"pool_part_value_{i}")
        named[f"pool_whole_{i}"] = Sum(f"pool_whole_value_{i}")
    return aliases, named


def indicator_row(row: dict, targets: list[Target]) -> dict:
    """{target code: {"n", "value", "pooled"}} from a row of indicator_aggregates; "n" is
    the number of enterprises with a value, "pooled" Σ part ÷ Σ whole for a ratio
    indicator, else None."""
    figures = {}
    for i, t in enumerate(targets):
        whole = row.get(f"pool_whole_{i}")
        n = row[f"target_n_{i}"] or 0
        figures[t.code] = {
            "n": n,
            "value": target_value(t, row[f"target_{i}"], n),
            "pooled": 100.0 * row[f"pool_part_{i}"] / whole if whole else None,
        }
    return figures


def indicator_row_from_aggregate(row, targets: list[Target]) -> dict:
    """{target code: {"n", "value", "pooled"}} as indicator_row gives them, read from a
    cohort's aggregate (benchmarking.aggregates): the base and the flags or the sum of
    the target's population, and Σ part ÷ Σ whole of all its enterprises."""
    indicators = (row.figures if row is not None else {}).get("indicators", {})
    figures = {}
    for t in targets:
        pops = indicators.get(t.indicator_code, {})
        above = t.population == Target.Population.ABOVE_SCALE
        sums = pops.get("above_scale" if above else "all") or {}
        n = sums.get("n") or 0
        raw = sums.get("flags", 0) if t.kind == Target.Kind.POPULATION else None
        if t.kind != Target.Kind.POPULATION and n:
            raw = sums.get("sum", 0) / n
        everyone = pops.get("all") or {}
        whole = everyone.get("whole")
        figures[t.code] = {
            "n": n,
            "value": target_value(t, raw, n),
            "pooled": 100.0 * everyone.get("part", 0) / whole if whole else None,
        }
    return figures


def target_value(t: Target, raw, base: int) -> float | None:
    """The figure of a target from its aggregate: a share of the `base` enterprises with a
    value (population target) or their mean (enterprise target)."""
    if t.kind == Target.Kind.POPULATION:
        return 100.0 * raw / base if base and raw is not None else None
    return raw


def _indicator_figures(
    *, scope: Scope, filters: CohortFilters, rounds: list[Round], targets: list[Target]
) -> dict[int, dict]:
    """{round id: {target code: {"n", "value", "pooled"}}} for each of `rounds`, in one
    read of each round's aggregate: the cohort's value of each target (share of enterprises for a
    population target, mean of the enterprises' values for an enterprise target), its base
    and, for a ratio indicator, the pooled ratio Σ part ÷ Σ whole."""
    from .statistics import cohort_aggregate_of

    return {
        r.pk: indicator_row_from_aggregate(
            cohort_aggregate_of(scope=scope, filters=filters, round=r), targets
        )
        for r in rounds
    }


def indicator_figures_from_rows(
    *, scope: Scope, filters: CohortFilters, rounds: list[Round], targets: list[Target]
) -> dict[int, dict]:
    """As _indicator_figures, computed from the rows (what the aggregates must equal)."""
    if not rounds:
        return {}
    aliases, aggregates = indicator_aggregates(targets, rounds[0])
    rows = (
        Assessment.objects.filter(
            scope.q(),
            filters.q(),
            round_id__in=[r.pk for r in rounds],
            status=Assessment.Status.SUBMITTED,
        )
        .alias(**aliases)
        .order_by()
        .values("round_id")
        .annotate(
            n=Count("pk"),
            n_above=Count("pk", filter=Q(above_designated_size=True)),
            **aggregates,
        )
    )
    return {r["round_id"]: indicator_row(r, targets) for r in rows}


@dataclass
class TargetFigure:
    target: Target
    n: int
    value: float | None
    met: bool | None
    gap: float | None
    previous: float | None
    change: float | None
    pooled: float | None = None
    withheld: bool = False  # in a passed-on document: within MIN_GROUP of a wider cohort

    @property
    def suppressed(self) -> bool:
        return not is_shown(self.n) or self.withheld


def cohort_targets(
    *,
    scope: Scope,
    filters: CohortFilters,
    targets: list[Target] | None = None,
    current: dict | None = None,
) -> list[TargetFigure]:
    """Each target against the cohort: value, met or missed, gap, change since the
    previous round (same filters); this round and the previous one in one query, or only
    the previous one if `current` holds this round's figures already (the statistics'
    `indicators`, computed over `targets`)."""
    if targets is None:
        targets = cohort_targets_held(scope=scope, filters=filters)
    previous_round = round_previous(round=filters.round)
    rounds = [] if current is not None else [filters.round]
    rounds += [previous_round] if previous_round else []
    figures = _indicator_figures(scope=scope, filters=filters, rounds=rounds, targets=targets)
    empty = {t.code: {"n": 0, "value": None} for t in targets}
    now = current if current is not None else figures.get(filters.round.pk, empty)
    before = figures.get(previous_round.pk, {}) if previous_round else {}
    rows = []
    for t in targets:
        value = now[t.code]["value"]
        prev = before.get(t.code, {})
        prev_value = prev.get("value") if is_shown(prev.get("n", 0)) else None
        rows.append(
            TargetFigure(
                target=t,
                n=now[t.code]["n"],
                value=value,
                met=t.is_met_by(value),
                gap=None if value is None else value - float(t.value),
                previous=prev_value,
                change=None if value is None or prev_value is None else value - prev_value,
                pooled=now[t.code].get("pooled"),
            )
        )
    return rows
