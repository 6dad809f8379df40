# The park invitations and import batches move here from the cohorts app: the tables are
# taken over as they are (state only), then renamed to this app's names.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.tokens


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cohorts', '0001_initial'),
        ('enterprises', '0002_invitation'),
        ('reference', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ImportBatch',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('filename', models.CharField(max_length=200, verbose_name='文件名')),
                        ('rows', models.JSONField(default=list, verbose_name='数据行')),
                        ('errors', models.JSONField(default=list, verbose_name='错误')),
                        ('status', models.CharField(choices=[('preview', '待确认'), ('imported', '已导入')], default='preview', max_length=10, verbose_name='状态')),
                        ('imported_at', models.DateTimeField(blank=True, null=True, verbose_name='导入时间')),
                        ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('park', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='import_batches', to='reference.park')),
                    ],
                    options={
                        'verbose_name': '导入批次',
                        'verbose_name_plural': '导入批次',
                        'ordering': ['-created_at'],
                        'db_table': 'cohorts_importbatch',
                    },
                ),
                migrations.CreateModel(
                    name='ParkInvitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='邀请邮箱')),
                        ('token', models.CharField(default=core.tokens.new_token, editable=False, max_length=64, unique=True)),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='发送时间')),
                        ('accepted_at', models.DateTimeField(blank=True, null=True, verbose_name='接受时间')),
                        ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='park_invitations', to='enterprises.enterprise')),
                        ('park', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='park_invitations', to='reference.park')),
                    ],
                    options={
                        'verbose_name': '园区邀请',
                        'verbose_name_plural': '园区邀请',
                        'ordering': ['-created_at'],
                        'db_table': 'cohorts_parkinvitation',
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='importbatch', table=None),
        migrations.AlterModelTable(name='parkinvitation', table=None),
    ]
