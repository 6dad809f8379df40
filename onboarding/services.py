"""Writes of a park's onboarding: inviting its enterprises' contacts, claims of an enterprise
registered by someone else, and reminders to the enterprises that have not finished a round
(importing the enterprises from a spreadsheet is onboarding/imports.py)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.models import Round
from cohorts.filters import Scope
from core.tasks import send_email
from enterprises.models import Enterprise, Invitation, Membership

from .models import EnterpriseClaim, ParkInvitation
from .selectors import reminder_recipients


class InvitationUsed(Exception):
    pass


class ClaimNotPossible(Exception):
    """The claimant belongs to an enterprise already (or the claim was decided)."""


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
