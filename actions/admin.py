from django.contrib import admin

from .models import Action, ActionEvent


class ActionEventInline(admin.TabularInline):
    model = ActionEvent
    extra = 0
    readonly_fields = ("at", "by", "kind", "changes", "comment")
    can_delete = False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ("title", "enterprise", "dimension_code", "status", "owner", "due_on")
    list_filter = ("status", "dimension_code")
    search_fields = ("title", "enterprise__name", "step_code")
    raw_id_fields = ("enterprise", "assessment", "owner", "created_by")
    inlines = [ActionEventInline]
