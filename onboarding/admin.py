from django.contrib import admin

from .models import ImportBatch, ParkInvitation


@admin.register(ParkInvitation)
class ParkInvitationAdmin(admin.ModelAdmin):
    list_display = ["park", "enterprise", "email", "created_at", "sent_at", "accepted_at"]
    list_filter = ["park"]
    search_fields = ["enterprise__name", "email"]
    raw_id_fields = ["enterprise", "created_by", "accepted_by"]
    readonly_fields = ["token", "created_at", "sent_at", "accepted_at"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["park", "filename", "status", "created_by", "created_at", "imported_at"]
    list_filter = ["status", "park"]
    readonly_fields = ["rows", "errors", "created_at", "imported_at"]
