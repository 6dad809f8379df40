"""What a report says, computed from the database (cohort statistics in SQL through
core/stats.py) once into plain JSON-ready dicts whose texts are language-neutral: each
text is a {language: text} for every language of the site (core/lang.py), picked when the
report is shown."""

from django.db.models import Avg, Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.benchmarks import MIN_GROUP, is_shown, pooled_indicator_codes, targets_held
from assessment.models import Assessment, Indicator, Target
from core.lang import language_codes, phrase, texts
from core.stats import aggregate_with_quantiles, json_number, rank_from
from enterprises.models import SizeClass
from reference.sources import sources_ordered

from . import charts
from .recommendations import recommendations_choose

PROBS = (0.1, 0.25, 0.5, 0.75, 0.9)
# An enterprise outside a population target counts as a gap of this many points.
NOT_COUNTING_GAP = 20.0
# The enterprise's own figure shown next to a population target it cannot meet alone.
OWN_FIGURE = {"uses_digital_design_tools": "digital_design_share"}


def _r1(x: float | None) -> float | None:
    return None if x is None else round(float(x), 1)


def _submitted(assessment: Assessment):
    return Assessment.objects.filter(
        round_id=assessment.round_id, status=Assessment.Status.SUBMITTED
    )


def report_content(*, assessment: Assessment) -> dict:
    """Everything the report template shows, its figures computed once and each of its
    texts a {language: text} (core.lang.localize picks the shown language's)."""
    a = Assessment.objects.select_related(
        "enterprise", "round", "questionnaire", "province", "park", "industry", "city"
    ).get(pk=assessment.pk)
    dimensions = list(a.questionnaire.dimensions.order_by("order"))
    scores = a.scores
    indicator_values = a.indicators
    levels = a.questionnaire.level_table()
    peers = _peer_groups(a, dimensions, scores)
    targets = _targets(a, indicator_values)
    next_level = _next_level(a, levels, dimensions, scores)
    shown = [g for g in peers if g["shown"]]
    radar = _radar(a, dimensions, scores, shown)
    recommendations = _recommendations(a, dimensions, scores, next_level, targets)
    current = a.questionnaire.level_info(a.level)
    return {
        "enterprise": {
            "name": a.enterprise.name,
            "province": texts(a.province, "name"),
            "city": texts(a.city, "name"),
            "park": texts(a.park, "name") if a.park else "",
            "industry": texts(a.industry, "name"),
            "industry_code": a.industry.code,
            "size": phrase(SizeClass(a.size_class).label),
            "above_scale": a.above_designated_size,
        },
        "round": texts(a.round, "name"),
        "submitted_on": timezone.localtime(a.submitted_at).date().isoformat()
        if a.submitted_at
        else "",
        "generated_on": timezone.localdate().isoformat(),
        "overall": {
            "score": _r1(a.overall_score),
            "level": a.level,
            "level_name": texts(current, "name") if current else "",
            "level_description": texts(current, "description") if current else "",
        },
        "next_level": next_level,
        "dimensions": [
            {
                "code": d.code,
                "name": texts(d, "name"),
                "weight": d.weight,
                "score": _r1(scores.get(d.code)),
            }
            for d in dimensions
        ],
        "radar_svg": radar,
        "peers": peers,
        "min_group_size": MIN_GROUP,
        "targets": targets,
        "recommendations": recommendations,
        "progress": _progress(a, dimensions, scores),
        "methodology": {
            "version": str(a.questionnaire),
            "title": texts(a.questionnaire, "title"),
            "sources": _sources(dimensions, targets, recommendations),
        },
    }


def _peer_groups(a: Assessment, dimensions, scores: dict) -> list[dict]:
    base = _submitted(a)
    groups = []
    if a.park_id:
        groups.append(
            (
                "park",
                phrase(_("同园区（%(park)s）"), park=texts(a.park, "name")),
                base.filter(park_id=a.park_id),
            )
        )
    groups.append(
        (
            "industry",
            phrase(
                _("%(province)s同行业（%(industry)s）"),
                province=texts(a.province, "name"),
                industry=texts(a.industry, "name"),
            ),
            base.filter(province_id=a.province_id, industry_id=a.industry_id),
        )
    )
    groups.append(
        (
            "size",
            phrase(_("全国同规模（%(size)s企业）"), size=phrase(SizeClass(a.size_class).label)),
            base.filter(size_class=a.size_class),
        )
    )
    return [_peer_group(a, key, label, qs, dimensions, scores) for key, label, qs in groups]


