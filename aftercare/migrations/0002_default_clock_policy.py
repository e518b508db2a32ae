from django.db import migrations


def seed(apps, schema_editor):
    from aftercare.defaults import DEFAULT_POLICY

    Policy = apps.get_model("aftercare", "ClockPolicy")
    if not Policy.objects.exists():
        Policy.objects.create(**DEFAULT_POLICY)


class Migration(migrations.Migration):
    dependencies = [("aftercare", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
