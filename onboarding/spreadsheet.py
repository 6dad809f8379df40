"""Reading the enterprise list a park uploads (CSV or XLSX)."""

import csv
import io
from collections.abc import Iterator

from openpyxl import load_workbook

# Header spellings accepted for each column (English, Chinese).
COLUMNS = {
    "name": ("name", "企业名称", "名称"),
    "credit_code": ("统一社会信用代码", "credit_code", "credit code", "信用代码"),
    "industry": ("industry", "行业", "行业大类", "行业代码"),
    "size": ("size", "规模", "企业规模"),
    "email": ("contact e-mail", "contact email", "e-mail", "email", "联系邮箱", "邮箱"),
}
MAX_ROWS = 5000


class UnreadableFile(Exception):
    """Not a CSV or XLSX file we can read, or a required column is missing."""


def _column_map(header: list) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    found = {}
    for key, spellings in COLUMNS.items():
        for spelling in spellings:
            if spelling.lower() in names:
                found[key] = names.index(spelling.lower())
                break
    missing = [COLUMNS[k][0] for k in COLUMNS if k not in found]
    if missing:
        raise UnreadableFile(", ".join(missing))
    return found


def _raw_rows(name: str, data: bytes) -> Iterator[list]:
    if name.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a broken file
            raise UnreadableFile(str(error)) from error
        yield from (list(r) for r in workbook.active.iter_rows(values_only=True))
        return
    if name.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise UnreadableFile("encoding")
        yield from csv.reader(io.StringIO(text))
        return
    raise UnreadableFile("type")


def read_enterprise_rows(name: str, data: bytes) -> list[dict]:
    """[{line, name, credit_code, industry, size, email}] of a CSV or XLSX file; the
    header row may use the English or the Chinese column names."""
    rows = _raw_rows(name, data)
    header = next(rows, None)
    if header is None:
        raise UnreadableFile("empty")
    columns = _column_map(header)
    result = []
    for line, raw in enumerate(rows, start=2):
        if not any(str(c or "").strip() for c in raw):
            continue
        cell = {
            k: str(raw[i]).strip() if i < len(raw) and raw[i] is not None else ""
            for k, i in columns.items()
        }
        result.append({"line": line, **cell})
        if len(result) > MAX_ROWS:
            raise UnreadableFile("rows")
    return result
