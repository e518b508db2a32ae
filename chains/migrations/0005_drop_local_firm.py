# The local firm is the investor record now (0004 moved the rows): drop LocalFirm, the chain's
# leader firm is an investor record, and every target has its record.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("chains", "0004_local_firms_to_investors")]

    operations = [
        migrations.RemoveField(model_name="industrychain", name="leader_firm"),
        migrations.RenameField(model_name="industrychain", old_name="leader_investor", new_name="leader_firm"),
        migrations.AlterField(
            model_name="industrychain",
            name="leader_firm",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"is_local": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="investors.investor",
                verbose_name="chain leader firm (链主)",
            ),
        ),
        migrations.AlterField(
            model_name="target",
            name="investor",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="targets",
                to="investors.investor",
                verbose_name="investor",
            ),
        ),
        migrations.DeleteModel(name="LocalFirm"),
    ]
