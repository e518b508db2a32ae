from django.db import migrations, models


class Migration(migrations.Migration):
    """The figures of a period by unit (selectors.unit_period_figures) from the index alone."""

    dependencies = [("aftercare", "0003_list_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="servicerequest",
            index=models.Index(
                fields=[
                    "assigned_on",
                    "lead_unit",
                    "state",
                    "rating",
                    "contact_due",
                    "contacted_on",
                    "reply_due",
                    "replied_on",
                    "close_due",
                    "proposed_on",
                    "callback_due",
                    "called_back_on",
                ],
                name="aftercare_assigned_figures_idx",
            ),
        ),
    ]
