"""Cohort exports: CSV streamed (on PostgreSQL straight from COPY, elsewhere row by row),
XLSX written in constant-memory mode by rust_xlsxwriter (rustpy-xlsxwriter) to a
temporary file. Memory stays flat whatever the number of rows; cells are
formula-injection safe."""

import csv
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from rustpy_xlsxwriter import FastExcel

from assessment.method import round1
from assessment.models import Indicator, Round

from .filters import CohortFilters, Scope, cohort_assessments
from .statistics import dimensions_of

EXPORT_CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a leading quote if a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_columns(*, round: Round) -> tuple[list[str], list[str], list[str]]:
    """(header, dimension codes, indicator codes) of a cohort export."""
    dimensions = [d.code for d in dimensions_of(round=round)]
    indicators = list(
        Indicator.objects.filter(questionnaire_id=round.questionnaire_id)
        .order_by("order")
        .values_list("code", flat=True)
    )
    header = [
        _("企业名称"),
        _("统一社会信用代码"),
        _("城市"),
        _("园区"),
        _("行业大类"),
        _("企业规模"),
        _("规模以上"),
        _("轮次"),
        _("提交时间"),
        _("总分"),
        _("等级"),
        *dimensions,
        *indicators,
    ]
    return header, dimensions, indicators


def export_rows(*, scope: Scope, filters: CohortFilters) -> Iterator[list]:
    """One row per enterprise of the cohort, read in keyset chunks so that memory stays
    flat however large the province."""
    _header, dimensions, indicators = export_columns(round=filters.round)
    cohort = cohort_assessments(scope=scope, filters=filters).order_by("pk")
    last = 0
    while True:
        chunk = list(
            cohort.filter(pk__gt=last).values_list(
                "pk",
                "enterprise__name",
                "enterprise__credit_code",
                "city__name_zh",
                "park__name_zh",
                "industry__code",
                "size_class",
                "above_designated_size",
                "round__code",
                "submitted_at",
                "overall_score",
                "level",
                "scores",
                "indicators",
            )[:EXPORT_CHUNK]
        )
        if not chunk:
            return
        for r in chunk:
            scores, values = r[12], r[13]
            submitted_at = timezone.localtime(r[9]).strftime("%Y-%m-%d %H:%M") if r[9] else ""
            yield [
                *r[1:9],
                submitted_at,
                *r[10:12],
                *(round1(scores.get(code)) for code in dimensions),
                *(round1(values.get(code)) for code in indicators),
            ]
        last = chunk[-1][0]


class _Echo:
    def write(self, value):
        return value


def csv_lines(*, scope: Scope, filters: CohortFilters) -> Iterator[str | bytes]:
    """The cohort as CSV text (with a BOM so Excel reads UTF-8): on PostgreSQL the rows
    as COPY writes them, in chunks, else one line at a time."""
    writer = csv.writer(_Echo())
    header, dimensions, indicators = export_columns(round=filters.round)
    yield "\ufeff" + writer.writerow(header)
    cohort = cohort_assessments(scope=scope, filters=filters)
    if connections[cohort.db].vendor == "postgresql":
        yield from _copy_csv(cohort, dimensions, indicators)
        return
    for row in export_rows(scope=scope, filters=filters):
        yield writer.writerow([safe_cell(v) for v in row])


_SOURCE = {
    "x_name": "enterprise__name",
    "x_code": "enterprise__credit_code",
    "x_city": "city__name_zh",
    "x_park": "park__name_zh",
    "x_industry": "industry__code",
    "x_size": "size_class",
    "x_above": "above_designated_size",
    "x_round": "round__code",
    "x_submitted": "submitted_at",
    "x_overall": "overall_score",
    "x_level": "level",
    "x_scores": "scores",
    "x_indicators": "indicators",
}
_TEXT = ("x_name", "x_code", "x_city", "x_park", "x_industry", "x_size")


