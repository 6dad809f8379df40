"""Writes about enterprises: registration, profile, joining a park, colleague invitations."""

import secrets

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.tasks import send_email
from reference.models import Park

from .credit_code import normalise
from .models import Enterprise, Invitation, Membership, ParkJoinRequest


class AlreadyMember(Exception):
    """The user already fills the questionnaire for an enterprise."""


@transaction.atomic
def enterprise_register(
    *, user, enterprise: Enterprise, requested_park: Park | None = None
) -> Enterprise:
    """Save a new enterprise (validated by its form) with `user` as its owner; a park
    chosen without its invitation code becomes a request the park decides."""
    enterprise.save()
    try:
        with transaction.atomic():
            Membership.objects.create(enterprise=enterprise, user=user, role=Membership.Role.OWNER)
    except IntegrityError as error:
        raise AlreadyMember from error
    park_join_request_update(enterprise=enterprise, park=requested_park, user=user)
    return enterprise


@transaction.atomic
def enterprise_update(
    *, user, enterprise: Enterprise, requested_park: Park | None = None
) -> Enterprise:
    """Save the owner's changes to the profile, and the park it asks to join (if any)."""
    enterprise.save()
    park_join_request_update(enterprise=enterprise, park=requested_park, user=user)
    return enterprise


def park_join_request_update(
    *, enterprise: Enterprise, park: Park | None, user
) -> ParkJoinRequest | None:
    """The enterprise's pending request to join `park`: kept when it already asked for
    that park, otherwise any other pending request is withdrawn (None: it asks for none)."""
    pending = ParkJoinRequest.objects.filter(
        enterprise=enterprise, decision=ParkJoinRequest.Decision.PENDING
    )
    if park is not None and enterprise.park_id != park.pk:
        current = pending.filter(park=park).first()
        if current:
            return current
    pending.update(
        decision=ParkJoinRequest.Decision.WITHDRAWN, decided_by=user, decided_at=timezone.now()
    )
    if park is None or enterprise.park_id == park.pk:
        return None
    return ParkJoinRequest.objects.create(enterprise=enterprise, park=park, requested_by=user)


@transaction.atomic
def park_join_request_decide(*, join_request: ParkJoinRequest, user, approve: bool) -> bool:
    """Approve (the enterprise joins the park, in its city and province) or refuse a
    pending request, recording who decided and when. The conditional UPDATE decides once:
    False when the request was no longer pending."""
    decision = ParkJoinRequest.Decision.APPROVED if approve else ParkJoinRequest.Decision.REFUSED
    decided = ParkJoinRequest.objects.filter(
        pk=join_request.pk, decision=ParkJoinRequest.Decision.PENDING
    ).update(decision=decision, decided_by=user, decided_at=timezone.now())
    if decided and approve:
        park = Park.objects.select_related("city").get(pk=join_request.park_id)
        Enterprise.objects.filter(pk=join_request.enterprise_id).update(
            park=park, city_id=park.city_id, province_id=park.city.province_id
        )
    return bool(decided)


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
