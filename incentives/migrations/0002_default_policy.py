"""The demo county's default reward policy (domain §4), as the first dated version."""

import datetime as dt
from decimal import Decimal as D

from django.db import migrations

FACTORS = [("1.5", "1.2"), ("1.0", "1.0"), ("0", "0.5")]
CAPS = [("0", "1000000"), ("1000000000", "2000000"), ("3000000000", "3000000"), ("5000000000", "5000000")]
OPERATING = [(1, "0.5"), (2, "0.4"), (3, "0.3")]


def seed(apps, schema_editor):
    PolicyVersion = apps.get_model("incentives", "PolicyVersion")
    if PolicyVersion.objects.exists():
        return
    version = PolicyVersion.objects.create(
        name="仙居县招商引资奖励办法（默认）", effective_from=dt.date(2020, 1, 1)
    )
    apps.get_model("incentives", "IntensityFactor").objects.bulk_create(
        [apps.get_model("incentives", "IntensityFactor")(version=version, min_ratio=D(r), factor=D(f)) for r, f in FACTORS]
    )
    apps.get_model("incentives", "CapTier").objects.bulk_create(
        [apps.get_model("incentives", "CapTier")(version=version, from_total=D(t), cap=D(c)) for t, c in CAPS]
    )
    apps.get_model("incentives", "OperatingRate").objects.bulk_create(
        [apps.get_model("incentives", "OperatingRate")(version=version, year=y, rate=D(r)) for y, r in OPERATING]
    )


class Migration(migrations.Migration):
    dependencies = [("incentives", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
