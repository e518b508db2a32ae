# A local firm is a company investor record that is local (issue 16): the placement on a chain link
# that chains.LocalFirm held moves onto the record. Schema only; chains 0003 moves the rows.

import django.db.models.deletion
from django.db import migrations, models

import chains.models


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0002_county_plan_chains"),
        ("investors", "0002_default_clocks_and_records"),
        ("org", "0002_single_line_text"),
        ("projects", "0011_kind_and_confidential"),
    ]

    operations = [
        migrations.AddField(
            model_name="investor",
            name="industry_code",
            field=models.CharField(
                blank=True,
                max_length=5,
                validators=[chains.models.validate_industry_code],
                verbose_name="industry code (GB/T 4754-2017)",
            ),
        ),
        migrations.AddField(
            model_name="investor",
            name="platform",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "platform"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.unit",
                verbose_name="platform",
            ),
        ),
        migrations.AddField(
            model_name="investor",
            name="chain_link",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="firms",
                to="chains.chainlink",
                verbose_name="chain link",
            ),
        ),
        migrations.AddField(
            model_name="investor",
            name="chain_link_set_by_hand",
            field=models.BooleanField(default=False, verbose_name="chain link set by hand"),
        ),
        migrations.AddField(
            model_name="investor",
            name="local_since",
            field=models.DateField(blank=True, null=True, verbose_name="operating in the county since"),
        ),
        migrations.AddField(
            model_name="investor",
            name="landed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="projects.project",
                verbose_name="project that brought it",
            ),
        ),
        migrations.AddIndex(
            model_name="investor",
            index=models.Index(
                condition=models.Q(("is_local", True)), fields=["chain_link"], name="investor_local_link_idx"
            ),
        ),
    ]
