import datetime as dt
from decimal import Decimal

from django.db import migrations


def seed_default(apps, schema_editor):
    """domain.md §3: industrial projects in the development zone, FAI ≥ 300万元/亩, tax ≥ 30万元/亩/yr."""
    ThresholdPolicy = apps.get_model("reviews", "ThresholdPolicy")
    Unit = apps.get_model("org", "Unit")
    if ThresholdPolicy.objects.exists():
        return
    ThresholdPolicy.objects.create(
        name="开发区工业项目准入门槛",
        effective_from=dt.date(2022, 1, 1),
        category="industrial",
        platform=Unit.objects.filter(code="kaifaqu").first(),
        min_investment_intensity=Decimal("300"),
        min_tax_per_mu=Decimal("30"),
    )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial"), ("org", "0001_initial")]

    operations = [migrations.RunPython(seed_default, migrations.RunPython.noop)]
