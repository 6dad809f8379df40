"""Scores and indicator values live on the assessment (0002): the narrow tables go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_assessment_result_columns"),
    ]

    operations = [
        migrations.DeleteModel(name="DimensionScore"),
        migrations.DeleteModel(name="IndicatorValue"),
    ]
