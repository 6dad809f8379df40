"""An assessment keeps its scored result in three JSON columns (one row per assessment
for cohort statistics), filled here from the narrow tables the next migration drops."""

from django.db import migrations, models

BACKFILL_SQL = """
UPDATE assessment_assessment a
SET scores = x.scores, indicators = x.indicators, ratio_parts = x.ratio_parts
FROM (
    SELECT b.id,
           COALESCE(s.j, '{}'::jsonb) AS scores,
           COALESCE(i.j, '{}'::jsonb) AS indicators,
           COALESCE(r.j, '{}'::jsonb) AS ratio_parts
    FROM assessment_assessment b
    LEFT JOIN (
        SELECT assessment_id, jsonb_object_agg(dimension_code, score) AS j
        FROM assessment_dimensionscore GROUP BY assessment_id
    ) s ON s.assessment_id = b.id
    LEFT JOIN (
        SELECT assessment_id, jsonb_object_agg(code, value) AS j
        FROM assessment_indicatorvalue GROUP BY assessment_id
    ) i ON i.assessment_id = b.id
    LEFT JOIN (
        SELECT v.assessment_id,
               jsonb_object_agg(
                   ind.code,
                   jsonb_build_array(
                       COALESCE((v.value ->> 'part')::float8, 0),
                       COALESCE((v.value ->> 'whole')::float8, 0)
                   )
               ) AS j
        FROM assessment_answer v
        JOIN assessment_indicator ind ON ind.question_id = v.question_id AND ind.method = 'ratio'
        WHERE jsonb_typeof(v.value) = 'object'
        GROUP BY v.assessment_id
    ) r ON r.assessment_id = b.id
    WHERE b.status = 'submitted'
) x
WHERE a.id = x.id
"""


def backfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKFILL_SQL)
        return
    Assessment = apps.get_model("assessment", "Assessment")
    DimensionScore = apps.get_model("assessment", "DimensionScore")
    IndicatorValue = apps.get_model("assessment", "IndicatorValue")
    Answer = apps.get_model("assessment", "Answer")
    Indicator = apps.get_model("assessment", "Indicator")
    ratio_codes = dict(
        Indicator.objects.filter(method="ratio").values_list("question_id", "code")
    )
    submitted = Assessment.objects.filter(status="submitted").order_by("pk")
    for assessment in submitted.iterator(chunk_size=500):
        assessment.scores = dict(
            DimensionScore.objects.filter(assessment_id=assessment.pk).values_list(
                "dimension_code", "score"
            )
        )
        assessment.indicators = dict(
            IndicatorValue.objects.filter(assessment_id=assessment.pk).values_list("code", "value")
        )
        assessment.ratio_parts = {
            ratio_codes[question_id]: [float(v.get("part", 0)), float(v.get("whole", 0))]
            for question_id, v in Answer.objects.filter(
                assessment_id=assessment.pk, question_id__in=list(ratio_codes)
            ).values_list("question_id", "value")
            if isinstance(v, dict)
        }
        assessment.save(update_fields=["scores", "indicators", "ratio_parts"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="indicators",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="assessment",
            name="ratio_parts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="assessment",
            name="scores",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddIndex(
            model_name="assessment",
            index=models.Index(
                fields=["round", "status", "city"], name="assessment__round_i_5c6334_idx"
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
