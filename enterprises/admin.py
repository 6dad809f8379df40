from django.contrib import admin

from .models import Enterprise, Invitation, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "credit_code", "industry", "size_class", "province", "park"]
    list_select_related = ["industry", "province", "park"]
    list_filter = ["size_class", "above_designated_size", "province"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["industry", "province", "city", "park"]
    inlines = [MembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "code", "email", "created_at", "accepted_by", "accepted_at"]
    search_fields = ["enterprise__name", "email", "code"]
    raw_id_fields = ["enterprise", "created_by", "accepted_by"]
    readonly_fields = ["code", "created_at", "accepted_at"]
