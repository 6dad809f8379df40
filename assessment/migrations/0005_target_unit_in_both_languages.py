from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessment", "0004_cohort_indexes_ordered_by_score")]

    operations = [
        migrations.RenameField(model_name="target", old_name="unit", new_name="unit_zh"),
        migrations.AlterField(
            model_name="target",
            name="unit_zh",
            field=models.CharField(blank=True, max_length=10, verbose_name="单位（中文）"),
        ),
        migrations.AddField(
            model_name="target",
            name="unit_en",
            field=models.CharField(blank=True, max_length=20, verbose_name="单位（英文）"),
        ),
    ]
