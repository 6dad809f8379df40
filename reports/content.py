"""What a report says, computed from the database (cohort statistics in SQL through
core/stats.py) once into plain JSON-ready dicts whose texts are language-neutral: each
text is a {language: text} for every language of the site (core/lang.py), picked when the
report is shown."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import ActionStatus
from actions.selectors import actions_done_between, actions_open
from assessment.benchmarks import (
    MIN_GROUP,
    SPREAD_FLOORS,
    is_shown,
    pooled_indicator_codes,
    spread_shown,
    targets_held,
)
from assessment.forms import not_applicable_text
from assessment.method import national_estimate, question_score, round1
from assessment.models import Assessment, Indicator, Target
from assessment.selectors import answers_of, method_spec
from benchmarking.distribution import (
    histogram_quantile,
    histogram_rank,
    histogram_size,
    histogram_without,
)
from benchmarking.groups import assessment_groups
from benchmarking.selectors import peer_snapshot_latest
from core.lang import language_codes, phrase, texts
from enterprises.models import SizeClass
from providers.matching import gaps_choose
from providers.models import PriceBand
from providers.selectors import solutions_matching
from reference.sources import sources_ordered

from . import charts
from .recommendations import recommendations_choose, steps_catalogue, steps_choose

# The spread figures of a peer group, each shown from the rule book's SPREAD_FLOORS.
SPREAD_PROBS = {"p10": 0.1, "p25": 0.25, "median": 0.5, "p75": 0.75, "p90": 0.9}
# The enterprise's own figure shown next to a population target it cannot meet alone.
OWN_FIGURE = {"uses_digital_design_tools": "digital_design_share"}


def _r1(x: float | None) -> float | None:
    """Half-up to one decimal, as the methodology promises (assessment.method.round1)."""
    return round1(x)


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
    peers = _peer_groups(a, dimensions, scores, snapshots)
    targets = _targets(a, indicator_values, snapshots)
    next_level = _next_level(a, levels, dimensions, scores)
    shown = [g for g in peers if g["shown"]]
    radar = _radar(a, dimensions, scores, shown)
    recommendations = _recommendations(a, dimensions, scores, next_level, targets)
    steps = _steps(a, dimensions)
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
            # The national SME scale's level the score falls in (0: below 一级): an estimate.
            "national_level": national_estimate(a.overall_score),
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
        "spread_floors": {"quartiles": SPREAD_FLOORS["p25"], "deciles": SPREAD_FLOORS["p10"]},
        "targets": targets,
        "recommendations": recommendations,
        "steps": steps,
        "action_plan": _action_plan(a, dimensions),
        "solutions": _solutions(a, dimensions, scores, targets),
        "progress": _progress(a, dimensions, scores),
        "methodology": {
            "version": str(a.questionnaire),
            "title": texts(a.questionnaire, "title"),
            "sources": _sources(dimensions, targets, recommendations, steps),
        },
    }


def _peer_groups(a: Assessment, dimensions, scores: dict, snapshots: dict) -> list[dict]:
    groups = []
    if a.park_id:
        groups.append(("park", phrase(_("同园区（%(park)s）"), park=texts(a.park, "name"))))
    groups.append(
        (
            "industry",
            phrase(
                _("%(province)s同行业（%(industry)s）"),
                province=texts(a.province, "name"),
                industry=texts(a.industry, "name"),
            ),
        )
    )
    size = phrase(SizeClass(a.size_class).label)
    groups.append(("size", phrase(_("全国同规模（%(size)s企业）"), size=size)))
    return [
        _peer_group(a, key, label, snapshots.get(key), dimensions, scores) for key, label in groups
    ]


def _in_snapshot(a: Assessment, snapshot) -> bool:
    return bool(a.submitted_at and a.submitted_at <= snapshot.computed_at)


def _peer_figure(histogram: dict, own: float | None, *, in_it: bool) -> dict:
    """The enterprise's rank among its peers (itself left out of the distribution) and
    the spread figures the rule book allows for the number of peers with the figure."""
    peers = histogram_without(histogram, own) if in_it else histogram
    shown = spread_shown(histogram_size(peers))
    figure = {
        "score": _r1(own),
        "rank": _r1(histogram_rank(peers, own or 0.0)) if shown["rank"] else None,
    }
    for name, p in SPREAD_PROBS.items():
        figure[name] = _r1(histogram_quantile(peers, p)) if shown[name] else None
    return figure


def _peer_group(a, key, label, snapshot, dimensions, scores) -> dict:
    """The group's size without the enterprise itself, then (if it is large enough to
    show) the enterprise's percentile rank and the spread figures the rule book allows,
    overall and in each dimension, all read from the group's latest snapshot (its date
    shown): a rebuilt report shows the same figures until a batch of peers has submitted."""
    if snapshot is None:
        return {"key": key, "label": label, "size": 0, "shown": False, "as_of": ""}
    in_it = _in_snapshot(a, snapshot)
    size = snapshot.n - int(in_it)
    shown = spread_shown(size)
    group = {
        "key": key,
        "label": label,
        "size": size,
        "shown": shown["rank"],
        "as_of": timezone.localdate(snapshot.computed_at).isoformat(),
        "quartiles_shown": shown["p25"],
        "deciles_shown": shown["p10"],
    }
    if not group["shown"]:
        return group
    hist = snapshot.figures.get("hist", {})
    group["overall"] = _peer_figure(hist.get("overall", {}), a.overall_score, in_it=in_it)
    group["dimensions"] = [
        {
            "name": texts(d, "name"),
            **_peer_figure(hist.get(d.code, {}), scores.get(d.code), in_it=in_it),
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
        # The dimensions that define the level and are below its gate.
        "gates_below": [
            {"name": texts(d, "name"), "score": _r1(scores.get(d.code, 0.0)), "min": minimum}
            for d in dimensions
            for minimum in [(nxt.get("gates") or {}).get(d.code)]
            if minimum is not None and scores.get(d.code, 0.0) < minimum
        ],
    }


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
        _in_snapshot(a, snapshot)
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


def _targets(a: Assessment, values: dict, snapshots: dict) -> dict:
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
                "value": _r1(values[own]),
            }
    return row


def _target_gaps(targets: dict) -> dict[str, tuple[str, float]]:
    """{indicator: (dimension, gap)} of the enterprise-level targets the enterprise misses."""
    return {
        row["indicator"]: (row["dimension"], row["gap"] or 0.1)
        for row in targets["rows"]
        if row["kind"] == Target.Kind.ENTERPRISE and row.get("met") is False
    }


def _not_counting(targets: dict) -> dict[str, str]:
    """{indicator: dimension} of the population targets the enterprise does not yet count
    towards: a yes/no signal, never a gap (one enterprise has no share to be short of)."""
    return {
        row["indicator"]: row["dimension"]
        for row in targets["rows"]
        if row["kind"] == Target.Kind.POPULATION and row.get("in_scope") and not row["counts"]
    }


def _solutions(a: Assessment, dimensions, scores: dict, targets: dict) -> list[dict]:
    """The solutions of the park's and province's provider pools that address the
    enterprise's weakest dimensions and missed targets and fit its size and industry."""
    missed = {ind: dim for ind, (dim, _gap) in _target_gaps(targets).items()}
    missed.update(_not_counting(targets))
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
        target_gaps=_target_gaps(targets),
        not_counting=_not_counting(targets),
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
    done = _done_since(a, previous)
    return {
        "round": texts(previous.round, "name"),
        "overall_before": _r1(previous.overall_score),
        "overall_change": _r1((a.overall_score or 0) - (previous.overall_score or 0))
        if overall_comparable
        else None,
        "level_before": previous.level,
        "version_before": version_before,
        "comparable": overall_comparable,
        "dimensions": [
            {
                "name": texts(d, "name"),
                "before": _r1(before.get(d.code)),
                "now": _r1(scores.get(d.code)),
                "change": _r1(scores.get(d.code, 0) - before[d.code])
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

EFFORT_LABELS = {
    "low": _("投入小（几个人周）"),
    "medium": _("投入中等（几个人月）"),
    "high": _("投入大（跨部门项目）"),
}
COST_LABELS = {
    "low": _("费用低（5万元以下）"),
    "medium": _("费用中等（5万～50万元）"),
    "high": _("费用高（50万元以上）"),
}


def _figure(value):
    """A figure as a text shows it: 20.0 → 20, 37.5 → 37.5."""
    if isinstance(value, float):
        value = round1(value)
        return int(value) if value == int(value) else value
    return value


def _formatted(entry: dict, field: str, params: dict) -> dict[str, str]:
    figures = {key: _figure(value) for key, value in params.items()}
    return {code: text.format(**figures) for code, text in texts(entry, field).items()}


def _steps(a: Assessment, dimensions) -> list[dict]:
    """The concrete steps the enterprise's answers call for, by priority (see
    reports.recommendations), each with its texts formatted with the answers' figures."""
    spec = method_spec(a.questionnaire)
    answers = answers_of(a)
    questions = spec.questions
    question_scores = {
        code: question_score(questions[code], value)
        for code, value in answers.items()
        if code in questions and questions[code].is_scored
    }
    names = {d.code: texts(d, "name") for d in dimensions}
    chosen = steps_choose(
        answers=answers,
        question_scores=question_scores,
        weights={d.code: float(d.weight) for d in dimensions},
        size_class=a.size_class,
        industry_code=a.industry.code,
        province_code=a.province.code,
    )
    by_code = {e["code"]: e for e in steps_catalogue()}
    result = []
    for step in chosen:
        e = step.entry
        result.append(
            {
                "code": step.code,
                "dimension": step.dimension,
                "dimension_name": names.get(step.dimension, step.dimension),
                "indicators": list(e.get("indicators", [])),
                "title": _formatted(e, "title", step.params),
                "detail": _formatted(e, "detail", step.params),
                "size_note": texts(e["by_size"][step.size], ""),
                "sector_note": texts(e["by_sector"][step.sector], ""),
                "effort": e["effort"],
                "effort_label": phrase(EFFORT_LABELS[e["effort"]]),
                "cost": e["cost"],
                "cost_label": phrase(COST_LABELS[e["cost"]]),
                "weeks": phrase(
                    _("约 %(low)s～%(high)s 周"), low=e["weeks"][0], high=e["weeks"][1]
                ),
                "priority": step.priority,
                "first": [
                    {"code": code, "title": texts(by_code[code], "title")}
                    for code in step.missing
                    if code in by_code
                ],
                "programmes": [
                    {"text": texts(p, ""), "source": p["source"]} for p in step.programmes
                ],
                "source": e["source"],
            }
        )
    return result


def _member_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _action_plan(a: Assessment, dimensions) -> dict:
    """The enterprise's open actions when the report is built (its action-plan page)."""
    names = {d.code: texts(d, "name") for d in dimensions}
    return {
        "as_of": timezone.localdate().isoformat(),
        "actions": [
            {
                "title": action.title,
                "dimension": names.get(action.dimension_code, ""),
                "owner": _member_name(action.owner),
                "due_on": action.due_on.isoformat() if action.due_on else "",
                "status": action.status,
                "status_label": phrase(ActionStatus(action.status).label),
            }
            for action in actions_open(enterprise_id=a.enterprise_id)
        ],
    }


def _done_since(a: Assessment, previous: Assessment) -> dict[str, list[str]]:
    """{dimension code: titles} of the actions done after the previous round's submission
    and by this one's."""
    done: dict[str, list[str]] = {}
    for action in actions_done_between(
        enterprise_id=a.enterprise_id, after=previous.submitted_at, until=a.submitted_at
    ):
        done.setdefault(action.dimension_code, []).append(action.title)
    return done
