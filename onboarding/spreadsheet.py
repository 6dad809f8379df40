"""Reading the enterprise list a park uploads (CSV or XLSX).

An upload is read inside the request, so its cost is bounded before anything is parsed:
an XLSX file is a zip archive whose members are checked first (total size once unpacked,
compression ratio, only the parts a workbook has), the sheet's declared size is checked
without iterating it, and no more than MAX_ROWS rows of either kind of file are read.
"""

import csv
import io
import zipfile
from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

# Header spellings accepted for each column (English, Chinese).
COLUMNS = {
    "name": ("name", "企业名称", "名称"),
    "credit_code": ("统一社会信用代码", "credit_code", "credit code", "信用代码"),
    "industry": ("industry", "行业", "行业大类", "行业代码"),
    "size": ("size", "规模", "企业规模"),
    "email": ("contact e-mail", "contact email", "e-mail", "email", "联系邮箱", "邮箱"),
}
MAX_ROWS = 5000  # data rows, below the header
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_PARTS = 500
# Sheet XML compresses about 10:1; a member far above that is a decompression bomb.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1024 * 1024
# Where the members of a workbook written by Excel, WPS or LibreOffice live.
WORKBOOK_PARTS = ("[Content_Types].xml", "_rels/", "docProps/", "xl/", "customXml/", "docMetadata/")


class UnreadableFile(Exception):
    """Not a CSV or XLSX file we can read, or a required column is missing; the argument
    says why, in words."""


class OutOfBounds(UnreadableFile):
    """A file larger than we read: too big once unpacked, a suspicious compression ratio,
    parts a workbook does not have, or more rows or columns than an enterprise list has."""


def _column_map(header: list, columns: dict, required) -> dict[str, int]:
    names = [str(h or "").strip().lower() for h in header]
    found = {}
    for key, spellings in columns.items():
        for spelling in spellings:
            if spelling.lower() in names:
                found[key] = names.index(spelling.lower())
                break
    missing = [columns[k][0] for k in required if k not in found]
    if missing:
        raise UnreadableFile(_("缺少列：%(columns)s") % {"columns": "、".join(missing)})
    return found


def _archive_check(data: bytes) -> None:
    """Refuse an XLSX archive before any member is decompressed."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, OSError) as error:
        raise UnreadableFile(_("不是有效的 XLSX 文件，无法解压")) from error
    if len(members) > MAX_PARTS:
        raise OutOfBounds(_("压缩包中的文件过多，不像是 XLSX 表格"))
    for member in members:
        name = member.filename
        if not name.startswith(WORKBOOK_PARTS) or ".." in name.split("/"):
            raise OutOfBounds(
                _("压缩包中含有 XLSX 表格以外的内容（%(name)s）")
                % {"name": name.replace("\x00", "")[:80]}
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise OutOfBounds(_("文件的压缩比异常，解压后过大，不予读取"))
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise OutOfBounds(
            _("文件解压后超过 %(mb)s MB，不予读取") % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _xlsx_rows(data: bytes) -> Iterator[list]:
    _archive_check(data)
    workbook = None
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.active
        # The declared size (the sheet's <dimension>), read without iterating the sheet.
        if (sheet.max_row or 0) > MAX_ROWS + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
            raise OutOfBounds(
                _(
                    "表格声明的范围（%(rows)s 行 × %(columns)s 列）"
                    "超过上限 %(max_rows)s 行 × %(max_columns)s 列"
                )
                % {
                    "rows": sheet.max_row,
                    "columns": sheet.max_column,
                    "max_rows": MAX_ROWS + 1,
                    "max_columns": MAX_COLUMNS,
                }
            )
        rows = sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
        yield from (list(r) for r in rows)
    except UnreadableFile:
        raise
    except Exception as error:  # openpyxl and the XML parser raise many kinds on a broken file
        raise UnreadableFile(
            _("XLSX 文件已损坏或含有无效字符（%(detail)s）") % {"detail": str(error)[:200]}
        ) from error
    finally:
        if workbook is not None:
            workbook.close()


def _csv_rows(data: bytes) -> Iterator[list]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(_("无法识别文件的编码，请另存为 UTF-8 编码的 CSV"))
    reader = csv.reader(io.StringIO(text))
    try:
        yield from reader
    except csv.Error as error:
        if "field limit" in str(error):
            raise UnreadableFile(
                _("第 %(line)s 行有一个单元格超过 %(limit)s 个字符")
                % {"line": reader.line_num, "limit": csv.field_size_limit()}
            ) from error
        raise UnreadableFile(
            _("第 %(line)s 行的 CSV 格式有误（%(detail)s）")
            % {"line": reader.line_num, "detail": str(error)[:200]}
        ) from error


def _raw_rows(name: str, data: bytes) -> Iterator[list]:
    if name.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.lower().endswith(".csv"):
        return _csv_rows(data)
    raise UnreadableFile(_("只能读取 .csv 或 .xlsx 文件"))


def read_enterprise_rows(name: str, data: bytes) -> list[dict]:
    """[{line, name, credit_code, industry, size, email}] of a CSV or XLSX file; the
    header row may use the English or the Chinese column names. Raises UnreadableFile,
    OutOfBounds (a subclass) for a file beyond the bounds above."""
    return read_rows(name, data, columns=COLUMNS, required=tuple(COLUMNS))


def read_rows(name: str, data: bytes, *, columns: dict, required) -> list[dict]:
    """[{line, <column key>: text}] of a CSV or XLSX file whose header row names the
    `columns` ({key: accepted spellings}); the `required` keys must be there. Blank rows
    are skipped. Raises UnreadableFile, OutOfBounds (a subclass) for a file beyond the
    bounds above."""
    rows = _raw_rows(name, data)
    header = next(rows, None)
    if header is None:
        raise UnreadableFile(_("文件是空的"))
    columns = _column_map(header, columns, required)
    result = []
    for line, raw in enumerate(rows, start=2):
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


def upload_check(name: str, data: bytes) -> None:
    """Raise OutOfBounds for a file beyond the bounds; any other problem is left to the
    import preview, which says what is wrong with the file."""
    try:
        read_enterprise_rows(name, data)
    except OutOfBounds:
        raise
    except UnreadableFile:
        pass
