"""What a token may reach: its park, or its province and every park and enterprise in it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from cohorts.filters import Scope
from enterprises.models import Enterprise
from reference.models import Park, Province

from .models import ApiToken


def token_scope(*, token: ApiToken) -> Scope:
    return Scope(park=token.park, province=token.province)


def scope_for_token(*, token: ApiToken, kind: str, pk: int) -> Scope | None:
    """The park or province `pk` if the token reaches it (a province's token reaches each
    park of the province), else None."""
    if kind == "park":
        park = Park.objects.select_related("city__province").filter(pk=pk).first()
        if park is None:
            return None
        if token.park_id == park.pk or (
            token.park_id is None and token.province_id == park.city.province_id
        ):
            return Scope(park=park, province=park.city.province)
        return None
    if kind == "province" and token.park_id is None and token.province_id == pk:
        return Scope(park=None, province=Province.objects.get(pk=pk))
    return None


def scope_or_404(request, kind: str, pk: int) -> Scope:
    """The scope of the URL if the caller's token reaches it; 404 otherwise (whether it
    exists is not told)."""
    scope = scope_for_token(token=request.auth, kind=kind, pk=pk)
    if scope is None:
        raise NotFound
    return scope


def enterprise_or_404(request, pk: int) -> Enterprise:
    enterprise = (
        Enterprise.objects.filter(token_scope(token=request.auth).q(), pk=pk)
        .select_related("industry")
        .first()
    )
    if enterprise is None:
        raise NotFound
    return enterprise


class CanRead(BasePermission):
    message = _("该令牌没有读取数据的权限。")

    def has_permission(self, request, view):
        return request.auth is not None and request.auth.can_read


class CanImport(BasePermission):
    message = _("该令牌没有导入企业名单的权限。")

    def has_permission(self, request, view):
        return request.auth is not None and request.auth.can_import
