from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "assessment",
        "status",
        "attempts",
        "methodology_version",
        "queued_at",
        "finished_at",
        "html_seconds",
        "pdf_seconds",
    ]
    list_filter = ["status", "assessment__round"]
    search_fields = ["assessment__enterprise__name"]
    list_select_related = ["assessment__enterprise", "assessment__round"]
    readonly_fields = [
        "assessment",
        "status",
        "attempts",
        "error",
        "queued_at",
        "started_at",
        "finished_at",
        "html_seconds",
        "pdf_seconds",
        "methodology_version",
        "pdf",
        "pdf_error",
    ]
    exclude = ["content"]

    def has_add_permission(self, request):
        return False
