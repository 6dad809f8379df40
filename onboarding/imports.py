"""Importing a park's enterprises from a spreadsheet: a preview with each row's errors, then,
once the administrator confirms a clean file, every row imported at once with its contact
invited."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.credit_code import normalise, problem
from enterprises.models import Enterprise, SizeClass
from enterprises.validators import MESSAGES as CREDIT_CODE_MESSAGES
from reference.models import Industry, Park

from .models import ImportBatch, ParkInvitation
from .services import invitations_send
from .spreadsheet import UnreadableFile, read_enterprise_rows

SIZE_WORDS = {
    "micro": SizeClass.MICRO,
    "微型": SizeClass.MICRO,
    "微": SizeClass.MICRO,
    "small": SizeClass.SMALL,
    "小型": SizeClass.SMALL,
    "小": SizeClass.SMALL,
    "medium": SizeClass.MEDIUM,
    "中型": SizeClass.MEDIUM,
    "中": SizeClass.MEDIUM,
    "large": SizeClass.LARGE,
    "大型": SizeClass.LARGE,
    "大": SizeClass.LARGE,
}


class ImportNotClean(Exception):
    """The batch has errors (or is empty, or was imported already)."""


def _industry_lookup() -> dict[str, int]:
    lookup = {}
    for pk, code, zh, en in Industry.objects.values_list("pk", "code", "name_zh", "name_en"):
        for key in (code, f"c{code}", zh.lower(), en.lower(), f"{code} {zh}".lower()):
            lookup[key] = pk
    return lookup


def _industry_of(value: str, lookup: dict[str, int]) -> int | None:
    value = value.strip().lower()
    if value in lookup:
        return lookup[value]
    match = re.match(r"^c?(\d{2})\b", value)
    return lookup.get(match.group(1)) if match else None


# The column each row key is reported under.
COLUMN_LABELS = {
    "name": "name",
    "credit_code": "统一社会信用代码",
    "industry": "industry",
    "size": "size",
    "email": "contact e-mail",
}


def _check_rows(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(normalised rows, per-row errors) of an uploaded enterprise list."""
    # NUL cannot be stored (PostgreSQL refuses it in text): the cell is reported and the
    # character dropped, so the rest of the row is checked as usual.
    with_nul = [{k for k, v in r.items() if isinstance(v, str) and "\x00" in v} for r in rows]
    rows = [
        {k: v.replace("\x00", "") if isinstance(v, str) else v for k, v in r.items()} for r in rows
    ]
    lookup = _industry_lookup()
    codes = [normalise(r["credit_code"]) for r in rows]
    existing = set(
        Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    first_line: dict[str, int] = {}
    clean, errors = [], []

    def error(line, column, message):
        errors.append({"line": line, "column": column, "message": message})

    for r, code, nul in zip(rows, codes, with_nul, strict=True):
        line = r["line"]
        for key in sorted(nul):
            error(line, COLUMN_LABELS[key], _("含有不可见的空字符（NUL），请在原文件中删除。"))
        if not r["name"]:
            error(line, "name", _("缺少企业名称。"))
        reason = problem(code)
        if reason:
            error(line, "统一社会信用代码", str(CREDIT_CODE_MESSAGES[reason]))
        elif code in first_line:
            error(
                line,
                "统一社会信用代码",
                _("与第 %(line)s 行重复。") % {"line": first_line[code]},
            )
        elif code in existing:
            error(
                line,
                "统一社会信用代码",
                _(
                    "该统一社会信用代码的企业已经注册。如果登记的不是该企业本身，"
                    "企业可在登记页面用此代码申请认领，由园区核实。"
                ),
            )
        first_line.setdefault(code, line)
        industry = _industry_of(r["industry"], lookup)
        if industry is None:
            error(
                line,
                "industry",
                _("未知的行业大类“%(value)s”（应为制造业 13–43 大类代码）。")
                % {"value": r["industry"]},
            )
        size = SIZE_WORDS.get(r["size"].strip().lower())
        if size is None:
            error(line, "size", _("未知的企业规模“%(value)s”。") % {"value": r["size"]})
        email = r["email"].strip()
        try:
            validate_email(email)
        except ValidationError:
            error(line, "contact e-mail", _("联系邮箱无效。"))
        clean.append(
            {
                "line": line,
                "name": r["name"][:200],
                "credit_code": code,
                "industry_id": industry,
                "size_class": size,
                "email": email,
            }
        )
    return clean, errors


def import_preview(*, park: Park, user, name: str, data: bytes) -> ImportBatch:
    """Read and check an uploaded list; nothing is imported yet. An unreadable file gives a
    batch with one error."""
    try:
        rows, errors = _check_rows(read_enterprise_rows(name, data))
        if not rows:
            errors = [{"line": None, "column": "", "message": _("文件中没有数据行。")}]
    except UnreadableFile as problem_:
        rows = []
        errors = [
            {
                "line": None,
                "column": "",
                "message": _(
                    "无法读取该文件（%(why)s）。请上传 CSV 或 XLSX 文件，第一行为列名："
                    "name、统一社会信用代码、industry、size、contact e-mail。"
                )
                % {"why": problem_},
            }
        ]
    return ImportBatch.objects.create(
        park=park,
        created_by=user,
        filename=name.replace("\x00", "")[:200],
        rows=rows,
        errors=errors,
    )


class _NoLongerClean(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__(len(errors))
        self.errors = errors


def import_confirm(*, batch: ImportBatch, user, base_url: str) -> list[Enterprise]:
    """Create every enterprise of a clean batch and invite each, in one transaction: the
    batch lands whole or not at all. It is checked again, as others may have registered
    one of its enterprises since the preview."""
    try:
        return _import(batch=batch, user=user, base_url=base_url)
    except _NoLongerClean as stale:
        ImportBatch.objects.filter(pk=batch.pk).update(errors=stale.errors)
        raise ImportNotClean from stale


@transaction.atomic
def _import(*, batch: ImportBatch, user, base_url: str) -> list[Enterprise]:
    claimed = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=ImportBatch.Status.IMPORTED, imported_at=timezone.now()
    )
    if not claimed or not batch.is_clean:
        raise ImportNotClean
    industries = dict(Industry.objects.values_list("pk", "code"))
    _rows, errors = _check_rows(
        [
            {
                "line": r["line"],
                "name": r["name"],
                "credit_code": r["credit_code"],
                "industry": industries[r["industry_id"]],
                "size": r["size_class"],
                "email": r["email"],
            }
            for r in batch.rows
        ]
    )
    if errors:
        raise _NoLongerClean(errors)
    park = Park.objects.select_related("city").get(pk=batch.park_id)
    try:
        with transaction.atomic():
            enterprises = Enterprise.objects.bulk_create(
                Enterprise(
                    name=r["name"],
                    credit_code=r["credit_code"],
                    industry_id=r["industry_id"],
                    size_class=r["size_class"],
                    province_id=park.city.province_id,
                    city_id=park.city_id,
                    park=park,
                    contact_email=r["email"],
                )
                for r in batch.rows
            )
    except IntegrityError as error:  # registered concurrently, after the check above
        raise ImportNotClean from error
    if any(e.pk is None for e in enterprises):  # a backend that returns no ids
        enterprises = list(
            Enterprise.objects.filter(credit_code__in=[r["credit_code"] for r in batch.rows])
        )
    invitations = ParkInvitation.objects.bulk_create(
        ParkInvitation(park=park, enterprise=e, email=e.contact_email, created_by=user)
        for e in enterprises
    )
    invitations_send(invitations=invitations, base_url=base_url)
    return enterprises
