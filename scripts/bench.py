"""`make bench`: seed 100 000 submitted assessments on PostgreSQL, then time the park
dashboard (a park of 2 000), the provincial dashboard (100 000), the XLSX export and one
enterprise report, each beside a baseline measured in the same run: the bare SQL aggregate
of the same figures. One line per measurement:

    NAME: median_ms=… baseline_ms=… ratio=… [peak_kb=… rows=…]

peak_kb is the Python heap's peak (tracemalloc, a separate run) while producing the page or
file: statistics are computed in the database, so it should not grow with the cohort.

Environment: DATABASE_URL must point at PostgreSQL (e.g.
postgres://postgres@127.0.0.1:5432/dt_bench). BENCH_N (default 100000), BENCH_PARK (2000),
BENCH_RUNS (5) change the sizes; BENCH_SEED=0 measures the database as it is (no seeding,
even if it holds fewer than BENCH_N)."""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
    sys.exit(
        "make bench needs PostgreSQL: set DATABASE_URL, e.g.\n"
        "  DATABASE_URL=postgres://postgres@127.0.0.1:5432/dt_bench make bench\n"
        "(SQLite has no PERCENTILE_CONT; a benchmark on it would measure the wrong thing)."
    )

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

SIZES = [
    int(n)
    for n in os.environ.get("BENCH_SIZES", os.environ.get("BENCH_N", "10000,100000")).split(",")
]
PARK_SIZE = int(os.environ.get("BENCH_PARK", 2_000))
RUNS = int(os.environ.get("BENCH_RUNS", 5))
SEED = os.environ.get("BENCH_SEED", "1") != "0"
# Bench cohorts keep their scores on each assessment; answer rows for 1 % of them.
ANSWERS_SHARE = float(os.environ.get("BENCH_ANSWERS_SHARE", "0.01"))
PROVINCE = "510000"
FLAGS = ("uses_digital_design_tools", "uses_industrial_platform", "digital_management")


def timed(fn, runs: int) -> list[float]:
    fn()  # warm up (caches, first connection, template loading)
    result = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        result.append((time.perf_counter() - started) * 1000)
    return result


def peak_kb(fn) -> int:
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak // 1024


CURRENT_N = [0]


def line(name: str, ms: list[float], base: list[float], **extra) -> None:
    median, baseline = statistics.median(ms), statistics.median(base)
    more = "".join(f" {k}={v}" for k, v in extra.items())
    print(
        f"{name}: n={CURRENT_N[0]} median_ms={median:.1f} baseline_ms={baseline:.1f} "
        f"ratio={median / baseline:.2f}{more}",
        flush=True,
    )


def sql_aggregate(where: str, params: list, dimensions: list[str]) -> None:
    """The dashboard's figures as bare SQL: score quartiles and histogram, levels, each
    dimension's quartiles and mean, the target indicators (one row per assessment, the
    dimension scores and indicators kept in its JSON columns)."""
    cohort = (
        "FROM assessment_assessment a WHERE a.round_id = %s AND a.status = 'submitted' AND " + where
    )
    with connection.cursor() as c:
        c.execute(
            "SELECT count(*), avg(overall_score), percentile_cont(ARRAY[0.25,0.5,0.75]) "
            "WITHIN GROUP (ORDER BY overall_score), "
            + ", ".join(
                f"count(*) FILTER (WHERE overall_score >= {b} AND overall_score < {b + 10})"
                for b in range(0, 100, 10)
            )
            + " "
            + cohort,
            params,
        )
        c.fetchall()
        c.execute(f"SELECT level, count(*) {cohort} GROUP BY level", params)
        c.fetchall()
        c.execute(
            "SELECT "
            + ", ".join(
                f"percentile_cont(ARRAY[0.25,0.5,0.75]) WITHIN GROUP "
                f"(ORDER BY (a.scores->>'{d}')::float8), avg((a.scores->>'{d}')::float8)"
                for d in dimensions
            )
            + " "
            + cohort,
            params,
        )
        c.fetchall()
        c.execute(
            "SELECT "
            + ", ".join(
                f"count(*) FILTER (WHERE (a.indicators->>'{f}')::float8 >= 100)" for f in FLAGS
            )
            + ", avg((a.indicators->>'cnc_key_process_rate')::float8) "
            + cohort,
            params,
        )
        c.fetchall()


def sql_export(where: str, params: list) -> None:
    """The export's rows as bare SQL: every assessment with its scores and indicators."""
    with connection.cursor() as c:
        c.execute(
            "SELECT a.id, e.name, e.credit_code, a.overall_score, a.level, a.scores, "
            "a.indicators FROM assessment_assessment a JOIN enterprises_enterprise e "
            "ON e.id = a.enterprise_id WHERE a.round_id = %s AND a.status = 'submitted' AND "
            + where,
            params,
        )
        while c.fetchmany(5000):
            pass


def sql_copy(where: str, params: list) -> None:
    """The CSV baseline: COPY of the export's columns, read to the end."""
    with connection.cursor() as c:
        sql = (
            "COPY (SELECT e.name, e.credit_code, a.submitted_at, a.overall_score, a.level, "
            "a.scores, a.indicators FROM assessment_assessment a JOIN enterprises_enterprise e "
            "ON e.id = a.enterprise_id WHERE a.round_id = %s AND a.status = 'submitted' AND "
            + where
            + ") TO STDOUT WITH (FORMAT csv)"
        )
        with c.cursor.copy(sql, params) as copy:
            for _chunk in copy:
                pass


