"""Cohort aggregates: the figures of every cohort a dashboard, a comparison or a peer
snapshot reads (nation, province, city, park × any narrowing by industry, size and
above-scale), added to as each assessment is submitted and rebuilt from the rows on
demand. One assessment's contribution and the merging of contributions are pure
functions; the writes are at the end (`aggregates_add`, `aggregates_rebuild`).

The figures are sums (counts, sums for means, Σ part and Σ whole), level counts and
histograms of 0.1 point (scores are stored to 0.1, so quantiles read from them are exact:
distribution.py), so that any cohort's figures are the sum of its parts' figures."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import combinations

from django.db import connection, transaction
from django.db.models import Q

from assessment.benchmarks import pooled_indicator_codes
from assessment.models import Assessment, Dimension

from .distribution import BINS_PER_POINT, LAST_BIN, bin_of
from .models import CohortAggregate

Kind = CohortAggregate.Kind
FIELDS = (
    "round_id",
    "province_id",
    "city_id",
    "park_id",
    "industry_id",
    "size_class",
    "above_designated_size",
    "overall_score",
    "level",
    "scores",
    "indicators",
    "ratio_parts",
)
# The kinds whose every narrowing keeps the histograms of every score (a park's or a
# city's narrowed rows keep the overall score's, for the comparison's medians).
FULL_KINDS = (Kind.NATIONAL, Kind.PROVINCE)


def aggregate_key(*, industry_id: int | None = None, size_class: str = "", above=None) -> str:
    """The key of a narrowing: "<industry id>:<size>:<1/0>", an empty part for "any"."""
    return f"{industry_id or ''}:{size_class or ''}:{'' if above is None else int(bool(above))}"


UNNARROWED = aggregate_key()


def _scopes(row: dict) -> list[tuple[str, int]]:
    scopes = [
        (Kind.NATIONAL, 0),
        (Kind.PROVINCE, row["province_id"]),
        (Kind.CITY, row["city_id"]),
    ]
    if row["park_id"]:
        scopes.append((Kind.PARK, row["park_id"]))
    return scopes


def _keys(row: dict) -> list[str]:
    industries = (None, row["industry_id"])
    sizes = ("", row["size_class"])
    aboves = (None, row["above_designated_size"])
    return [
        aggregate_key(industry_id=i, size_class=s, above=a)
        for i in industries
        for s in sizes
        for a in aboves
    ]


def is_full(kind: str, key: str) -> bool:
    return kind in FULL_KINDS or key == UNNARROWED


def _empty() -> dict:
    return {"n": 0, "n_above": 0, "levels": {}, "sums": {}, "hist": {}, "indicators": {}}


def _bump(mapping: dict, key: str, by=1) -> None:
    mapping[key] = mapping.get(key, 0) + by


def contribution(row: dict, *, dimensions: list[str], pooled: set[str]) -> tuple[dict, dict]:
    """(figures with every score's histogram, the same with the overall score's only) of
    one submitted assessment, `row` holding FIELDS."""
    above = bool(row["above_designated_size"])
    overall = row["overall_score"]
    scores, values, parts = row["scores"] or {}, row["indicators"] or {}, row["ratio_parts"] or {}
    figures = _empty()
    figures["n"] = 1
    figures["n_above"] = int(above)
    if row["level"] is not None:
        figures["levels"][str(row["level"])] = 1
    sums, hist = figures["sums"], figures["hist"]
    if overall is not None:
        sums["overall"] = [1, float(overall)]
        hist["overall"] = {str(bin_of(overall)): 1}
    for code in dimensions:
        value = scores.get(code)
        if value is not None:
            sums[code] = [1, float(value)]
            hist[code] = {str(bin_of(value)): 1}
    pops = ("all", "above_scale") if above else ("all",)
    for code, value in values.items():
        if value is None:
            continue
        value = float(value)
        entry = {"n": 1, "sum": value, "flags": int(value >= 100)}
        if code in pooled and code in parts:
            entry["part"], entry["whole"] = float(parts[code][0]), float(parts[code][1])
        figures["indicators"][code] = {pop: dict(entry) for pop in pops}
    narrow = {**figures, "hist": {"overall": hist["overall"]} if "overall" in hist else {}}
    return figures, narrow


def merge(into: dict, other: dict) -> dict:
    """Add `other`'s figures to `into` (in place; numbers added, None taken as 0)."""
    for name, value in other.items():
        if isinstance(value, dict):
            merge(into.setdefault(name, {}), value)
        elif isinstance(value, list):
            have = into.get(name) or [0] * len(value)
            into[name] = [a + b for a, b in zip(have, value, strict=True)]
        elif value is not None:
            into[name] = (into.get(name) or 0) + value
    return into


