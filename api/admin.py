"""Staff issue and revoke the interface's tokens here, and read the call log."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .models import ApiCall, ApiToken
from .services import token_key_assign, token_revoke


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name", "province", "park", "can_read", "can_import"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "province" in self.fields:
            self.fields["province"].required = False

    def clean(self):
        data = super().clean()
        park, province = data.get("park"), data.get("province")
        if park and province and park.city.province_id != province.pk:
            raise forms.ValidationError(_("园区不在所选省份。"))
        if park:
            data["province"] = park.city.province
        elif not province and "province" in self.fields:
            raise forms.ValidationError(_("请选择省份或园区。"))
        return data


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = [
        "name",
        "prefix",
        "province",
        "park",
        "can_read",
        "can_import",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["province", "can_import", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["prefix", "created_by", "created_at", "last_used_at", "revoked_at"]
        # A token's scope and rights are those it was issued with: issue another instead.
        return fixed if obj is None else [*fixed, "province", "park", "can_read", "can_import"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        request.api_token_key = token_key_assign(token=obj)
        obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        """The new token, shown on this one page and never again (not stored, not put
        in a message that would travel in a cookie)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "token": obj,
            "key": request.api_token_key,
            "title": _("新令牌"),
        }
        response = TemplateResponse(request, "api/admin/token_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("吊销所选令牌"))
    def revoke(self, request, queryset):
        revoked = sum(token_revoke(token=token) for token in queryset)
        messages.success(request, _("已吊销 %(n)s 个令牌。") % {"n": revoked})


@admin.register(ApiCall)
class ApiCallAdmin(admin.ModelAdmin):
    list_display = ["at", "token", "province", "park", "method", "path", "status", "client_address"]
    list_filter = ["status", "method", "province"]
    search_fields = ["path", "token__name", "client_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
