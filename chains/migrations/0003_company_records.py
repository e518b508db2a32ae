# Local firms and targets point at their company's one investor record (issue 16): the new columns.
# 0004 moves the rows, 0005 drops LocalFirm; three migrations, so that PostgreSQL never alters a
# table with row changes pending in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0002_county_plan_chains"),
        ("investors", "0003_local_firm_placement"),
    ]

    operations = [
        migrations.AddField(
            model_name="industrychain",
            name="leader_investor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="investors.investor",
            ),
        ),
        migrations.AddField(
            model_name="target",
            name="investor",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="targets",
                to="investors.investor",
                verbose_name="investor",
            ),
        ),
    ]
