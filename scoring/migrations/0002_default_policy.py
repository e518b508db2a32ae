from django.db import migrations


def seed(apps, schema_editor):
    from scoring.defaults import create_default_policy

    Policy = apps.get_model("scoring", "ScoringPolicy")
    if not Policy.objects.exists():
        create_default_policy(Policy, apps.get_model("scoring", "SizeClass"), apps.get_model("scoring", "CategoryWeight"))


class Migration(migrations.Migration):
    dependencies = [("scoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
