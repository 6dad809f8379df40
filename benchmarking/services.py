"""Writes of peer snapshots: each group's figures computed in the database in one batch,
again only when the rule book says a batch of new submissions has arrived."""

from django.db.models import Count, ExpressionWrapper, F, FloatField, Q, Sum
from django.db.models.functions import Round as SqlRound
from django.utils import timezone

from assessment.benchmarks import pooled_indicator_codes, snapshot_is_due
from assessment.models import Assessment, Dimension, Indicator
from assessment.models import Round as AssessmentRound
from core.stats import json_number

from .aggregates import UNNARROWED, aggregate_key
from .distribution import BINS_PER_POINT
from .groups import assessment_groups, group_assessments
from .models import CohortAggregate, PeerSnapshot
from .selectors import cohort_aggregate, peer_snapshot_latest

Kind = PeerSnapshot.Kind

POPULATIONS = {"all": Q(), "above_scale": Q(above_designated_size=True)}


def _histogram(qs, field) -> dict[str, int]:
    """{bin: count} of a score over `qs` at 0.1 point, grouped in the database."""
    bin_ = SqlRound(ExpressionWrapper(field * BINS_PER_POINT, output_field=FloatField()))
    rows = (
        qs.annotate(stat_bin=bin_)
        .filter(stat_bin__isnull=False)
        .order_by()
        .values("stat_bin")
        .annotate(count=Count("pk"))
    )
    return {str(int(r["stat_bin"])): r["count"] for r in rows}


def _indicator_sums(qs, codes: list[str], pooled: set[str]) -> dict[str, dict[str, dict]]:
    """Per indicator and population: the number with a value, their sum, the number with
    the flag (value 100) and, for a ratio, Σ part and Σ whole: one aggregate query."""
    aggregates = {}
    for i, code in enumerate(codes):
        value = json_number("indicators", code)
        for pop, where in POPULATIONS.items():
            has = where & Q(**{f"ind_{i}__isnull": False})
            aggregates[f"{i}_{pop}_n"] = Count(f"ind_{i}", filter=has)
            aggregates[f"{i}_{pop}_sum"] = Sum(f"ind_{i}", filter=has)
            aggregates[f"{i}_{pop}_flags"] = Count("pk", filter=has & Q(**{f"ind_{i}__gte": 100}))
            if code in pooled:
                aggregates[f"{i}_{pop}_part"] = Sum(json_number("ratio_parts", code, 0), filter=has)
                aggregates[f"{i}_{pop}_whole"] = Sum(
                    json_number("ratio_parts", code, 1), filter=has
                )
        qs = qs.annotate(**{f"ind_{i}": value})
    row = qs.aggregate(**aggregates) if aggregates else {}
    return {
        code: {
            pop: {
                name: row.get(f"{i}_{pop}_{name}")
                for name in ("n", "sum", "flags", "part", "whole")
            }
            for pop in POPULATIONS
        }
        for i, code in enumerate(codes)
    }


def group_aggregate_ident(*, kind: str, key: str) -> tuple[str, int, str]:
    """(aggregate kind, scope id, narrowing key) of a peer group (benchmarking.aggregates)."""
    if kind == Kind.PARK:
        return CohortAggregate.Kind.PARK, int(key), UNNARROWED
    if kind == Kind.INDUSTRY:
        province_id, industry_id = key.split(":")
        return (
            CohortAggregate.Kind.PROVINCE,
            int(province_id),
            aggregate_key(industry_id=int(industry_id)),
        )
    if kind == Kind.SIZE:
        return CohortAggregate.Kind.NATIONAL, 0, aggregate_key(size_class=key)
    if kind == Kind.PROVINCE:
        return CohortAggregate.Kind.PROVINCE, int(key), UNNARROWED
    return CohortAggregate.Kind.NATIONAL, 0, UNNARROWED


def _group_aggregate(round_id: int, kind: str, key: str) -> CohortAggregate | None:
    agg_kind, scope_id, agg_key = group_aggregate_ident(kind=kind, key=key)
    return cohort_aggregate(round_id=round_id, kind=agg_kind, scope_id=scope_id, key=agg_key)