def _spread(q: dict) -> dict:
    return {
        "p10": _r1(q[0.1]),
        "p25": _r1(q[0.25]),
        "median": _r1(q[0.5]),
        "p75": _r1(q[0.75]),
        "p90": _r1(q[0.9]),
    }


def _peer_group(a, key, label, qs, dimensions, scores) -> dict:
    """The group's size, then (if it is large enough to show) the enterprise's percentile
    rank and the group's spread, overall and in each dimension, in one query: ranks are
    counts below and equal, the spreads one sort per figure."""
    size = qs.count()
    group = {"key": key, "label": label, "size": size, "shown": is_shown(size)}
    if not group["shown"]:
        return group
    fields = {"overall": "overall_score"}
    own = {"overall": a.overall_score}
    for d in dimensions:
        fields[d.code] = json_number("scores", d.code)
        own[d.code] = scores.get(d.code, 0.0)
    row, spreads = aggregate_with_quantiles(
        qs, aggregates={}, fields=fields, probs=PROBS, ranks=own
    )
    group["overall"] = {
        "score": _r1(a.overall_score),
        "rank": _r1(rank_from(row, "overall")[0]),
        **_spread(spreads["overall"]),
    }
    group["dimensions"] = [
        {
            "name": texts(d, "name"),
            "score": _r1(own[d.code]),
            "rank": _r1(rank_from(row, d.code)[0]),
            **_spread(spreads[d.code]),
        }
        for d in dimensions
    ]
    return group


def _next_level(a: Assessment, levels: list[dict], dimensions, scores: dict) -> dict | None:
    nxt = next((lv for lv in levels if lv["level"] > (a.level or 0)), None)
    if nxt is None:
        return None
    gate = nxt.get("min_dimension_score")
    return {
        "level": nxt["level"],
        "name": texts(nxt, "name"),
        "min_score": nxt["min_score"],
        "points_needed": _r1(max(0.0, nxt["min_score"] - (a.overall_score or 0.0))),
        "min_dimension_score": gate,
        "dimensions_below": [
            {"name": texts(d, "name"), "score": _r1(scores.get(d.code, 0.0))}
            for d in dimensions
            if gate is not None and scores.get(d.code, 0.0) < gate
        ],
    }


def _cohort_figures(qs, code: str, *, pooled: bool) -> tuple[float | None, int, float | None]:
    """(mean of an indicator over a cohort (for a 0/100 flag: the share with it), number
    with a value, and for a ratio indicator Σ part ÷ Σ whole) in one query."""
    value = json_number("indicators", code)
    aggregates = {"mean": Avg(value), "n": Count(value)}
    if pooled:
        aggregates["part"] = Sum(json_number("ratio_parts", code, 0))
        aggregates["whole"] = Sum(json_number("ratio_parts", code, 1))
    row = qs.aggregate(**aggregates)
    whole = row.get("whole")
    return row["mean"], row["n"], 100.0 * row["part"] / whole if whole else None


def _cohorts(a: Assessment, national: bool) -> list[tuple[str, object]]:
    base = _submitted(a)
    cohorts = [
        (
            phrase(_("本省（%(province)s）"), province=texts(a.province, "name")),
            base.filter(province_id=a.province_id),
        )
    ]
    if a.park_id:
        cohorts.append(
            (
                phrase(_("本园区（%(park)s）"), park=texts(a.park, "name")),
                base.filter(park_id=a.park_id),
            )
        )
    if national:
        cohorts.append((phrase(_("全国")), base))
    return cohorts


def _targets(a: Assessment, values: dict) -> dict:
    """The targets the rule book holds the enterprise's province to in its round's year."""
    held = targets_held(province_id=a.province_id, year=a.round.year)
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
        rows.append(_target_row(a, h, indicator, indicators, values, pooled))
    return {"province": texts(a.province, "name"), "fallback": fallback, "rows": rows}


