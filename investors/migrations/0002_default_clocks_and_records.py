"""The county's default lead clocks (issue 16 §3), and one investor record per company already in the
ledger (credit code, else normalised name), each project linked to it."""

import datetime as dt

from django.db import migrations

from projects.company import company_code_key, company_name_key


def forwards(apps, schema_editor):
    LeadClockPolicy = apps.get_model("investors", "LeadClockPolicy")
    Investor = apps.get_model("investors", "Investor")
    ProjectInvestor = apps.get_model("investors", "ProjectInvestor")
    Project = apps.get_model("projects", "Project")
    LeadClockPolicy.objects.get_or_create(
        effective_from=dt.date(2024, 1, 1),
        defaults={
            "owner_workdays": 1,
            "assessment_workdays": 3,
            "referrer_answer_workdays": 5,
            "progress_note_workdays": 10,
            "unfunded_months": 6,
            "note": "县默认：1个工作日内明确责任人，3个工作日内研判，5个工作日内答复引荐人，洽谈期间每10个工作日一次进展记录",
        },
    )
    by_code, by_name = {}, {}
    rows = Project.objects.order_by("pk").values_list("pk", "investor_name", "investor_credit_code")
    for pk, name, code in rows.iterator(chunk_size=2000):
        name_key, code_key = company_name_key(name), company_code_key(code)
        if not name_key:
            continue
        investor = (by_code.get(code_key) if code_key else None) or by_name.get(name_key)
        if investor is None:
            investor = Investor.objects.create(name=name, name_key=name_key, credit_code=code_key, kind="company")
        elif code_key and not investor.credit_code:
            investor.credit_code = code_key
            investor.save(update_fields=["credit_code"])
        by_name.setdefault(name_key, investor)
        if code_key:
            by_code.setdefault(code_key, investor)
        ProjectInvestor.objects.get_or_create(project_id=pk, defaults={"investor": investor})


class Migration(migrations.Migration):
    dependencies = [
        ("investors", "0001_initial"),
        ("projects", "0011_kind_and_confidential"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
