"""Cohort exports: CSV streamed row by row, XLSX written in write-only mode to a temporary
file. Memory stays flat whatever the number of rows; cells are formula-injection safe."""

import csv
import tempfile
from collections.abc import Iterator

from openpyxl import Workbook

from .selectors import CohortFilters, Scope, export_columns, export_rows
from .spreadsheet import safe_cell


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
