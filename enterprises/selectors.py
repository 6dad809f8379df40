"""Reads about enterprises and their members."""

from reference.models import City, Park, Province

from .models import Enterprise, Invitation, Membership, ParkJoinRequest


def enterprise_of(*, user) -> Enterprise | None:
    """The enterprise `user` fills the questionnaire for, or None."""
    if not user.is_authenticated:
        return None
    return (
        Enterprise.objects.select_related("province", "city", "park", "industry")
        .filter(memberships__user=user)
        .first()
    )


def is_owner(*, user, enterprise: Enterprise) -> bool:
    """Whether `user` is the enterprise's 负责人: only the owner changes its profile (its
    credit code, size and park decide which statistics it counts in)."""
    return enterprise.memberships.filter(user=user, role=Membership.Role.OWNER).exists()


def park_join_request_pending(*, enterprise: Enterprise) -> ParkJoinRequest | None:
    """The enterprise's request to join a park that awaits the park's decision, if any."""
    return (
        ParkJoinRequest.objects.select_related("park")
        .filter(enterprise=enterprise, decision=ParkJoinRequest.Decision.PENDING)
        .first()
    )


def invitation_open(*, code: str) -> Invitation | None:
    """The invitation with this code if it can still be used, else None."""
    invitation = Invitation.objects.select_related("enterprise").filter(code=code.strip()).first()
    return invitation if invitation and invitation.is_usable else None


def region_choices() -> dict[str, list]:
    """Choices for the province, city and park selects: cities grouped by province and
    parks grouped by city (so the page works without JavaScript), and for each city or
    park the id of its parent (for the small script that narrows the lists)."""
    provinces = list(Province.objects.all())
    cities = list(City.objects.select_related("province"))
    parks = list(Park.objects.select_related("city"))
    return {
        "provinces": [("", "—")] + [(p.pk, p.name) for p in provinces],
        "cities": [("", "—")]
        + [(p.name, [(c.pk, c.name) for c in cities if c.province_id == p.pk]) for p in provinces],
        "parks": [("", "—")]
        + [
            (c.name, [(k.pk, k.name) for k in parks if k.city_id == c.pk])
            for c in cities
            if any(k.city_id == c.pk for k in parks)
        ],
        "city_parent": {str(c.pk): str(c.province_id) for c in cities},
        "park_parent": {str(k.pk): str(k.city_id) for k in parks},
    }