def main() -> None:
    for n in SIZES:
        CURRENT_N[0] = n
        measure(n)


def measure(N: int) -> None:
    from django.contrib.auth import get_user_model

    from accounts.models import AdminRole
    from assessment.models import Assessment, Dimension
    from assessment.rounds import current_round
    from cohorts.exports import xlsx_file
    from cohorts.filters import CohortFilters, Scope
    from reference.models import Park, Province

    call_command("migrate", verbosity=0)
    call_command("setup_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    round_ = current_round()
    province = Province.objects.get(code=PROVINCE)
    have = Assessment.objects.filter(round=round_, status="submitted", province=province).count()
    if have < N and SEED:
        print(f"seeding {N} submitted assessments in {province.name_en} ...", flush=True)
        started = time.perf_counter()
        call_command(
            "seed_demo",
            enterprises=N - have,
            rounds=2,
            province=PROVINCE,
            park_size=PARK_SIZE,
            seed=7,
            answers_share=ANSWERS_SHARE,
        )
        print(f"seed: {time.perf_counter() - started:.0f} s", flush=True)
    total = Assessment.objects.filter(round=round_, status="submitted", province=province).count()
    park = Park.objects.filter(code__startswith=f"demo-{PROVINCE}-").order_by("code").first()
    park_n = Assessment.objects.filter(round=round_, status="submitted", park=park).count()
    print(f"cohorts: province {total} submitted, park {park.code} {park_n} submitted", flush=True)

    users = get_user_model().objects
    admin_park, _ = users.get_or_create(username="bench-park")
    AdminRole.objects.get_or_create(user=admin_park, kind="park", park=park)
    admin_province, _ = users.get_or_create(username="bench-province")
    AdminRole.objects.get_or_create(user=admin_province, kind="province", province=province)
    park_client, province_client = Client(), Client()
    from tests.factories import second_factor_passed

    park_client.force_login(admin_park)
    province_client.force_login(admin_province)
    # Administrators sign in with a second factor: the session says it was passed.
    second_factor_passed(park_client, admin_park)
    second_factor_passed(province_client, admin_province)

    def get(client, url):
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    park_url = f"/cohorts/park/{park.pk}/"
    province_url = f"/cohorts/province/{province.pk}/"
    dimensions = list(
        Dimension.objects.filter(questionnaire_id=round_.questionnaire_id)
        .order_by("order")
        .values_list("code", flat=True)
    )
    park_where, park_params = "a.park_id = %s", [round_.pk, park.pk]
    prov_where, prov_params = "a.province_id = %s", [round_.pk, province.pk]

    for name, client, url, where, params in (
        ("park_dashboard", park_client, park_url, park_where, park_params),
        ("province_dashboard", province_client, province_url, prov_where, prov_params),
    ):
        ms = timed(lambda client=client, url=url: get(client, url), RUNS)
        base = timed(
            lambda where=where, params=params: sql_aggregate(where, params, dimensions), RUNS
        )
        memory = peak_kb(lambda client=client, url=url: get(client, url))
        line(name, ms, base, peak_kb=memory)

    filters = CohortFilters(round=round_)
    for name, scope, where, params, runs in (
        ("xlsx_export_park", Scope(park=park, province=province), park_where, park_params, RUNS),
        ("xlsx_export_province", Scope(park=None, province=province), prov_where, prov_params, 3),
    ):
        rows = []

        def build(scope=scope, rows=rows):
            handle, count = xlsx_file(scope=scope, filters=filters)
            handle.close()
            rows.append(count)

        ms = timed(build, runs)
        base = timed(lambda where=where, params=params: sql_export(where, params), runs)
        memory = peak_kb(build)
        line(name, ms, base, peak_kb=memory, rows=rows[-1])

    from cohorts.exports import csv_lines

    def csv_all():
        for _chunk in csv_lines(scope=Scope(park=None, province=province), filters=filters):
            pass

    ms = timed(csv_all, 3)
    base = timed(lambda: sql_copy(prov_where, prov_params), 3)
    line("csv_export_province", ms, base, peak_kb=peak_kb(csv_all))

    from cohorts.dashboard import dashboard_figures

    class National:
        kind, pk, park, province, name = "national", 0, None, None, "national"

        def q(self, prefix=""):
            from django.db.models import Q

            return Q()

    def national():
        figures = dashboard_figures(scope=National(), filters=filters, page=1)
        assert figures["statistics"].n >= total

    ms = timed(national, RUNS)
    base = timed(lambda: sql_aggregate("true", [round_.pk], dimensions), max(3, RUNS // 2))
    line("national_dashboard_figures", ms, base, peak_kb=peak_kb(national))

    try:
        from reports.services import report_build_timings
    except ImportError:
        print("enterprise_report: skipped (reports.services.report_build_timings is missing)")
        return
    assessment = (
        Assessment.objects.filter(round=round_, status="submitted", park=park)
        .order_by("pk")
        .first()
    )
    timings = []
    ms = timed(
        lambda: timings.append(report_build_timings(assessment=assessment)), max(3, RUNS // 2)
    )
    html_ms = [t["html_seconds"] * 1000 for t in timings[1:]]
    pdf_ms = statistics.median(t["pdf_seconds"] * 1000 for t in timings[1:])
    base = timed(lambda: sql_aggregate(prov_where, prov_params, dimensions), max(3, RUNS // 2))
    line(
        "enterprise_report",
        html_ms,
        base,
        pdf_ms=f"{pdf_ms:.0f}",
        total_ms=f"{statistics.median(ms):.0f}",
    )


if __name__ == "__main__":
    main()
