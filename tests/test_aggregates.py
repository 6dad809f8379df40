"""The cohort aggregates the dashboards, comparisons and peer snapshots read equal the
figures computed from the rows, on random cohorts, whether kept up to date submission by
submission or rebuilt from the rows."""

import random

import pytest
from django.core.management import call_command

from assessment.benchmarks import targets_applicable
from benchmarking.models import CohortAggregate, PeerSnapshot
from benchmarking.services import peer_snapshot_compute, peer_snapshot_compute_from_rows
from cohorts.comparison import cohort_comparison, cohort_comparison_from_rows
from cohorts.filters import CohortFilters, Scope
from cohorts.statistics import cohort_statistics, cohort_statistics_from_rows
from cohorts.targets import _indicator_figures, indicator_figures_from_rows
from enterprises.models import SizeClass
from reference.models import Industry, Park, Province
from tests.factories import EnterpriseFactory, current_round, submitted_assessment

pytestmark = pytest.mark.django_db

SIZES = [SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM]


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) < 1e-6


def _same_statistics(got, want) -> None:
    assert (got.n, got.n_above, got.bins, got.levels) == (
        want.n,
        want.n_above,
        want.bins,
        want.levels,
    )
    assert _close(got.mean, want.mean)
    for p in (0.25, 0.5, 0.75):
        assert _close(got.quartiles[p], want.quartiles[p]), p
    for d, e in zip(got.dimensions, want.dimensions, strict=True):
        for name in ("q1", "median", "q3", "mean"):
            assert _close(getattr(d, name), getattr(e, name)), (d.code, name)