def _cell(row: dict) -> tuple:
    return tuple(row[f] for f in FIELDS[:7])


def accumulate(rows: Iterable[dict], *, dimensions: list[str], pooled: set[str]) -> dict:
    """{(round id, kind, scope id, key): (province id, full, figures)} of `rows` (dicts
    of FIELDS): each assessment added to its cell first, each cell then to every cohort
    it belongs to."""
    cells: dict[tuple, list] = {}
    for row in rows:
        full, narrow = contribution(row, dimensions=dimensions, pooled=pooled)
        cell = cells.get(_cell(row))
        if cell is None:
            cells[_cell(row)] = [row, merge(_empty(), full), merge(_empty(), narrow)]
        else:
            merge(cell[1], full)
            merge(cell[2], narrow)
    result: dict[tuple, tuple] = {}
    for row, full, narrow in cells.values():
        province = row["province_id"]
        for kind, scope_id in _scopes(row):
            for key in _keys(row):
                whole = is_full(kind, key)
                ident = (row["round_id"], str(kind), scope_id, key)
                found = result.get(ident)
                figures = full if whole else narrow
                if found is None:
                    copy = merge(_empty(), figures)
                    result[ident] = (None if kind == Kind.NATIONAL else province, whole, copy)
                else:
                    merge(found[2], figures)
    return result


def _split(figures: dict) -> tuple[int, dict]:
    figures = dict(figures)
    return figures.pop("n", 0), figures


def _questionnaire_codes(questionnaire_id: int) -> tuple[list[str], set[str]]:
    dimensions = list(
        Dimension.objects.filter(questionnaire_id=questionnaire_id)
        .order_by("order")
        .values_list("code", flat=True)
    )
    return dimensions, pooled_indicator_codes(questionnaire_id=questionnaire_id)


def _apply(deltas: dict) -> None:
    """Add `deltas` to the stored rows: missing rows created empty (a concurrent creator
    is ignored), then every row locked in one order, added to and written back."""
    if not deltas:
        return
    CohortAggregate.objects.bulk_create(
        [
            CohortAggregate(
                round_id=r, kind=k, scope_id=s, key=key, province_id=p, full=full, figures={}
            )
            for (r, k, s, key), (p, full, _f) in deltas.items()
        ],
        ignore_conflicts=True,
    )
    where = Q()
    for r, k, s, key in deltas:
        where |= Q(round_id=r, kind=k, scope_id=s, key=key)
    rows = list(
        CohortAggregate.objects.select_for_update()
        .filter(where)
        .order_by("round_id", "kind", "scope_id", "key")
    )
    for row in rows:
        _p, _full, delta = deltas[(row.round_id, row.kind, row.scope_id, row.key)]
        n, figures = _split(merge({"n": row.n, **row.figures}, delta))
        row.n, row.figures = n, figures
    CohortAggregate.objects.bulk_update(rows, ["n", "figures"])


def aggregates_add(*, assessment: Assessment) -> None:
    """Add a just-submitted assessment to every cohort it belongs to (call it inside the
    submitting transaction)."""
    row = {f: getattr(assessment, f) for f in FIELDS}
    dimensions, pooled = _questionnaire_codes(assessment.questionnaire_id)
    with transaction.atomic():
        _apply(accumulate([row], dimensions=dimensions, pooled=pooled))


