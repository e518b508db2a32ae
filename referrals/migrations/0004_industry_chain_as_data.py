"""The referral's industry points at a chain row (chains.IndustryChain): same column, same codes;
"other" becomes empty."""

import django.db.models.deletion
from django.db import migrations, models


def unknown_codes_to_null(apps, schema_editor):
    Model = apps.get_model("referrals", "Referral")
    known = list(apps.get_model("chains", "IndustryChain").objects.values_list("code", flat=True))
    Model.objects.exclude(industry__in=known).update(industry=None)


def null_to_old(apps, schema_editor):
    apps.get_model("referrals", "Referral").objects.filter(industry__isnull=True).update(industry="other")


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0002_county_plan_chains"),
        ("referrals", "0003_single_line_text"),
    ]

    operations = [
        migrations.AlterField(
            model_name="referral",
            name="industry",
            field=models.CharField(max_length=30, null=True, blank=True, verbose_name="industry"),
        ),
        migrations.RunPython(unknown_codes_to_null, null_to_old),
        migrations.AlterField(
            model_name="referral",
            name="industry",
            field=models.ForeignKey(
                blank=True,
                db_column="industry",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals",
                to="chains.industrychain",
                to_field="code",
                verbose_name="industry",
            ),
        ),
    ]
