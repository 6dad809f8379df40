"""The targets of a report: each target the rule book holds the enterprise to, its own
value where it is an enterprise target, and its cohorts' figures from the snapshots."""

from django.utils.translation import gettext_lazy as _

from assessment.benchmarks import (
    is_shown,
    pooled_indicator_codes,
    targets_held,
)
from assessment.forms import not_applicable_text
from assessment.method import round1
from assessment.models import Assessment, Indicator, Target
from core.lang import phrase, texts

from .content_peers import in_snapshot

# The enterprise's own figure shown next to a population target it cannot meet alone.
OWN_FIGURE = {"uses_digital_design_tools": "digital_design_share"}


def _cohort_figures(
    a: Assessment, snapshot, code: str, *, above_scale_only: bool, own: float | None
) -> tuple[float | None, int, float | None, int]:
    """(mean of an indicator over a cohort (for a 0/100 flag: the share with it), number
    with a value, for a ratio indicator Σ part ÷ Σ whole, and the number with a value other
    than the enterprise itself), read from the cohort's latest snapshot."""
    if snapshot is None:
        return None, 0, None, 0
    population = "above_scale" if above_scale_only else "all"
    sums = snapshot.figures.get("indicators", {}).get(code, {}).get(population) or {}
    n = sums.get("n") or 0
    mean = sums["sum"] / n if n and sums.get("sum") is not None else None
    whole = sums.get("whole")
    pooled = 100.0 * sums["part"] / whole if whole and sums.get("part") is not None else None
    own_counted = (
        in_snapshot(a, snapshot)
        and own is not None
        and (a.above_designated_size or not above_scale_only)
    )
    return mean, n, pooled, n - int(own_counted)


def _cohorts(a: Assessment, national: bool) -> list[tuple[str, str]]:
    """(label, snapshot kind) of each cohort a target is shown for."""
    cohorts = [(phrase(_("本省（%(province)s）"), province=texts(a.province, "name")), "province")]
    if a.park_id:
        cohorts.append((phrase(_("本园区（%(park)s）"), park=texts(a.park, "name")), "park"))
    if national:
        cohorts.append((phrase(_("全国")), "national"))
    return cohorts


def targets_content(a: Assessment, values: dict, snapshots: dict) -> dict:
    """The targets the rule book holds the enterprise's province to in its round's year."""
    held = targets_held(
        province_id=a.province_id, year=a.round.year, questionnaire_id=a.questionnaire_id
    )
    fallback = bool(held) and all(h.national for h in held)
    pooled = pooled_indicator_codes(questionnaire_id=a.questionnaire_id)
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(questionnaire=a.questionnaire).select_related(
            "question__dimension"
        )
    }
    rows = []
    for h in held:
        indicator = indicators.get(h.target.indicator_code)
        if indicator is None:
            continue
        rows.append(_target_row(a, h, indicator, indicators, values, pooled, snapshots))
    return {"province": texts(a.province, "name"), "fallback": fallback, "rows": rows}


def _target_row(a, held, indicator, indicators, values, pooled_codes, snapshots) -> dict:
    t = held.target
    target = float(t.value)
    value = values.get(t.indicator_code)
    above_scale_only = t.population == Target.Population.ABOVE_SCALE
    row = {
        "code": t.code,
        "indicator": t.indicator_code,
        "dimension": indicator.question.dimension.code,
        "name": texts(t, "name"),
        "kind": t.kind,
        "comparison": t.get_comparison_display(),
        "target": target,
        "unit": texts(t, "unit"),
        "year": t.year,
        "source": t.source,
        "note": texts(t, "note"),
        "population": phrase(Target.Population(t.population).label),
        "national": held.national,
        "past": held.past,
        "cohorts": [],
    }
    ratio = t.indicator_code in pooled_codes
    for label, kind in _cohorts(a, national=held.national):
        snapshot = snapshots.get(kind)
        share, n, pooled, others = _cohort_figures(
            a, snapshot, t.indicator_code, above_scale_only=above_scale_only, own=value
        )
        cohort = {"label": label, "size": n, "shown": is_shown(others)}
        if cohort["shown"]:
            cohort["value"] = round1(share)
            cohort["met"] = t.is_met_by(share)
            cohort["gap"] = round1(max(0.0, target - share))
            if ratio:
                cohort["pooled"] = round1(pooled)
        row["cohorts"].append(cohort)
    if t.kind == Target.Kind.ENTERPRISE:
        row["value"] = round1(value)
        row["met"] = t.is_met_by(value)
        row["gap"] = round1(max(0.0, target - value)) if value is not None else None
        # A ratio whose whole is 0 (no key processes) does not apply: not "not filled in".
        part_whole = a.ratio_parts.get(t.indicator_code)
        if value is None and part_whole and not part_whole[1]:
            row["not_applicable"] = phrase(not_applicable_text(indicator.question.code))
    else:
        in_scope = a.above_designated_size or not above_scale_only
        row["in_scope"] = in_scope
        row["counts"] = bool(in_scope and value == 100.0)
        own = OWN_FIGURE.get(t.indicator_code)
        if own and own in indicators and values.get(own) is not None:
            row["own_figure"] = {
                "name": texts(indicators[own], "name"),
                "value": round1(values[own]),
            }
    return row


def target_gaps(targets: dict) -> dict[str, tuple[str, float]]:
    """{indicator: (dimension, gap)} of the enterprise-level targets the enterprise misses."""
    return {
        row["indicator"]: (row["dimension"], row["gap"] or 0.1)
        for row in targets["rows"]
        if row["kind"] == Target.Kind.ENTERPRISE and row.get("met") is False
    }


def not_counting(targets: dict) -> dict[str, str]:
    """{indicator: dimension} of the population targets the enterprise does not yet count
    towards: a yes/no signal, never a gap (one enterprise has no share to be short of)."""
    return {
        row["indicator"]: row["dimension"]
        for row in targets["rows"]
        if row["kind"] == Target.Kind.POPULATION and row.get("in_scope") and not row["counts"]
    }
