"""A cohort against its targets: each target's figure this round and the last, met or
missed, and the gap."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, Sum

from assessment.models import Assessment, Round, Target
from core.stats import json_number
from reference.models import Province

from .filters import CohortFilters, Scope, round_previous

MIN_COHORT = 5
CNC_INDICATOR = "cnc_key_process_rate"


def targets_for(*, province: Province) -> list[Target]:
    """The targets a cohort of `province` is held against: per indicator, the province's
    own target if it has one, else the national one (domain.md)."""
    rows = Target.objects.filter(
        Q(province=province) | Q(province__isnull=True),
        kind__in=[Target.Kind.ENTERPRISE, Target.Kind.POPULATION],
    ).exclude(indicator_code="")
    chosen: dict[tuple[str, str], Target] = {}
    for t in rows.order_by("indicator_code", "year"):
        key = (t.indicator_code, t.population)
        held = chosen.get(key)
        if held is None or t.province_id or held.province_id is None:
            chosen[key] = t
    return sorted(chosen.values(), key=lambda t: (t.province_id is None, t.indicator_code))


def target_aggregates(targets: list[Target]) -> tuple[dict, dict]:
    """(aliases, aggregates) of each target's figure over assessments: for a population
    target the number of enterprises with the flag (the share needs the base), for an
    enterprise target the mean of the enterprises' values (those without one left out)."""
    aliases, aggregates = {}, {}
    for i, t in enumerate(targets):
        name = f"ind_{i}"
        aliases[name] = json_number("indicators", t.indicator_code)
        where = Q()
        if t.population == Target.Population.ABOVE_SCALE:
            where &= Q(above_designated_size=True)
        if t.kind == Target.Kind.POPULATION:
            aggregates[t.code] = Count("pk", filter=where & Q(**{f"{name}__gte": 100}))
        else:
            aggregates[t.code] = Avg(name, filter=where)
    return aliases, aggregates


def indicator_aggregates(targets: list[Target]) -> tuple[dict, dict]:
    """(per-row values, aggregates) of the target figures and the pooled CNC rate, named
    apart from the other statistics (read them back with _indicator_row)."""
    aliases, aggregates = target_aggregates(targets)
    aliases["cnc_part_value"] = json_number("ratio_parts", CNC_INDICATOR, 0)
    aliases["cnc_whole_value"] = json_number("ratio_parts", CNC_INDICATOR, 1)
    named = {f"target_{i}": aggregates[t.code] for i, t in enumerate(targets)}
    named["cnc_part"] = Sum("cnc_part_value")
    named["cnc_whole"] = Sum("cnc_whole_value")
    return aliases, named


def indicator_row(row: dict, targets: list[Target]) -> dict:
    """{target code: {"n", "value"}, "pooled": pooled CNC rate} from a row of
    _indicator_aggregates (with "n" and "n_above")."""
    figures = {
        t.code: {
            "n": row["n_above"] if t.population == Target.Population.ABOVE_SCALE else row["n"],
            "value": target_value(t, row[f"target_{i}"], row["n"], row["n_above"]),
        }
        for i, t in enumerate(targets)
    }
    whole = row["cnc_whole"]
    figures["pooled"] = 100.0 * row["cnc_part"] / whole if whole else None
    return figures


def target_value(t: Target, raw, n: int, n_above: int) -> float | None:
    base = n_above if t.population == Target.Population.ABOVE_SCALE else n
    if t.kind == Target.Kind.POPULATION:
        return 100.0 * raw / base if base and raw is not None else None
    return raw


def _indicator_figures(
    *, scope: Scope, filters: CohortFilters, rounds: list[Round], targets: list[Target]
) -> dict[int, dict]:
    """{round id: {target code: {"n", "value"}, "pooled": pooled CNC rate}} for each of
    `rounds`, in one query grouped by round: the cohort's value of each target (share of
    enterprises for a population target, mean of the enterprises' values for an enterprise
    target) and its base; the pooled CNC rate is Σ part ÷ Σ whole of the key processes."""
    if not rounds:
        return {}
    aliases, aggregates = indicator_aggregates(targets)
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

    @property
    def suppressed(self) -> bool:
        return self.n < MIN_COHORT


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
        targets = targets_for(province=scope.province)
    previous_round = round_previous(round=filters.round)
    rounds = [] if current is not None else [filters.round]
    rounds += [previous_round] if previous_round else []
    figures = _indicator_figures(scope=scope, filters=filters, rounds=rounds, targets=targets)
    empty = {t.code: {"n": 0, "value": None} for t in targets}
    now = current if current is not None else figures.get(filters.round.pk, empty)
    before = figures.get(previous_round.pk, {}) if previous_round else {}
    pooled = now.get("pooled")
    rows = []
    for t in targets:
        value = now[t.code]["value"]
        prev = before.get(t.code, {})
        prev_value = prev.get("value") if prev.get("n", 0) >= MIN_COHORT else None
        rows.append(
            TargetFigure(
                target=t,
                n=now[t.code]["n"],
                value=value,
                met=t.is_met_by(value),
                gap=None if value is None else value - float(t.value),
                previous=prev_value,
                change=None if value is None or prev_value is None else value - prev_value,
                pooled=pooled if t.indicator_code == CNC_INDICATOR else None,
            )
        )
    return rows
