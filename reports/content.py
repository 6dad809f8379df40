"""What a report says, computed from the database (cohort statistics in SQL through
core/stats.py) once into plain JSON-ready dicts whose texts are language-neutral: each
text is a {language: text} for every language of the site (core/lang.py), picked when the
report is shown."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.benchmarks import (
    MIN_GROUP,
    SPREAD_FLOORS,
)
from assessment.method import national_estimate, round1
from assessment.models import Assessment
from benchmarking.groups import assessment_groups
from benchmarking.selectors import peer_snapshot_latest
from core.lang import language_codes, phrase, texts
from enterprises.models import SizeClass
from providers.matching import gaps_choose
from providers.models import PriceBand
from providers.selectors import solutions_matching
from reference.sources import sources_ordered

from . import charts
from .content_peers import peer_groups
from .content_plan import action_plan_content, done_since, steps_content
from .content_targets import not_counting, target_gaps, targets_content
from .recommendations import recommendations_choose


def _snapshots(a: Assessment) -> dict:
    """{group kind: latest snapshot} of the assessment's peer groups and cohorts (a kind
    without a snapshot yet is left out: its figures are not shown)."""
    found = {}
    for kind, key in assessment_groups(assessment=a).items():
        snapshot = peer_snapshot_latest(round_id=a.round_id, kind=kind, key=key)
        if snapshot is not None:
            found[str(kind)] = snapshot
    return found


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
    snapshots = _snapshots(a)
    peers = peer_groups(a, dimensions, scores, snapshots)
    targets = targets_content(a, indicator_values, snapshots)
    next_level = _next_level(a, levels, dimensions, scores)
    shown = [g for g in peers if g["shown"]]
    radar = _radar(a, dimensions, scores, shown)
    recommendations = _recommendations(a, dimensions, scores, next_level, targets)
    steps = steps_content(a, dimensions)
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
            "score": round1(a.overall_score),
            "level": a.level,
            "level_name": texts(current, "name") if current else "",
            "level_description": texts(current, "description") if current else "",
            # The national SME scale's level the score falls in (0: below 一级): an estimate.
            "national_level": national_estimate(a.overall_score),
        },
        "next_level": next_level,
        "dimensions": [
            {
                "code": d.code,
                "name": texts(d, "name"),
                "weight": d.weight,
                "score": round1(scores.get(d.code)),
            }
            for d in dimensions
        ],
        "radar_svg": radar,
        "peers": peers,
        "min_group_size": MIN_GROUP,
        "spread_floors": {"quartiles": SPREAD_FLOORS["p25"], "deciles": SPREAD_FLOORS["p10"]},
        "targets": targets,
        "recommendations": recommendations,
        "steps": steps,
        "action_plan": action_plan_content(a, dimensions),
        "solutions": _solutions(a, dimensions, scores, targets),
        "progress": _progress(a, dimensions, scores),
        "methodology": {
            "version": str(a.questionnaire),
            "title": texts(a.questionnaire, "title"),
            "sources": _sources(dimensions, targets, recommendations, steps),
        },
    }


def _next_level(a: Assessment, levels: list[dict], dimensions, scores: dict) -> dict | None:
    nxt = next((lv for lv in levels if lv["level"] > (a.level or 0)), None)
    if nxt is None:
        return None
    gate = nxt.get("min_dimension_score")
    return {
        "level": nxt["level"],
        "name": texts(nxt, "name"),
        "min_score": nxt["min_score"],
        "points_needed": round1(max(0.0, nxt["min_score"] - (a.overall_score or 0.0))),
        "min_dimension_score": gate,
        "dimensions_below": [
            {"name": texts(d, "name"), "score": round1(scores.get(d.code, 0.0))}
            for d in dimensions
            if gate is not None and scores.get(d.code, 0.0) < gate
        ],
        # The dimensions that define the level and are below its gate.
        "gates_below": [
            {"name": texts(d, "name"), "score": round1(scores.get(d.code, 0.0)), "min": minimum}
            for d in dimensions
            for minimum in [(nxt.get("gates") or {}).get(d.code)]
            if minimum is not None and scores.get(d.code, 0.0) < minimum
        ],
    }


def _solutions(a: Assessment, dimensions, scores: dict, targets: dict) -> list[dict]:
    """The solutions of the park's and province's provider pools that address the
    enterprise's weakest dimensions and missed targets and fit its size and industry."""
    missed = {ind: dim for ind, (dim, _gap) in target_gaps(targets).items()}
    missed.update(not_counting(targets))
    gaps = gaps_choose(
        dimension_scores={d.code: scores.get(d.code) for d in dimensions}, missed=missed
    )
    names = {d.code: texts(d, "name") for d in dimensions}
    return [
        {
            "id": s.pk,
            "title": s.title,
            "description": s.description,
            "provider": s.provider.name,
            "tier": s.provider.tier,
            "dimensions": [names[c] for c in s.dimension_codes if c in gaps.dimensions],
            "price": phrase(PriceBand(s.price_band).label),
            "quick_light": s.quick_light,
        }
        for s in solutions_matching(
            park_id=a.park_id,
            province_id=a.province_id,
            city_id=a.city_id,
            size_class=a.size_class,
            industry_code=a.industry.code,
            gaps=gaps,
        )
    ]


