"""The county plan's chains per platform with their links, and the default link-state rule (chains.plan)."""

import datetime as dt

from django.db import migrations


def seed(apps, schema_editor):
    from chains.plan import ensure_county_plan

    ensure_county_plan(*(apps.get_model(*name) for name in MODELS))


MODELS = [("chains", "IndustryChain"), ("chains", "ChainLink"), ("chains", "LinkStatePolicy"), ("org", "Unit")]


def unseed(apps, schema_editor):
    apps.get_model("chains", "ChainLink").objects.all().delete()
    from chains.plan import PLAN

    apps.get_model("chains", "IndustryChain").objects.filter(code__in=[row[0] for row in PLAN]).delete()
    apps.get_model("chains", "LinkStatePolicy").objects.filter(effective_from=dt.date(2022, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [("chains", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
