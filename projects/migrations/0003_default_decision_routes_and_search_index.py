import datetime as dt
from decimal import Decimal

from django.db import migrations

# Domain §3 default: ≤ 30 亩 the leading group; 30–100 亩 also the executive meeting; > 100 亩 also
# the standing committee. Staff edit or supersede these rows in the admin.
LEADERSHIP = [
    ("leading-group", "仙居县招商引资工作领导小组", "领导小组"),
    ("executive-meeting", "仙居县人民政府常务会议", "县政府常务会议"),
    ("standing-committee", "中共仙居县委常委会", "县委常委会"),
]
BANDS = [(None, Decimal("30"), 1), (Decimal("30"), Decimal("100"), 2), (Decimal("100"), None, 3)]


def seed_routes(apps, schema_editor):
    Unit = apps.get_model("org", "Unit")
    DecisionRoute = apps.get_model("projects", "DecisionRoute")
    if DecisionRoute.objects.exists():
        return
    bodies = []
    for code, name, short in LEADERSHIP:
        unit = Unit.objects.filter(code=code).first() or Unit.objects.create(
            code=code, name=name, short_name=short, kind="leadership"
        )
        bodies.append(unit)
    for above, up_to, count in BANDS:
        route = DecisionRoute.objects.create(
            area_above=above, area_up_to=up_to, effective_from=dt.date(2020, 1, 1), note="默认决策路径"
        )
        route.bodies.set(bodies[:count])


def add_search_indexes(apps, schema_editor):
    # Trigram GIN indexes make `icontains` search over names fast, Chinese included (PostgreSQL only).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in ("name", "investor_name"):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS project_{column}_trgm ON projects_project "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in ("name", "investor_name"):
        schema_editor.execute(f"DROP INDEX IF EXISTS project_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0001_initial"),
        ("projects", "0002_decisionroute_projectdecision_projectdocument_and_more"),
    ]

    operations = [
        migrations.RunPython(seed_routes, migrations.RunPython.noop),
        migrations.RunPython(add_search_indexes, drop_search_indexes),
    ]