def _recommendations(a, dimensions, scores, next_level, targets) -> list[dict]:
    names = {d.code: texts(d, "name") for d in dimensions}
    chosen = recommendations_choose(
        dimension_scores={d.code: scores.get(d.code, 0.0) for d in dimensions},
        weights={d.code: float(d.weight) for d in dimensions},
        level_gate=next_level["min_dimension_score"] if next_level else None,
        target_gaps=target_gaps(targets),
        not_counting=not_counting(targets),
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
                "score": round1(gap.score),
                "level_gate": gap.level_gate,
                "target_gap": round1(gap.target_gap),
                "not_counting": gap.not_counting,
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
        .select_related("round", "questionnaire")
        .order_by("-round__opens_on")
        .first()
    )
    if previous is None:
        return None
    before = previous.scores
    # A score is compared only with one that means the same: the same version, or a
    # dimension whose data says it is comparable with the earlier version.
    version_before = previous.questionnaire.version
    same = previous.questionnaire_id == a.questionnaire_id
    comparable = {d.code for d in dimensions if same or version_before in d.comparable_with}
    overall_comparable = len(comparable) == len(dimensions)
    done = done_since(a, previous)
    return {
        "round": texts(previous.round, "name"),
        "overall_before": round1(previous.overall_score),
        "overall_change": round1((a.overall_score or 0) - (previous.overall_score or 0))
        if overall_comparable
        else None,
        "level_before": previous.level,
        "version_before": version_before,
        "comparable": overall_comparable,
        "dimensions": [
            {
                "name": texts(d, "name"),
                "before": round1(before.get(d.code)),
                "now": round1(scores.get(d.code)),
                "change": round1(scores.get(d.code, 0) - before[d.code])
                if d.code in before and d.code in comparable
                else None,
                "comparable": d.code in comparable,
                "actions_done": done.pop(d.code, []),
            }
            for d in dimensions
        ],
        # Done actions of the enterprise's own, without a dimension.
        "actions_done_other": [title for titles in done.values() for title in titles],
    }


def _sources(dimensions, targets: dict, recommendations: list[dict], steps=()) -> list[str]:
    """The keys of every source the report relies on, in the registry's order; the
    report shows each as its citation (reference.sources)."""
    fields = [key for d in dimensions for key in d.sources]
    fields.extend(row["source"] for row in targets["rows"])
    fields.extend(rec["source"] for rec in recommendations)
    for step in steps:
        fields.append(step["source"])
        fields.extend(p["source"] for p in step["programmes"])
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


# --- steps that answer the answers, and the action plan --------------------------------
