"""Writes of the provider pools: the catalogue, its spreadsheet import, the enterprises'
requests for contact (with what they agreed to share) and their ratings."""

from django.db import transaction
from django.utils.translation import gettext as _

from assessment.models import Answer, Assessment
from enterprises.credit_code import normalise, problem
from enterprises.models import SizeClass

from .models import ContactRequest, PriceBand, Provider, ProviderImport, Rating, Share, Solution


class AlreadyRated(Exception):
    """The request has a rating already: an enterprise rates once per request."""


class NotRatable(Exception):
    """The work has not been arranged yet: there is nothing to rate."""


class ImportNotClean(Exception):
    """The batch has errors or was imported already."""


def provider_create(*, form, park, province) -> Provider:
    """Save a validated provider form into the pool of `park` (or `province`)."""
    provider = form.save(commit=False)
    provider.park, provider.province = (park, None) if park else (None, province)
    provider.save()
    form.save_m2m()
    return provider


def solution_create(*, form, provider: Provider) -> Solution:
    solution = form.save(commit=False)
    solution.provider = provider
    solution.save()
    return solution


def _latest_submitted(enterprise) -> Assessment | None:
    return (
        Assessment.objects.filter(enterprise=enterprise, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )


def shared_snapshot(*, enterprise, solution: Solution, shares: list[str], user) -> dict:
    """What the enterprise agreed to share, copied now: only the ticked parts."""
    shared: dict = {}
    if Share.CONTACT in shares:
        shared["contact"] = {
            "name": enterprise.name,
            "email": enterprise.contact_email or user.email,
            "person": user.get_full_name() or user.get_username(),
        }
    wanted = {Share.SCORES, Share.ANSWERS} & set(shares)
    assessment = _latest_submitted(enterprise) if wanted else None
    if assessment is not None and Share.SCORES in shares:
        shared["scores"] = {
            "round": assessment.round.name,
            "overall": assessment.overall_score,
            "level": assessment.level,
            "dimensions": dict(sorted(assessment.scores.items())),
        }
    if assessment is not None and Share.ANSWERS in shares:
        answers = Answer.objects.filter(
            assessment=assessment, question__dimension__code__in=solution.dimension_codes
        ).select_related("question__dimension")
        shared["answers"] = [
            {
                "dimension": a.question.dimension.code,
                "question": a.question.text_zh,
                "value": a.value,
            }
            for a in answers.order_by("question__dimension__order", "question__order")
        ]
    return shared


def contact_request_create(
    *, enterprise, solution: Solution, user, shares: list[str], message: str = ""
) -> ContactRequest:
    """An enterprise's request for contact, handled by its park (or its province)."""
    shares = [s for s in Share.values if s in shares]
    return ContactRequest.objects.create(
        enterprise=enterprise,
        solution=solution,
        park_id=enterprise.park_id,
        province_id=enterprise.province_id,
        requested_by=user,
        message=message,
        shares=shares,
        shared=shared_snapshot(enterprise=enterprise, solution=solution, shares=shares, user=user),
    )


def contact_request_update(*, request: ContactRequest, status: str, notes: str) -> ContactRequest:
    request.status = status
    request.notes = notes
    request.save(update_fields=["status", "notes", "updated_at"])
    return request


def rating_create(*, request: ContactRequest, score: int, comment: str = "") -> Rating:
    """The enterprise's rating of the provider after the work (arranged or closed), once."""
    if request.status == ContactRequest.Status.NEW:
        raise NotRatable
    with transaction.atomic():
        if Rating.objects.select_for_update().filter(request=request).exists():
            raise AlreadyRated
        return Rating.objects.create(
            request=request, provider=request.solution.provider, score=score, comment=comment
        )


# The columns of a provider spreadsheet, one row per solution (rows of the same credit
# code are one provider): the header's accepted spellings.
IMPORT_COLUMNS = {
    "name": ("服务商名称", "服务商", "provider"),
    "credit_code": ("统一社会信用代码", "credit_code", "信用代码"),
    "contact_name": ("联系人", "contact"),
    "contact_phone": ("联系电话", "phone"),
    "contact_email": ("联系邮箱", "email"),
    "tier": ("等级", "tier"),
    "title": ("解决方案", "solution"),
    "description": ("内容", "description"),
    "dimensions": ("维度", "dimensions"),
    "indicators": ("指标", "indicators"),
    "sizes": ("规模", "sizes"),
    "price_band": ("价格区间", "price"),
    "quick_light": ("小快轻准", "quick_light"),
}
REQUIRED_COLUMNS = ("name", "credit_code", "title")
SEPARATORS = str.maketrans({"、": ",", "，": ",", ";": ",", "；": ",", " ": ","})
YES = {"是", "y", "yes", "1", "true", "√"}


def _codes(text: str) -> list[str]:
    return [part for part in text.translate(SEPARATORS).split(",") if part]


def _choice(text: str, choices) -> str | None:
    for value, label in choices:
        if text.strip().lower() in (value, str(label)):
            return value
    return None


def import_row_check(cell: dict, dimension_codes: set[str]) -> tuple[dict, list[str]]:
    """A spreadsheet row made a typed row, and the problems found in it (words)."""
    problems = []
    code = normalise(cell.get("credit_code", ""))
    if problem(code):
        problems.append(str(_("统一社会信用代码无效")))
    if not cell.get("name"):
        problems.append(str(_("缺少服务商名称")))
    if not cell.get("title"):
        problems.append(str(_("缺少解决方案")))
    dimensions = [d.upper() for d in _codes(cell.get("dimensions", ""))]
    unknown = [d for d in dimensions if d not in dimension_codes]
    if unknown:
        problems.append(str(_("未知的维度代码：%(codes)s") % {"codes": "、".join(unknown)}))
    sizes = []
    for text in _codes(cell.get("sizes", "")):
        size = _choice(text, SizeClass.choices)
        if size is None:
            problems.append(str(_("无法识别的企业规模：%(size)s") % {"size": text}))
        else:
            sizes.append(size)
    price = _choice(cell.get("price_band", "") or PriceBand.LOW, PriceBand.choices)
    if price is None:
        problems.append(str(_("无法识别的价格区间")))
    row = {
        "line": cell.get("line"),
        "name": cell.get("name", ""),
        "credit_code": code,
        "contact_name": cell.get("contact_name", ""),
        "contact_phone": cell.get("contact_phone", ""),
        "contact_email": cell.get("contact_email", ""),
        "tier": cell.get("tier", ""),
        "title": cell.get("title", ""),
        "description": cell.get("description", ""),
        "dimension_codes": dimensions,
        "indicator_codes": _codes(cell.get("indicators", "")),
        "size_classes": sizes,
        "price_band": price,
        "quick_light": cell.get("quick_light", "").strip().lower() in YES,
    }
    return row, problems


def provider_import_preview(
    *, park, province, user, filename: str, cells: list[dict], dimension_codes: set[str]
) -> ProviderImport:
    """A batch of checked rows with their errors, to preview before it is imported."""
    rows, errors = [], []
    for cell in cells:
        row, problems = import_row_check(cell, dimension_codes)
        rows.append(row)
        errors.extend({"line": row["line"], "message": p} for p in problems)
    return ProviderImport.objects.create(
        park=park,
        province=None if park else province,
        created_by=user,
        filename=filename[:200],
        rows=rows,
        errors=errors,
    )


def provider_import_unreadable(*, park, province, user, filename: str, why: str):
    return ProviderImport.objects.create(
        park=park,
        province=None if park else province,
        created_by=user,
        filename=filename[:200],
        errors=[{"line": None, "message": why}],
    )


def provider_import_confirm(*, batch: ProviderImport) -> int:
    """Import a clean batch whole (claimed by a conditional update, so a second confirm
    imports nothing); returns the number of solutions created."""
    with transaction.atomic():
        if batch.errors or not batch.rows:
            raise ImportNotClean
        claimed = ProviderImport.objects.filter(
            pk=batch.pk, status=ProviderImport.Status.PREVIEW
        ).update(status=ProviderImport.Status.IMPORTED)
        if not claimed:
            raise ImportNotClean
        owner = {"park": batch.park, "province": None if batch.park else batch.province}
        for row in batch.rows:
            provider, _new = Provider.objects.get_or_create(
                credit_code=row["credit_code"],
                **owner,
                defaults={
                    "name": row["name"],
                    "contact_name": row["contact_name"],
                    "contact_phone": row["contact_phone"],
                    "contact_email": row["contact_email"],
                    "tier": row["tier"],
                },
            )
            Solution.objects.create(
                provider=provider,
                title=row["title"],
                description=row["description"],
                dimension_codes=row["dimension_codes"],
                indicator_codes=row["indicator_codes"],
                size_classes=row["size_classes"],
                price_band=row["price_band"],
                quick_light=row["quick_light"],
            )
    return len(batch.rows)
