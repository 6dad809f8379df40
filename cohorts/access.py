"""Who administers which cohort: a park administrator their park, a provincial
administrator their province and every park in it."""

from django.db.models import Q
from django.http import Http404

from accounts.models import AdminRole
from reference.models import Park, Province

from .filters import Scope


def admin_scopes(*, user) -> list[Scope]:
    """The parks and provinces `user` administers (empty for anyone else)."""
    if not user.is_authenticated:
        return []
    scopes = []
    for role in AdminRole.objects.filter(user=user).select_related(
        "park__city__province", "province"
    ):
        if role.kind == AdminRole.Kind.PARK and role.park:
            scopes.append(Scope(park=role.park, province=role.park.city.province))
        elif role.province:
            scopes.append(Scope(park=None, province=role.province))
    return scopes


def scope_for(*, user, kind: str, pk: int) -> Scope | None:
    """The park or province `pk` if `user` administers it (a provincial administrator also
    administers every park of the province), else None."""
    if not user.is_authenticated:
        return None
    roles = AdminRole.objects.filter(user=user)
    if kind == "park":
        park = Park.objects.select_related("city__province").filter(pk=pk).first()
        if park is None:
            return None
        allowed = roles.filter(
            Q(kind=AdminRole.Kind.PARK, park=park)
            | Q(kind=AdminRole.Kind.PROVINCE, province_id=park.city.province_id)
        ).exists()
        return Scope(park=park, province=park.city.province) if allowed else None
    if kind == "province":
        province = Province.objects.filter(pk=pk).first()
        if province and roles.filter(kind=AdminRole.Kind.PROVINCE, province=province).exists():
            return Scope(park=None, province=province)
    return None


def scope_or_404(request, kind: str, pk: int) -> Scope:
    """The park or province of the URL if the user administers it; a 404 otherwise."""
    scope = scope_for(user=request.user, kind=kind, pk=pk)
    if scope is None:
        raise Http404
    return scope


def park_scope_or_404(request, pk: int) -> Scope:
    return scope_or_404(request, "park", pk)