def _target_row(a, held, indicator, indicators, values, pooled_codes) -> dict:
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
    for label, qs in _cohorts(a, national=held.national):
        if above_scale_only:
            qs = qs.filter(above_designated_size=True)
        share, n, pooled = _cohort_figures(qs, t.indicator_code, pooled=ratio)
        cohort = {"label": label, "size": n, "shown": is_shown(n)}
        if cohort["shown"]:
            cohort["value"] = _r1(share)
            cohort["met"] = t.is_met_by(share)
            cohort["gap"] = _r1(max(0.0, target - share))
            if ratio:
                cohort["pooled"] = _r1(pooled)
        row["cohorts"].append(cohort)
    if t.kind == Target.Kind.ENTERPRISE:
        row["value"] = _r1(value)
        row["met"] = t.is_met_by(value)
        row["gap"] = _r1(max(0.0, target - value)) if value is not None else None
    else:
        in_scope = a.above_designated_size or not above_scale_only
        row["in_scope"] = in_scope
        row["counts"] = bool(in_scope and value == 100.0)
        own = OWN_FIGURE.get(t.indicator_code)
        if own and own in indicators and values.get(own) is not None:
            row["own_figure"] = {
                "name": texts(indicators[own], "name"),
                "value": _r1(values[own]),
            }
    return row


def _target_gaps(targets: dict) -> dict[str, tuple[str, float]]:
    gaps = {}
    for row in targets["rows"]:
        if row["kind"] == Target.Kind.ENTERPRISE and row.get("met") is False:
            gaps[row["indicator"]] = (row["dimension"], row["gap"] or 0.1)
        elif row["kind"] == Target.Kind.POPULATION and row.get("in_scope") and not row["counts"]:
            gaps[row["indicator"]] = (row["dimension"], NOT_COUNTING_GAP)
    return gaps


def _recommendations(a, dimensions, scores, next_level, targets) -> list[dict]:
    names = {d.code: texts(d, "name") for d in dimensions}
    chosen = recommendations_choose(
        dimension_scores={d.code: scores.get(d.code, 0.0) for d in dimensions},
        weights={d.code: float(d.weight) for d in dimensions},
        level_gate=next_level["min_dimension_score"] if next_level else None,
        target_gaps=_target_gaps(targets),
        size_class=a.size_class,
        industry_code=a.industry.code,
    )
    result = []
    for rec in chosen:
        e, gap = rec.entry, rec.gap
        result.append(
            {
                "code": e["code"],
                "dimension": names.get(gap.dimension, gap.dimension),
                "score": _r1(gap.score),
                "level_gate": gap.level_gate,
                "target_gap": _r1(gap.target_gap),
                "title": texts(e, "title"),
                "steps": texts(e, "steps"),
                # Notes are keyed by the language suffix alone ({"zh": ..., "en": ...}).
                "size_note": texts(e["by_size"][rec.size], ""),
                "industry_note": texts(e["by_industry"][rec.industry], ""),
                "task": texts(e, "task"),
                "source": e["source"],
            }
        )
    return result


def _progress(a: Assessment, dimensions, scores: dict) -> dict | None:
    previous = (
        Assessment.objects.filter(
            enterprise_id=a.enterprise_id,
            status=Assessment.Status.SUBMITTED,
            round__opens_on__lt=a.round.opens_on,
        )
        .select_related("round")
        .order_by("-round__opens_on")
        .first()
    )
    if previous is None:
        return None
    before = previous.scores
    return {
        "round": texts(previous.round, "name"),
        "overall_before": _r1(previous.overall_score),
        "overall_change": _r1((a.overall_score or 0) - (previous.overall_score or 0)),
        "level_before": previous.level,
        "dimensions": [
            {
                "name": texts(d, "name"),
                "before": _r1(before.get(d.code)),
                "now": _r1(scores.get(d.code)),
                "change": _r1(scores.get(d.code, 0) - before[d.code]) if d.code in before else None,
            }
            for d in dimensions
        ],
    }


def _sources(dimensions, targets: dict, recommendations: list[dict]) -> list[str]:
    """The keys of every source the report relies on, in the registry's order; the
    report shows each as its citation (reference.sources)."""
    fields = [key for d in dimensions for key in d.sources]
    fields.extend(row["source"] for row in targets["rows"])
    fields.extend(rec["source"] for rec in recommendations)
    return sources_ordered(fields)


def _radar(a: Assessment, dimensions, scores: dict, shown: list[dict]) -> dict[str, str]:
    """{language: SVG} of the radar chart: the figures are already computed, each language
    only draws them with its own labels."""
    labels = {d.code: texts(d, "name") for d in dimensions}
    medians = {g["key"]: phrase(_("%(group)s中位数"), group=g["label"]) for g in shown}
    return {
        code: charts.radar_svg(
            labels=[labels[d.code][code] for d in dimensions],
            series=[(a.enterprise.name, [scores.get(d.code, 0.0) for d in dimensions])]
            + [(medians[g["key"]][code], [m["median"] for m in g["dimensions"]]) for g in shown],
        )
        for code in language_codes()
    }
