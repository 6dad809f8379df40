"""The peer groups of a report: the enterprise's rank and the spread of its peers, read
from the batch snapshots (never a live query), each figure shown only where the rule book
allows."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.benchmarks import (
    spread_shown,
)
from assessment.method import round1
from assessment.models import Assessment
from benchmarking.distribution import (
    histogram_quantile,
    histogram_rank,
    histogram_size,
    histogram_without,
)
from core.lang import phrase, texts
from enterprises.models import SizeClass

# The spread figures of a peer group, each shown from the rule book's SPREAD_FLOORS.
SPREAD_PROBS = {"p10": 0.1, "p25": 0.25, "median": 0.5, "p75": 0.75, "p90": 0.9}


def peer_groups(a: Assessment, dimensions, scores: dict, snapshots: dict) -> list[dict]:
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


def in_snapshot(a: Assessment, snapshot) -> bool:
    return bool(a.submitted_at and a.submitted_at <= snapshot.computed_at)


def _peer_figure(histogram: dict, own: float | None, *, in_it: bool) -> dict:
    """The enterprise's rank among its peers (itself left out of the distribution) and
    the spread figures the rule book allows for the number of peers with the figure."""
    peers = histogram_without(histogram, own) if in_it else histogram
    shown = spread_shown(histogram_size(peers))
    figure = {
        "score": round1(own),
        "rank": round1(histogram_rank(peers, own or 0.0)) if shown["rank"] else None,
    }
    for name, p in SPREAD_PROBS.items():
        figure[name] = round1(histogram_quantile(peers, p)) if shown[name] else None
    return figure


def _peer_group(a, key, label, snapshot, dimensions, scores) -> dict:
    """The group's size without the enterprise itself, then (if it is large enough to
    show) the enterprise's percentile rank and the spread figures the rule book allows,
    overall and in each dimension, all read from the group's latest snapshot (its date
    shown): a rebuilt report shows the same figures until a batch of peers has submitted."""
    if snapshot is None:
        return {"key": key, "label": label, "size": 0, "shown": False, "as_of": ""}
    in_it = in_snapshot(a, snapshot)
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
