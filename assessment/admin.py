from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import (
    Assessment,
    Choice,
    Dimension,
    Indicator,
    Question,
    Questionnaire,
    Round,
    Rule,
    Target,
)


class PublishedIsReadOnly:
    """A published questionnaire version, and everything in it, cannot be changed here:
    publish a new version (load_questionnaire with a new version number) instead."""

    def _questionnaire(self, obj):
        if obj is None:
            return None
        if isinstance(obj, Questionnaire):
            return obj
        if isinstance(obj, Dimension | Rule | Indicator):
            return obj.questionnaire
        if isinstance(obj, Question):
            return obj.dimension.questionnaire
        if isinstance(obj, Choice):
            return obj.question.dimension.questionnaire
        return None

    def has_change_permission(self, request, obj=None):
        questionnaire = self._questionnaire(obj)
        if questionnaire is not None and questionnaire.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        questionnaire = self._questionnaire(obj)
        if questionnaire is not None and questionnaire.is_published:
            return False
        return super().has_delete_permission(request, obj)


class DimensionInline(PublishedIsReadOnly, admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["order", "code", "name_zh", "name_en", "weight"]


@admin.register(Questionnaire)
class QuestionnaireAdmin(PublishedIsReadOnly, admin.ModelAdmin):
    list_display = ["code", "version", "status", "published_on"]
    list_filter = ["status"]
    inlines = [DimensionInline]
    readonly_fields = ["fingerprint"]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_published:
            messages.info(
                request,
                _("该版本已发布，只能查看。修改请发布新版本：已提交的评估保留其所答版本。"),
            )
        return super().change_view(request, object_id, form_url, extra_context)


class ChoiceInline(PublishedIsReadOnly, admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(PublishedIsReadOnly, admin.ModelAdmin):
    list_display = ["code", "dimension", "kind", "required", "weight", "source"]
    list_filter = ["dimension__questionnaire", "kind", "dimension__code"]
    search_fields = ["code", "text_zh", "text_en"]
    inlines = [ChoiceInline]


@admin.register(Indicator)
class IndicatorAdmin(PublishedIsReadOnly, admin.ModelAdmin):
    list_display = ["code", "questionnaire", "method", "question", "source"]
    list_filter = ["questionnaire"]


@admin.register(Rule)
class RuleAdmin(PublishedIsReadOnly, admin.ModelAdmin):
    list_display = ["code", "questionnaire", "left", "right"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "questionnaire", "opens_on", "closes_on"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "province", "name_zh", "comparison", "value", "unit_zh", "year", "kind"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name_zh", "name_en", "indicator_code"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "round", "status", "overall_score", "level", "submitted_at"]
    list_filter = ["round", "status", "province"]
    search_fields = ["enterprise__name", "enterprise__credit_code"]
    raw_id_fields = ["enterprise", "submitted_by"]
    readonly_fields = ["overall_score", "level", "submitted_at", "submitted_by"]
