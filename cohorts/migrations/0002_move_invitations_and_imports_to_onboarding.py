# The park invitations and import batches now belong to the onboarding app, which takes
# over their tables (see onboarding 0001): only the state is removed here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cohorts', '0001_initial'),
        ('onboarding', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ImportBatch'),
                migrations.DeleteModel(name='ParkInvitation'),
            ],
        ),
    ]
