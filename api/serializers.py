"""The shapes the data interface answers with (and documents in its OpenAPI schema)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class WithheldSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=["cohort_too_small", "group_too_small"])
    message = serializers.CharField()


class ScopeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["park", "province"])
    id = serializers.IntegerField()
    name = serializers.CharField()


class FiltersSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    round_code = serializers.CharField()
    round_name = serializers.CharField()
    industry = serializers.IntegerField(allow_null=True)
    size = serializers.CharField(allow_null=True)
    above = serializers.BooleanField(allow_null=True)


class FunnelSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    started = serializers.IntegerField()
    submitted = serializers.IntegerField()
    not_started = serializers.IntegerField()
    not_submitted = serializers.IntegerField()


class BinSerializer(serializers.Serializer):
    range = serializers.CharField()
    count = serializers.IntegerField()


class LevelSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class DimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    q1 = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    withheld = WithheldSerializer(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    q1 = serializers.FloatField(allow_null=True)
    median = serializers.FloatField(allow_null=True)
    q3 = serializers.FloatField(allow_null=True)
    bins = BinSerializer(many=True, allow_null=True)
    levels = LevelSerializer(many=True, allow_null=True)
    dimensions = DimensionSerializer(many=True, allow_null=True)
    weakest = serializers.ListField(child=serializers.CharField(), allow_null=True)


class TargetSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    indicator = serializers.CharField()
    population = serializers.CharField()
    comparison = serializers.CharField()
    target = serializers.FloatField()
    unit = serializers.CharField(allow_blank=True)
    year = serializers.IntegerField(allow_null=True)
    province = serializers.CharField(allow_null=True, help_text="null: a national target")
    n = serializers.IntegerField()
    withheld = WithheldSerializer(allow_null=True)
    value = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True)
    pooled = serializers.FloatField(allow_null=True)


class FiguresSerializer(serializers.Serializer):
    scope = ScopeSerializer()
    filters = FiltersSerializer()
    min_group = serializers.IntegerField()
    funnel = FunnelSerializer()
    statistics = StatisticsSerializer()
    targets = TargetSerializer(many=True)


class LatestResultSerializer(serializers.Serializer):
    assessment = serializers.IntegerField(source="latest_assessment_id")
    round = serializers.CharField(source="latest_round")
    score = serializers.FloatField(source="latest_score", allow_null=True)
    level = serializers.IntegerField(source="latest_level", allow_null=True)
    submitted_at = serializers.DateTimeField(source="latest_submitted_at", allow_null=True)


class EnterpriseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    credit_code = serializers.CharField()
    industry = serializers.CharField(source="industry.code")
    size = serializers.CharField(source="size_class")
    above = serializers.BooleanField(source="above_designated_size")
    park = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()

    def get_park(self, enterprise) -> str | None:
        return enterprise.park.code if enterprise.park_id else None

    @extend_schema_field(LatestResultSerializer(allow_null=True))
    def get_latest(self, enterprise):
        if enterprise.latest_assessment_id is None:
            return None
        return LatestResultSerializer(enterprise).data


class EnterprisePageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = EnterpriseSerializer(many=True)


class ReportAssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.CharField(source="round.code")
    submitted_at = serializers.DateTimeField()
    score = serializers.FloatField(source="overall_score")
    level = serializers.IntegerField()


class ReportSerializer(serializers.Serializer):
    enterprise = serializers.DictField()
    assessment = ReportAssessmentSerializer()
    language = serializers.CharField()
    status = serializers.CharField(help_text="the report's build status")
    content = serializers.JSONField(allow_null=True, help_text="null until the report is built")


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or XLSX; first row: the column names")


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(allow_null=True)
    column = serializers.CharField(allow_blank=True)
    message = serializers.CharField()


class ImportBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    park = serializers.IntegerField(source="park_id")
    filename = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    imported_at = serializers.DateTimeField(allow_null=True)
    is_clean = serializers.BooleanField()
    rows = serializers.SerializerMethodField()
    errors = ImportErrorSerializer(many=True)

    def get_rows(self, batch) -> int:
        return len(batch.rows)


class ImportConfirmedSerializer(serializers.Serializer):
    batch = ImportBatchSerializer()
    created = serializers.ListField(child=serializers.IntegerField())


class FieldErrorsSerializer(serializers.Serializer):
    detail = serializers.CharField(required=False)
    errors = serializers.DictField(required=False)
