"""Cohort exports: CSV streamed row by row, XLSX written in write-only mode to a temporary
file. Memory stays flat whatever the number of rows; cells are formula-injection safe."""

import csv
import tempfile
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

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


def csv_lines(*, scope: Scope, filters: CohortFilters) -> Iterator[str]:
    """The cohort as CSV text, one line at a time (with a BOM so Excel reads UTF-8)."""
    writer = csv.writer(_Echo())
    header, _d, _i = export_columns(round=filters.round)
    yield "\ufeff" + writer.writerow(header)
    for row in export_rows(scope=scope, filters=filters):
        yield writer.writerow([safe_cell(v) for v in row])


def xlsx_file(*, scope: Scope, filters: CohortFilters) -> tuple:
    """(an open temporary file holding the workbook, number of enterprise rows)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="cohort")
    header, _d, _i = export_columns(round=filters.round)
    sheet.append(header)
    count = 0
    for row in export_rows(scope=scope, filters=filters):
        sheet.append([safe_cell(v) for v in row])
        count += 1
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (the caller closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle, count