def _store(accumulated: dict) -> int:
    objs = []
    for (r, k, s, key), (p, full, figures) in accumulated.items():
        n, rest = _split(figures)
        objs.append(
            CohortAggregate(
                round_id=r, kind=k, scope_id=s, key=key, province_id=p, full=full, n=n, figures=rest
            )
        )
    CohortAggregate.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


@transaction.atomic
def aggregates_rebuild(
    *, round_ids: list[int] | None = None, sql: bool = True, log=lambda message: None
) -> int:
    """Compute the aggregates of `round_ids` (every round if None) again from the submitted
    assessments, replacing the stored ones; the number of rows written. On PostgreSQL the
    figures are summed in SQL (`sql=False`: in Python, as on SQLite)."""
    from assessment.models import Round

    rounds = Round.objects.all() if round_ids is None else Round.objects.filter(pk__in=round_ids)
    written = 0
    for round_ in rounds.order_by("pk"):
        CohortAggregate.objects.filter(round=round_).delete()
        dimensions, pooled = _questionnaire_codes(round_.questionnaire_id)
        if connection.vendor == "postgresql" and sql:
            with connection.cursor() as cursor:
                written += _rebuild_sql(
                    cursor, round_id=round_.pk, dimensions=dimensions, pooled=sorted(pooled)
                )
            log(f"round {round_.code}: {written} aggregate rows")
            continue
        rows = (
            Assessment.objects.filter(round=round_, status=Assessment.Status.SUBMITTED)
            .order_by()
            .values(*FIELDS)
            .iterator(chunk_size=5000)
        )
        written += _store(accumulate(rows, dimensions=dimensions, pooled=pooled))
        log(f"round {round_.code}: {written} aggregate rows")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {CohortAggregate._meta.db_table}")
    return written


# The SQL rebuild (PostgreSQL): every cohort of a round is one grouping set over the
# assessments' cells (province, city, park, industry, size, above-scale), so the figures
# are summed in the database and only the finished rows cross the wire.
_NARROWING = ("industry_id", "size_class", "above")
_GEOGRAPHY = {
    Kind.NATIONAL: (),
    Kind.PROVINCE: ("province_id",),
    Kind.CITY: ("province_id", "city_id"),
    Kind.PARK: ("province_id", "park_id"),
}
_CELL = "province_id, city_id, park_id, industry_id, size_class, above"


def _cohort(kinds=tuple(_GEOGRAPHY), narrowed: bool = True) -> str:
    """The cohort columns (kind, scope id, key, province id) of grouping sets over the
    geography of `kinds` (and the narrowings, if `narrowed`)."""
    levels = [("park", "park_id"), ("city", "city_id"), ("province", "province_id")]
    present = {c for kind in kinds for c in _GEOGRAPHY[kind]}
    levels = [(k, c) for k, c in levels if c in present]
    kind = "".join(f"WHEN GROUPING({c}) = 0 THEN '{k}' " for k, c in levels)
    scope = "".join(f"WHEN GROUPING({c}) = 0 THEN {c} " for _k, c in levels)
    province = "province_id" if "province_id" in present else "NULL::int"
    if "province_id" in present:
        province = "CASE WHEN GROUPING(province_id) = 0 THEN province_id END"
    key = """
    (CASE WHEN GROUPING(industry_id) = 0 THEN industry_id::text ELSE '' END) || ':'
      || (CASE WHEN GROUPING(size_class) = 0 THEN size_class ELSE '' END) || ':'
      || (CASE WHEN GROUPING(above) = 0 THEN above::int::text ELSE '' END)"""
    if not narrowed:
        key = f"'{UNNARROWED}'"
    return f"""
    CASE {kind}ELSE 'national' END AS kind, CASE {scope}ELSE 0 END AS scope_id,
    {key} AS key, {province} AS province_id"""


_COHORT = _cohort()
# Assessments without a park belong to no park's cohort.
_REAL = "HAVING NOT (GROUPING(park_id) = 0 AND park_id IS NULL)"


