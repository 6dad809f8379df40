from django.contrib import admin

from .models import CohortJob


@admin.register(CohortJob)
class CohortJobAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "status",
        "province",
        "park",
        "rows",
        "attempts",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status"]
    readonly_fields = [
        "filters",
        "created_at",
        "queued_at",
        "started_at",
        "finished_at",
        "attempts",
        "claim",
        "parts_total",
        "parts_done",
        "rows",
        "error",
        "file",
    ]
