"""Reading a provider spreadsheet with the bounded CSV/XLSX readers of the enterprise
import (onboarding.spreadsheet): the same size, ratio, part and row bounds apply."""

from itertools import islice

from django.utils.translation import gettext as _

from onboarding.spreadsheet import MAX_ROWS, OutOfBounds, UnreadableFile, _raw_rows
from providers.services import IMPORT_COLUMNS, REQUIRED_COLUMNS


def _columns(header: list) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    found = {}
    for key, spellings in IMPORT_COLUMNS.items():
        for spelling in spellings:
            if spelling.lower() in names:
                found[key] = names.index(spelling.lower())
                break
    missing = [IMPORT_COLUMNS[k][0] for k in REQUIRED_COLUMNS if k not in found]
    if missing:
        raise UnreadableFile(_("缺少列：%(columns)s") % {"columns": "、".join(missing)})
    return found


def provider_rows_read(name: str, data: bytes) -> list[dict]:
    """[{line, <column>: text}] of a provider spreadsheet. Raises UnreadableFile (and
    OutOfBounds, a subclass) as the enterprise import does."""
    rows = _raw_rows(name, data)
    header = next(rows, None)
    if header is None:
        raise UnreadableFile(_("文件是空的"))
    columns = _columns(header)
    result = []
    for line, raw in enumerate(islice(rows, MAX_ROWS + 1), start=2):
        if line > MAX_ROWS + 1:
            raise OutOfBounds(_("超过 %(rows)s 行数据，请分成几个文件上传") % {"rows": MAX_ROWS})
        if not any(str(c or "").strip() for c in raw):
            continue
        cell = {
            k: str(raw[i]).strip() if i < len(raw) and raw[i] is not None else ""
            for k, i in columns.items()
        }
        result.append({"line": line, **cell})
    return result
