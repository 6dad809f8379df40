from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AdminRole, User


class AdminRoleInline(admin.TabularInline):
    model = AdminRole
    extra = 0
    autocomplete_fields = ["park", "province"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [AdminRoleInline]
    fieldsets = (*BaseUserAdmin.fieldsets, ("联系方式 / Contact", {"fields": ("phone",)}))


@admin.register(AdminRole)
class AdminRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "park", "province"]
    list_filter = ["kind"]
    autocomplete_fields = ["user", "park", "province"]
