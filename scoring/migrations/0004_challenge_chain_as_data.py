"""A challenge's target chain points at a chain row (chains.IndustryChain): same column, same codes;
empty is any chain."""

import django.db.models.deletion
from django.db import migrations, models


def unknown_codes_to_null(apps, schema_editor):
    Model = apps.get_model("scoring", "Challenge")
    known = list(apps.get_model("chains", "IndustryChain").objects.values_list("code", flat=True))
    Model.objects.exclude(industry_chain__in=known).update(industry_chain=None)


def null_to_old(apps, schema_editor):
    apps.get_model("scoring", "Challenge").objects.filter(industry_chain__isnull=True).update(industry_chain="")


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0002_county_plan_chains"),
        ("scoring", "0003_single_line_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="challenge",
            name="industry_chain",
            field=models.CharField(max_length=30, null=True, blank=True, verbose_name="target industry chain"),
        ),
        migrations.RunPython(unknown_codes_to_null, null_to_old),
        migrations.AlterField(
            model_name="challenge",
            name="industry_chain",
            field=models.ForeignKey(
                blank=True,
                db_column="industry_chain",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="challenges",
                to="chains.industrychain",
                to_field="code",
                verbose_name="target industry chain",
            ),
        ),
    ]