def _safe_sql(column: str) -> str:
    """safe_cell in SQL: a leading quote before what a spreadsheet takes for a formula."""
    return f"CASE WHEN {column} ~ '^[-=+@\\t\\r]' THEN '''' || {column} ELSE {column} END"


def _copy_csv(cohort, dimensions: list[str], indicators: list[str]) -> Iterator[bytes]:
    """The export's rows through PostgreSQL's COPY … TO STDOUT, the same columns and
    formatting as export_rows (half-up to one decimal, local time, True/False)."""
    inner = cohort.order_by("pk").annotate(**{k: F(v) for k, v in _SOURCE.items()}).values(*_SOURCE)
    sql, params = inner.query.sql_with_params()
    columns = [_safe_sql(f"c.{name}") for name in _TEXT]
    columns.append("CASE WHEN c.x_above THEN 'True' ELSE 'False' END")
    columns.append(_safe_sql("c.x_round"))
    columns.append("to_char(c.x_submitted AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI')")
    columns += ["round(c.x_overall::numeric, 1)", "c.x_level"]
    columns += ["round((c.x_scores ->> %s)::numeric, 1)" for _code in dimensions]
    columns += ["round((c.x_indicators ->> %s)::numeric, 1)" for _code in indicators]
    query = f"COPY (SELECT {', '.join(columns)} FROM ({sql}) AS c) TO STDOUT WITH (FORMAT csv)"
    args = [settings.TIME_ZONE, *dimensions, *indicators, *params]
    with connections[cohort.db].cursor() as cursor, cursor.cursor.copy(query, args) as copy:
        for chunk in copy:
            yield bytes(chunk)


def _rounded_sql(value: str) -> str:
    """round1 in SQL: to nine decimals first, then half-up to one, as a float."""
    return f"round(round(({value})::numeric, 9), 1)::float8"


def _sql_rows(cohort, dimensions: list[str], indicators: list[str]) -> Iterator[tuple]:
    """export_rows with safe_cell as tuples, every value worked out by PostgreSQL (the
    same formatting as export_rows) and read through a server-side cursor in chunks."""
    inner = cohort.order_by("pk").annotate(**{k: F(v) for k, v in _SOURCE.items()}).values(*_SOURCE)
    sql, params = inner.query.sql_with_params()
    columns = [_safe_sql(f"c.{name}") for name in _TEXT]
    columns += ["c.x_above", _safe_sql("c.x_round")]
    columns.append("coalesce(to_char(c.x_submitted AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI'), '')")
    columns += ["c.x_overall", "c.x_level"]
    columns += [_rounded_sql("c.x_scores ->> %s") for _code in dimensions]
    columns += [_rounded_sql("c.x_indicators ->> %s") for _code in indicators]
    query = f"SELECT {', '.join(columns)} FROM ({sql}) AS c"
    args = [settings.TIME_ZONE, *dimensions, *indicators, *params]
    connection = connections[cohort.db]
    with transaction.atomic(using=cohort.db):
        connection.ensure_connection()
        with connection.connection.cursor(name="cohort_export") as cursor:
            cursor.itersize = EXPORT_CHUNK
            cursor.execute(query, args)
            yield from cursor


def xlsx_file(*, scope: Scope, filters: CohortFilters) -> tuple:
    """(an open temporary file holding the workbook, number of enterprise rows), written
    in constant memory as the rows are read (on PostgreSQL as tuples from a server-side
    cursor, every value already formatted by the database)."""
    header, dimensions, indicators = export_columns(round=filters.round)
    count = 0
    cohort = cohort_assessments(scope=scope, filters=filters)

    def records():
        nonlocal count
        if connections[cohort.db].vendor == "postgresql":
            for row in _sql_rows(cohort, dimensions, indicators):
                count += 1
                yield dict(zip(header, row, strict=True))
            return
        for row in export_rows(scope=scope, filters=filters):
            count += 1
            yield dict(zip(header, (safe_cell(v) for v in row), strict=True))

    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    FastExcel(handle).sheet("cohort", records()).save()
    handle.seek(0)
    return handle, count