def _grouping_sets(*, kinds=tuple(_GEOGRAPHY), narrowed: bool = True) -> str:
    """The cohorts of `kinds` as GROUPING SETS, each narrowing of them or (`narrowed`
    False) the unnarrowed ones only."""
    sets = []
    for kind in kinds:
        for size in range(len(_NARROWING) + 1 if narrowed else 1):
            for narrowing in combinations(_NARROWING, size):
                sets.append("(" + ", ".join(_GEOGRAPHY[kind] + narrowing) + ")")
    return "GROUPING SETS (" + ", ".join(sets) + ")"


def _rebuild_sql(cursor, *, round_id: int, dimensions: list[str], pooled: list[str]) -> int:
    """Write the aggregates of one round from its submitted assessments, in SQL; the number
    of rows written."""
    table = CohortAggregate._meta.db_table
    assessments = Assessment._meta.db_table
    source = (
        f"SELECT province_id, city_id, park_id, industry_id, size_class, "
        f"above_designated_size AS above, overall_score, level, scores, indicators, "
        f"ratio_parts FROM {assessments} WHERE round_id = %s AND status = %s"
    )
    params = [round_id, Assessment.Status.SUBMITTED]
    # Hash aggregation of every grouping set at once needs the memory to hold them.
    cursor.execute("SET LOCAL work_mem = '256MB'")
    cursor.execute("SET LOCAL jit = off")
    cursor.execute("DROP TABLE IF EXISTS agg_cells, agg_scores, agg_indicators")
    # Each cell's count, above-scale count and levels.
    cursor.execute(
        f"CREATE TEMP TABLE agg_cells AS SELECT {_CELL}, level, count(*) AS n, "
        f"count(*) FILTER (WHERE above) AS n_above FROM ({source}) a "
        f"GROUP BY {_CELL}, level",
        params,
    )
    # Each cell's scores: (field, bin) → count and sum.
    cursor.execute(
        f"CREATE TEMP TABLE agg_scores AS SELECT {_CELL}, field, "
        f"LEAST({LAST_BIN}, GREATEST(0, round(value * {BINS_PER_POINT})))::int AS bin, "
        f"count(*) AS n, sum(value) AS total FROM ({source}) a, LATERAL ("
        f"  SELECT 'overall' AS field, a.overall_score AS value "
        f"  WHERE a.overall_score IS NOT NULL UNION ALL "
        f"  SELECT s.key, (s.value #>> '{{}}')::float8 FROM jsonb_each(a.scores) s "
        f"  WHERE s.key = ANY(%s) AND jsonb_typeof(s.value) = 'number') v "
        f"GROUP BY {_CELL}, field, bin",
        [*params, dimensions],
    )
    # Each cell's indicators by population.
    cursor.execute(
        f"CREATE TEMP TABLE agg_indicators AS SELECT {_CELL}, code, pop, count(*) AS n, "
        f"sum(value) AS total, count(*) FILTER (WHERE value >= 100) AS flags, "
        f"sum(part) AS part, sum(whole) AS whole FROM ("
        f"  SELECT a.*, i.key AS code, (i.value #>> '{{}}')::float8 AS value, "
        f"  CASE WHEN i.key = ANY(%s) THEN (a.ratio_parts -> i.key ->> 0)::float8 END AS part, "
        f"  CASE WHEN i.key = ANY(%s) THEN (a.ratio_parts -> i.key ->> 1)::float8 END AS whole "
        f"  FROM ({source}) a, jsonb_each(a.indicators) i "
        f"  WHERE jsonb_typeof(i.value) = 'number') a, "
        f"LATERAL (SELECT 'all' AS pop UNION ALL SELECT 'above_scale' WHERE a.above) p "
        f"GROUP BY {_CELL}, code, pop",
        [pooled, pooled, *params],
    )
    for name in ("agg_cells", "agg_scores", "agg_indicators"):
        cursor.execute(f"ANALYZE {name}")
    every = _grouping_sets()
    wide = (Kind.NATIONAL, Kind.PROVINCE)
    local = (Kind.CITY, Kind.PARK)
    cohort = "kind, scope_id, key, province_id"
    # Each part of the figures by cohort, in its own table (analysed, so that the final
    # join is a hash join of a few thousand rows each).
    parts = {
        "agg_counts": f"""
            SELECT {_COHORT}, sum(n)::int AS n, sum(n_above)::int AS n_above
            FROM agg_cells GROUP BY {every} {_REAL}""",
        "agg_levels": f"""
            SELECT {cohort}, jsonb_object_agg(level::text, n) AS levels FROM (
                SELECT {_COHORT}, level, sum(n)::int AS n FROM agg_cells
                WHERE level IS NOT NULL GROUP BY level, {every} {_REAL}
            ) l GROUP BY {cohort}""",
        "agg_sums": f"""
            SELECT {cohort}, jsonb_object_agg(field, jsonb_build_array(n, total)) AS sums
            FROM (
                SELECT {_COHORT}, field, sum(n)::int AS n, sum(total) AS total FROM (
                    SELECT {_CELL}, field, sum(n) AS n, sum(total) AS total
                    FROM agg_scores GROUP BY {_CELL}, field
                ) f GROUP BY field, {every} {_REAL}
            ) s GROUP BY {cohort}""",
        "agg_hist": f"""
            SELECT {cohort}, jsonb_object_agg(field, bins) AS hist FROM (
                SELECT {cohort}, field, jsonb_object_agg(bin::text, n) AS bins FROM (
                    SELECT {_COHORT}, field, bin, sum(n)::int AS n FROM agg_scores
                    WHERE field = 'overall' GROUP BY field, bin, {every} {_REAL}
                    UNION ALL
                    SELECT {_cohort(wide)}, field, bin, sum(n)::int AS n FROM (
                        SELECT province_id, industry_id, size_class, above, field, bin,
                            sum(n) AS n FROM agg_scores WHERE field <> 'overall'
                        GROUP BY province_id, industry_id, size_class, above, field, bin
                    ) w GROUP BY field, bin, {_grouping_sets(kinds=wide)}
                    UNION ALL
                    SELECT {_cohort(local, narrowed=False)}, field, bin, sum(n)::int AS n
                    FROM agg_scores WHERE field <> 'overall'
                    GROUP BY field, bin, {_grouping_sets(kinds=local, narrowed=False)} {_REAL}
                ) b GROUP BY {cohort}, field
            ) h GROUP BY {cohort}""",
        "agg_inds": f"""
            SELECT {cohort}, jsonb_object_agg(code, pops) AS indicators FROM (
                SELECT {cohort}, code, jsonb_object_agg(pop, jsonb_strip_nulls(
                    jsonb_build_object('n', n, 'sum', total, 'flags', flags,
                                       'part', part, 'whole', whole))) AS pops
                FROM (
                    SELECT {_COHORT}, code, pop, sum(n)::int AS n, sum(total) AS total,
                        sum(flags)::int AS flags, sum(part) AS part, sum(whole) AS whole
                    FROM agg_indicators GROUP BY code, pop, {every} {_REAL}
                ) i GROUP BY {cohort}, code
            ) c GROUP BY {cohort}""",
    }
    for name, query in parts.items():
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMP TABLE {name} AS {query}")
        cursor.execute(f"ANALYZE {name}")
    cursor.execute(
        f"""
        INSERT INTO {table} (round_id, kind, scope_id, key, province_id, n, "full", figures)
        SELECT %s, c.kind, c.scope_id, c.key, c.province_id, c.n,
            c.kind IN ('national', 'province') OR c.key = %s,
            jsonb_build_object(
                'n_above', c.n_above, 'levels', coalesce(l.levels, '{{}}'),
                'sums', coalesce(s.sums, '{{}}'), 'hist', coalesce(h.hist, '{{}}'),
                'indicators', coalesce(i.indicators, '{{}}'))
        FROM agg_counts c
        LEFT JOIN agg_levels l USING (kind, scope_id, key)
        LEFT JOIN agg_sums s USING (kind, scope_id, key)
        LEFT JOIN agg_hist h USING (kind, scope_id, key)
        LEFT JOIN agg_inds i USING (kind, scope_id, key)
        """,
        [round_id, UNNARROWED],
    )
    written = cursor.rowcount
    cursor.execute("DROP TABLE agg_cells, agg_scores, agg_indicators, " + ", ".join(parts))
    return written
