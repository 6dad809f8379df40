from django.contrib import admin

from .models import Evidence


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["assessment", "question_code", "original_name", "kind", "size", "uploaded_at"]
    list_filter = ["kind"]
    search_fields = ["assessment__enterprise__name", "question_code", "original_name", "sha256"]
    list_select_related = ["assessment__enterprise", "assessment__round"]
    # The file itself only through the access-checked download view.
    exclude = ["file"]
    readonly_fields = [
        "assessment",
        "question_code",
        "original_name",
        "kind",
        "content_type",
        "size",
        "sha256",
        "uploaded_by",
        "uploaded_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
