"""Writes of a park's onboarding: importing its enterprises from a spreadsheet, inviting
their contacts, and reminding the enterprises that have not finished a round."""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Round
from cohorts.filters import Scope
from core.tasks import send_email
from enterprises.credit_code import normalise, problem
from enterprises.models import Enterprise, Invitation, Membership, SizeClass
from enterprises.validators import MESSAGES as CREDIT_CODE_MESSAGES
from reference.models import Industry, Park

from .models import EnterpriseClaim, ImportBatch, ParkInvitation
from .selectors import reminder_recipients
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


class InvitationUsed(Exception):
    pass


class ClaimNotPossible(Exception):
    """The claimant belongs to an enterprise already (or the claim was decided)."""


# --- imports --------------------------------------------------------------------------------


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


# --- invitations and reminders ---------------------------------------------------------------


def invitation_link(*, invitation: ParkInvitation, base_url: str) -> str:
    return base_url + reverse("onboarding:accept", args=[invitation.token])


def invitations_send(*, invitations, base_url: str) -> int:
    """E-mail each invitation its link, in the background once the transaction commits."""
    sent = 0
    for invitation in invitations:
        body = _(
            "%(park)s 邀请 %(enterprise)s 参加制造业数字化转型成熟度自评。\n\n"
            "打开下面的链接注册账号，即可开始填写问卷（可分多次填写，随时保存）：\n%(link)s"
        ) % {
            "park": invitation.park.name,
            "enterprise": invitation.enterprise.name,
            "link": invitation_link(invitation=invitation, base_url=base_url),
        }
        send_email.delay_on_commit(
            subject=_("邀请参加数字化转型成熟度自评"), body=body, to=[invitation.email]
        )
        sent += 1
    ParkInvitation.objects.filter(pk__in=[i.pk for i in invitations]).update(sent_at=timezone.now())
    return sent


@transaction.atomic
def invitation_sign_up(*, invitation: ParkInvitation, username: str, password: str, email: str):
    """Create the user, make them the owner of the invited enterprise and use up the
    invitation (a conditional UPDATE: of two racing sign-ups only the first wins)."""
    claimed = ParkInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )
    if not claimed or Membership.objects.filter(enterprise_id=invitation.enterprise_id).exists():
        raise InvitationUsed
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    Membership.objects.create(
        enterprise_id=invitation.enterprise_id, user=user, role=Membership.Role.OWNER
    )
    ParkInvitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    return user


@transaction.atomic
def invitation_accept_signed_in(*, invitation: ParkInvitation, user) -> Membership:
    """A signed-in user without an enterprise accepts the park's invitation and becomes
    the owner of the invited enterprise (the same claim as `invitation_sign_up`)."""
    claimed = ParkInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if not claimed or Membership.objects.filter(enterprise_id=invitation.enterprise_id).exists():
        raise InvitationUsed
    try:
        with transaction.atomic():
            return Membership.objects.create(
                enterprise_id=invitation.enterprise_id, user=user, role=Membership.Role.OWNER
            )
    except IntegrityError as error:
        raise InvitationUsed from error


# --- claims of an enterprise registered by someone else -------------------------------------


def park_invitation_resend(*, enterprise: Enterprise, base_url: str) -> ParkInvitation | None:
    """A new invitation from the park that imported `enterprise`, e-mailed to the contact
    the park has on file (never to whoever asks); None when the park holds no contact."""
    earlier = enterprise.park_invitations.select_related("park").first()
    email = (earlier.email if earlier else "") or enterprise.contact_email
    if earlier is None or not email:
        return None
    ParkInvitation.objects.filter(enterprise=enterprise, accepted_at__isnull=True).update(
        accepted_at=timezone.now()
    )  # only the newest link works
    invitation = ParkInvitation.objects.create(
        park=earlier.park, enterprise=enterprise, email=email, created_by=None
    )
    invitations_send(invitations=[invitation], base_url=base_url)
    return invitation


def enterprise_claim_open(*, enterprise: Enterprise, user, note: str) -> EnterpriseClaim:
    """Record `user`'s claim to own `enterprise` for its park's (or province's)
    administrator to decide; a second claim while one is pending returns the first."""
    if Membership.objects.filter(user=user).exists():
        raise ClaimNotPossible
    claim, _created = EnterpriseClaim.objects.get_or_create(
        enterprise=enterprise,
        claimant=user,
        decision=EnterpriseClaim.Decision.PENDING,
        defaults={"note": note},
    )
    return claim


@transaction.atomic
def enterprise_claim_decide(*, claim: EnterpriseClaim, user, approve: bool) -> bool:
    """Refuse, or approve: the enterprise's memberships end (recorded on the claim), its
    open colleague invitations are withdrawn and the claimant becomes its owner. Decided
    once (a conditional UPDATE); ClaimNotPossible when the claimant has joined another
    enterprise meanwhile (nothing changes)."""
    decision = EnterpriseClaim.Decision.APPROVED if approve else EnterpriseClaim.Decision.REFUSED
    decided = EnterpriseClaim.objects.filter(
        pk=claim.pk, decision=EnterpriseClaim.Decision.PENDING
    ).update(decision=decision, decided_by=user, decided_at=timezone.now())
    if not decided or not approve:
        return bool(decided)
    if Membership.objects.filter(user_id=claim.claimant_id).exists():
        raise ClaimNotPossible
    members = Membership.objects.filter(enterprise_id=claim.enterprise_id).select_related("user")
    ended = [
        {
            "user": m.user_id,
            "username": m.user.get_username(),
            "role": m.role,
            "joined_at": m.joined_at.isoformat(),
        }
        for m in members
    ]
    members.delete()
    Invitation.objects.filter(enterprise_id=claim.enterprise_id, accepted_at__isnull=True).delete()
    ParkInvitation.objects.filter(
        enterprise_id=claim.enterprise_id, accepted_at__isnull=True
    ).update(accepted_at=timezone.now())
    Membership.objects.create(
        enterprise_id=claim.enterprise_id, user_id=claim.claimant_id, role=Membership.Role.OWNER
    )
    EnterpriseClaim.objects.filter(pk=claim.pk).update(ended_memberships=ended)
    return True


def reminders_send(*, scope: Scope, round: Round, base_url: str) -> dict:
    """Remind every enterprise of the scope that has not started, or not submitted, in
    `round`; the e-mails go out in the background. Returns counts."""
    counts = {"not_started": 0, "not_submitted": 0}
    link = base_url + reverse("home")
    for _pk, email, started in reminder_recipients(scope=scope, round=round):
        if started:
            body = _(
                "贵企业在 %(round)s 的数字化转型成熟度自评问卷尚未提交，截止日期 %(closes)s。"
                "请登录后继续填写并提交：\n%(link)s"
            )
            counts["not_submitted"] += 1
        else:
            body = _(
                "%(round)s 的数字化转型成熟度自评已经开始，截止日期 %(closes)s，"
                "贵企业尚未开始填写。请登录后开始：\n%(link)s"
            )
            counts["not_started"] += 1
        send_email.delay_on_commit(
            subject=_("提醒：请完成数字化转型成熟度自评"),
            body=body % {"round": round.name, "closes": round.closes_on, "link": link},
            to=[email],
        )
    return counts
