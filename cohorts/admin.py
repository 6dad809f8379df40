from django.contrib import admin

from .models import CohortJob


@admin.register(CohortJob)
class CohortJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "status", "province", "park", "rows", "created_by", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = ["filters", "created_at", "finished_at", "rows", "error", "file"]
