"""Industry chains become data (chains.IndustryChain): the project's chain code now points at a
chain row (same column, same values; "other" becomes empty), and its chain link points at a
ChainLink. The old link field held the strategy (extend/strengthen/seed), which is now the chain's;
reversing writes each chain's strategy back into it."""

import django.db.models.deletion
from django.db import migrations, models

import chains.models

CHAIN_CODES = [
    "modern_medicine",
    "rubber_plastics",
    "auto_parts",
    "medical_devices",
    "electronics",
    "new_materials",
    "high_end_equipment",
    "city_services",
    "culture_tourism",
]


def unknown_codes_to_null(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    IndustryChain = apps.get_model("chains", "IndustryChain")
    known = list(IndustryChain.objects.values_list("code", flat=True))
    Project.objects.exclude(industry_chain__in=known).update(industry_chain=None)


def null_to_other(apps, schema_editor):
    apps.get_model("projects", "Project").objects.filter(industry_chain__isnull=True).update(
        industry_chain="other"
    )


def strategy_back_into_link(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    IndustryChain = apps.get_model("chains", "IndustryChain")
    for code, strategy in IndustryChain.objects.values_list("code", "strategy"):
        Project.objects.filter(industry_chain_id=code).update(chain_link=strategy)


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0002_county_plan_chains"),
        ("projects", "0009_league_date_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="project",
            name="industry_chain",
            field=models.CharField(max_length=30, null=True, blank=True, verbose_name="industry chain"),
        ),
        migrations.RunPython(unknown_codes_to_null, null_to_other),
        migrations.AlterField(
            model_name="project",
            name="industry_chain",
            field=models.ForeignKey(
                blank=True,
                db_column="industry_chain",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="chains.industrychain",
                to_field="code",
                verbose_name="industry chain",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, strategy_back_into_link),
        migrations.RemoveField(model_name="project", name="chain_link"),
        migrations.AddField(
            model_name="project",
            name="chain_link",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="projects",
                to="chains.chainlink",
                verbose_name="chain link",
                db_index=False,
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(fields=["chain_link", "state"], name="project_link_state_idx"),
        ),
        migrations.AddField(
            model_name="project",
            name="chain_link_set_by_hand",
            field=models.BooleanField(default=False, verbose_name="chain link set by hand"),
        ),
        migrations.AddField(
            model_name="project",
            name="industry_code",
            field=models.CharField(
                blank=True,
                max_length=5,
                validators=[chains.models.validate_industry_code],
                verbose_name="industry code (GB/T 4754-2017)",
            ),
        ),
        migrations.AlterField(
            model_name="project",
            name="source",
            field=models.CharField(
                choices=[
                    ("fund", "Fund-led promotion"),
                    ("industrial_park", "Industrial-park promotion"),
                    ("hometown", "Hometown entrepreneurs"),
                    ("business", "Business brings business"),
                    ("resident", "Resident promotion offices"),
                    ("online", "Online promotion"),
                    ("referral", "Public referral"),
                    ("chain", "Chain-targeted promotion"),
                ],
                default="business",
                max_length=20,
                verbose_name="source",
            ),
        ),
    ]