def peer_snapshot_compute(*, round: AssessmentRound, kind: str, key: str) -> PeerSnapshot:
    """Take a new snapshot of one group: everything submitted up to now, copied from the
    group's aggregate (kept up to date as assessments are submitted), so that a snapshot
    costs the same however large the group."""
    row = _group_aggregate(round.pk, kind, key)
    figures = row.figures if row is not None else {}
    return PeerSnapshot.objects.create(
        round=round,
        kind=kind,
        key=key,
        computed_at=timezone.now(),
        n=row.n if row is not None else 0,
        figures={"hist": figures.get("hist", {}), "indicators": figures.get("indicators", {})},
    )


def peer_snapshot_compute_from_rows(*, round: AssessmentRound, kind: str, key: str) -> PeerSnapshot:
    """A snapshot computed from the rows in the database (unsaved): what the aggregate's
    copy must equal."""
    computed_at = timezone.now()
    qs = group_assessments(round_id=round.pk, kind=kind, key=key).filter(
        submitted_at__lte=computed_at
    )
    dimensions = Dimension.objects.filter(questionnaire_id=round.questionnaire_id)
    hist = {"overall": _histogram(qs, F("overall_score"))}
    for code in dimensions.order_by("order").values_list("code", flat=True):
        hist[code] = _histogram(qs, json_number("scores", code))
    codes = list(
        Indicator.objects.filter(questionnaire_id=round.questionnaire_id)
        .order_by("order")
        .values_list("code", flat=True)
    )
    pooled = pooled_indicator_codes(questionnaire_id=round.questionnaire_id)
    return PeerSnapshot(
        round=round,
        kind=kind,
        key=key,
        computed_at=computed_at,
        n=qs.count(),
        figures={"hist": hist, "indicators": _indicator_sums(qs, codes, pooled)},
    )


def peer_snapshot_refresh(*, round: AssessmentRound, kind: str, key: str, now=None) -> PeerSnapshot:
    """The group's latest snapshot, taken anew first if none exists or the rule book says
    one is due (a batch of new submissions, or the round closed since)."""
    latest = peer_snapshot_latest(round_id=round.pk, kind=kind, key=key)
    if latest is not None:
        # Submitted assessments are never withdrawn: the new ones are the growth of the
        # group's aggregate since the snapshot.
        row = _group_aggregate(round.pk, kind, key)
        new = (row.n if row is not None else 0) - latest.n
        today = timezone.localdate(now)
        closed_since = timezone.localdate(latest.computed_at) <= round.closes_on < today
        if not snapshot_is_due(new_submissions=new, closed_since=closed_since):
            return latest
    return peer_snapshot_compute(round=round, kind=kind, key=key)


def peer_snapshots_refresh_for(*, assessment: Assessment) -> dict[str, PeerSnapshot]:
    """{kind: snapshot} of every group of an assessment, each refreshed if due (the
    embedded default's way: a report brings its own groups up to date)."""
    round = AssessmentRound.objects.get(pk=assessment.round_id)
    return {
        kind: peer_snapshot_refresh(round=round, kind=kind, key=key)
        for kind, key in assessment_groups(assessment=assessment).items()
    }


def peer_snapshots_refresh_all(*, now=None) -> int:
    """Refresh every due group of every round that has submissions; the number taken."""
    taken = 0
    for round in AssessmentRound.objects.all():
        base = Assessment.objects.filter(round=round, status=Assessment.Status.SUBMITTED)
        if not base.exists():
            continue
        groups = {(Kind.NATIONAL, "")}
        for a in base.values("park_id", "province_id", "industry_id", "size_class").distinct():
            groups |= set(assessment_groups(assessment=Assessment(**a)).items())
        for kind, key in sorted(groups):
            before = peer_snapshot_latest(round_id=round.pk, kind=kind, key=key)
            after = peer_snapshot_refresh(round=round, kind=kind, key=key, now=now)
            taken += before is None or after.pk != before.pk
    return taken
