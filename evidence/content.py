"""What an uploaded file is, read from its content (magic bytes, then the format's own
reader), never from its name or the browser's claim."""

import csv
import io
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext_lazy as _

from .models import Evidence

HEAD_BYTES = 8192
CSV_SAMPLE_BYTES = 64 * 1024


class EvidenceRejected(Exception):
    """The file cannot be kept: `message` says why, for the person who sent it."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Sniffed:
    kind: str
    content_type: str


MIME_KINDS = {
    "application/pdf": Evidence.Kind.PDF,
    "image/png": Evidence.Kind.PNG,
    "image/jpeg": Evidence.Kind.JPEG,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Evidence.Kind.XLSX,
}
CONTENT_TYPES = {kind: mime for mime, kind in MIME_KINDS.items()} | {Evidence.Kind.CSV: "text/csv"}


def evidence_sniff(*, file) -> Sniffed:
    """The kind of `file` (a file object at any position), checked by opening it with the
    reader of that format; EvidenceRejected when it is of no accepted kind or malformed."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    if not head:
        raise EvidenceRejected(_("文件是空的。"))
    guess = filetype.guess(head)
    if guess is None:
        kind = Evidence.Kind.CSV if _is_csv(file) else None
    else:
        kind = MIME_KINDS.get(guess.mime)
    if kind is None:
        raise EvidenceRejected(_("只接受 PDF、PNG、JPEG 图片和 Excel（XLSX）、CSV 表格。"))
    try:
        READERS[kind](file)
    except Exception as error:
        raise EvidenceRejected(_("文件已损坏或格式不对，无法打开。")) from error
    finally:
        file.seek(0)
    return Sniffed(kind=kind, content_type=CONTENT_TYPES[kind])


def _is_csv(file) -> bool:
    sample = file.read(CSV_SAMPLE_BYTES)
    file.seek(0)
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows = list(csv.reader(io.StringIO(text)))
        return bool(rows) and any(len(row) > 1 for row in rows)
    return False


def _read_pdf(file) -> None:
    from pypdf import PdfReader

    reader = PdfReader(file, strict=False)
    if len(reader.pages) < 1:
        raise ValueError("no page")


def _read_image(file) -> None:
    from PIL import Image

    with Image.open(file) as image:
        image.verify()


def _read_xlsx(file) -> None:
    from openpyxl import load_workbook

    with zipfile.ZipFile(file) as archive:
        if archive.testzip() is not None:
            raise ValueError("corrupt member")
    file.seek(0)
    workbook = load_workbook(file, read_only=True)
    try:
        if not workbook.sheetnames:
            raise ValueError("no sheet")
    finally:
        workbook.close()


def _read_csv(file) -> None:
    """Already read as text with more than one column (`_is_csv`)."""


READERS = {
    Evidence.Kind.PDF: _read_pdf,
    Evidence.Kind.PNG: _read_image,
    Evidence.Kind.JPEG: _read_image,
    Evidence.Kind.XLSX: _read_xlsx,
    Evidence.Kind.CSV: _read_csv,
}
