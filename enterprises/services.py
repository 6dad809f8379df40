"""Writes about enterprises: registration, profile, colleague invitations."""

import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import send_email

from .credit_code import normalise
from .models import Enterprise, Invitation, Membership


class AlreadyMember(Exception):
    """The user already fills the questionnaire for an enterprise."""


@transaction.atomic
def enterprise_register(*, user, enterprise: Enterprise) -> Enterprise:
    """Save a new enterprise (validated by its form) with `user` as its owner."""
    enterprise.save()
    try:
        with transaction.atomic():
            Membership.objects.create(enterprise=enterprise, user=user, role=Membership.Role.OWNER)
    except IntegrityError as error:
        raise AlreadyMember from error
    return enterprise


def invitation_create(
    *, enterprise: Enterprise, user, email: str = "", base_url: str = ""
) -> Invitation:
    """A new one-time invitation; e-mailed to `email` (after commit) when one is given."""
    invitation = Invitation.objects.create(
        enterprise=enterprise, code=secrets.token_urlsafe(9), email=email, created_by=user
    )
    if email:
        link = base_url + reverse("enterprises:join", args=[invitation.code])
        body = _(
            "%(user)s 邀请您一起填写 %(enterprise)s 的数字化转型成熟度自评问卷。\n\n"
            "打开下面的链接，注册或登录后即可加入（%(days)s 天内有效）：\n%(link)s\n\n"
            "也可以在“加入企业”页面输入邀请码：%(code)s"
        ) % {
            "user": user.get_username(),
            "enterprise": enterprise.name,
            "days": Invitation.VALID_DAYS,
            "link": link,
            "code": invitation.code,
        }
        send_email.delay_on_commit(
            subject=_("邀请您加入 %(enterprise)s") % {"enterprise": enterprise.name},
            body=body,
            to=[email],
        )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make `user` a colleague in the invitation's enterprise; the code is used up.

    The conditional UPDATE claims the invitation: of two users racing for one code, only
    the first joins."""
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_by=user, accepted_at=timezone.now()
    )
    if not claimed:
        raise Invitation.DoesNotExist
    try:
        with transaction.atomic():
            return Membership.objects.create(
                enterprise=invitation.enterprise, user=user, role=Membership.Role.COLLEAGUE
            )
    except IntegrityError as error:
        raise AlreadyMember from error


@transaction.atomic
def membership_by_credit_code(*, user, credit_code: str) -> Membership | None:
    """Attach `user` to the enterprise whose 统一社会信用代码 a single sign-on provider
    vouched for: its first member becomes the owner, later ones colleagues (the role is
    stored). None when no enterprise has the code (the caller offers registration); the
    user's own membership, unchanged, when they already belong to an enterprise."""
    current = Membership.objects.select_related("enterprise").filter(user=user).first()
    if current is not None:
        return current
    enterprise = (
        Enterprise.objects.select_for_update().filter(credit_code=normalise(credit_code)).first()
    )
    if enterprise is None:
        return None
    role = Membership.Role.COLLEAGUE if enterprise.memberships.exists() else Membership.Role.OWNER
    try:
        with transaction.atomic():
            return Membership.objects.create(enterprise=enterprise, user=user, role=role)
    except IntegrityError:  # joined elsewhere meanwhile
        return Membership.objects.select_related("enterprise").get(user=user)