def _same_indicators(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for code in got:
        assert got[code]["n"] == want[code]["n"], code
        assert _close(got[code]["value"], want[code]["value"]), code
        assert _close(got[code]["pooled"], want[code]["pooled"]), code


@pytest.fixture
def random_cohort(db):
    """Thirty submitted assessments across two parks and no park, three industries, three
    sizes, above and below scale, of random quality (seeded)."""
    rng = random.Random(20260)
    round_ = current_round()
    province = Province.objects.get(code="510000")
    parks = list(Park.objects.filter(city__province=province).order_by("code")[:2])
    industries = list(Industry.objects.filter(code__in=["34", "38", "39"]))
    for i in range(30):
        park = rng.choice([*parks, None])
        kwargs = {"park": park}
        if park is None:
            kwargs["city"] = parks[0].city
        enterprise = EnterpriseFactory(
            industry=rng.choice(industries),
            size_class=rng.choice(SIZES),
            above_designated_size=rng.random() < 0.5,
            **kwargs,
        )
        submitted_assessment(enterprise, round_, quality=rng.random(), seed=i)
    return round_, province, parks, industries


def _filters(rng, round_, industries) -> CohortFilters:
    return CohortFilters(
        round=round_,
        industry=rng.choice([None, *industries]),
        size_class=rng.choice(["", *SIZES]),
        above=rng.choice([None, True, False]),
    )


def _check_every_figure(round_, province, parks, industries, seed: int) -> None:
    rng = random.Random(seed)
    targets = targets_applicable(province_id=province.pk, year=round_.year)
    scopes = [Scope(park=None, province=province)] + [
        Scope(park=p, province=province) for p in parks
    ]
    for _ in range(12):
        filters = _filters(rng, round_, industries)
        for scope in scopes:
            got = cohort_statistics(scope=scope, filters=filters, targets=targets)
            want = cohort_statistics_from_rows(scope=scope, filters=filters, targets=targets)
            _same_statistics(got, want)
            _same_indicators(got.indicators, want.indicators)
            got_rounds = _indicator_figures(
                scope=scope, filters=filters, rounds=[round_], targets=targets
            )
            want_rounds = indicator_figures_from_rows(
                scope=scope, filters=filters, rounds=[round_], targets=targets
            )
            if round_.pk in want_rounds:
                _same_indicators(got_rounds[round_.pk], want_rounds[round_.pk])
            else:
                assert all(f["n"] == 0 for f in got_rounds[round_.pk].values())
        scope = scopes[0]
        got = cohort_comparison(scope=scope, filters=filters, targets=targets)
        want = cohort_comparison_from_rows(scope=scope, filters=filters, targets=targets)
        for by in ("park", "city"):
            assert [(g.pk, g.n) for g in got[by]] == [(g.pk, g.n) for g in want[by]]
            for g, w in zip(got[by], want[by], strict=True):
                assert _close(g.mean, w.mean) and _close(g.median, w.median)
                assert all(_close(a, b) for a, b in zip(g.indicators, w.indicators, strict=True))


def test_dashboard_figures_from_aggregates_equal_those_from_the_rows(random_cohort):
    _check_every_figure(*random_cohort, seed=1)


def test_rebuilt_aggregates_equal_those_kept_on_submit(random_cohort):
    round_ = random_cohort[0]
    kept = {
        (r.kind, r.scope_id, r.key): (r.n, r.full)
        for r in CohortAggregate.objects.filter(round=round_)
    }
    call_command("aggregates_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rebuilt = {
        (r.kind, r.scope_id, r.key): (r.n, r.full)
        for r in CohortAggregate.objects.filter(round=round_)
    }
    assert rebuilt == kept
    _check_every_figure(*random_cohort, seed=2)


def test_a_submission_is_counted_in_every_cohort_it_belongs_to(random_cohort):
    round_, province, parks, industries = random_cohort
    scope = Scope(park=parks[0], province=province)
    filters = CohortFilters(round=round_, industry=industries[0])
    before = cohort_statistics(scope=scope, filters=filters).n
    enterprise = EnterpriseFactory(park=parks[0], industry=industries[0])
    submitted_assessment(enterprise, round_, seed=99)
    assert cohort_statistics(scope=scope, filters=filters).n == before + 1
    national = CohortAggregate.objects.get(round=round_, kind="national", scope_id=0, key="::")
    assert national.n == 31


def test_peer_snapshots_from_aggregates_equal_those_from_the_rows(random_cohort):
    round_, province, parks, industries = random_cohort
    Kind = PeerSnapshot.Kind
    groups = [
        (Kind.PARK, str(parks[0].pk)),
        (Kind.INDUSTRY, f"{province.pk}:{industries[0].pk}"),
        (Kind.SIZE, SizeClass.SMALL),
        (Kind.PROVINCE, str(province.pk)),
        (Kind.NATIONAL, ""),
    ]
    for kind, key in groups:
        got = peer_snapshot_compute(round=round_, kind=kind, key=key)
        want = peer_snapshot_compute_from_rows(round=round_, kind=kind, key=key)
        assert got.n == want.n
        assert got.figures["hist"] == {f: h for f, h in want.figures["hist"].items() if h}
        for code, pops in want.figures["indicators"].items():
            for pop, sums in pops.items():
                have = got.figures["indicators"].get(code, {}).get(pop, {})
                assert (have.get("n") or 0) == (sums["n"] or 0), (kind, code, pop)
                assert (have.get("flags") or 0) == (sums["flags"] or 0)
                for name in ("sum", "part", "whole"):
                    assert _close(have.get(name) or 0, sums[name] or 0), (kind, code, name)


def _flat(figures, prefix=()) -> dict:
    """{path: number} of nested figures (a [count, sum] pair as two paths)."""
    if isinstance(figures, dict):
        out = {}
        for name, value in figures.items():
            out.update(_flat(value, (*prefix, str(name))))
        return out
    if isinstance(figures, list):
        return {(*prefix, str(i)): v for i, v in enumerate(figures)}
    return {prefix: figures}


def _stored(round_) -> dict:
    return {
        (r.kind, r.scope_id, r.key): (r.province_id, r.n, r.full, _flat(r.figures))
        for r in CohortAggregate.objects.filter(round=round_)
    }


def test_aggregates_rebuilt_in_sql_equal_those_summed_in_python(random_cohort, require_postgres):
    from benchmarking.aggregates import aggregates_rebuild

    round_ = random_cohort[0]
    aggregates_rebuild(round_ids=[round_.pk], sql=False)
    in_python = _stored(round_)
    aggregates_rebuild(round_ids=[round_.pk], sql=True)
    in_sql = _stored(round_)
    assert in_sql.keys() == in_python.keys()
    assert len(in_sql) > 100
    for cohort, (province, n, full, figures) in in_python.items():
        got_province, got_n, got_full, got = in_sql[cohort]
        assert (got_province, got_n, got_full) == (province, n, full), cohort
        assert got.keys() == figures.keys(), cohort
        for path, value in figures.items():
            assert got[path] == pytest.approx(value, abs=1e-6), (cohort, path)
