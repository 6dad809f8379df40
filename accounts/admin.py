from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AdminRole, ExternalIdentity, LoginEvent, User


class AdminRoleInline(admin.TabularInline):
    model = AdminRole
    extra = 0
    autocomplete_fields = ["park", "province"]


class ExternalIdentityInline(admin.TabularInline):
    """Single sign-on links, made by signing in: shown, and removable (unlinks)."""

    model = ExternalIdentity
    extra = 0
    fields = readonly_fields = ["issuer", "subject", "created_at", "last_login_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [AdminRoleInline, ExternalIdentityInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("联系方式 / Contact", {"fields": ("phone",)}))


@admin.register(AdminRole)
class AdminRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "park", "province"]
    list_filter = ["kind"]
    autocomplete_fields = ["user", "park", "province"]


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """Read-only: the login history is written by the application alone."""

    list_display = ["at", "username", "kind", "ip_address", "user_agent"]
    list_filter = ["kind"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
