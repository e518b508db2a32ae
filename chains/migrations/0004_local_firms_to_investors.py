# Every local firm becomes (or joins) its company's investor record, found by the ledger's rule
# (credit code, else the normalised name): the record is marked local and takes the firm's
# placement; a chain's leader firm follows. Every target points at its company's record, created
# when there is none. Reversed: a local firm again for every local company record.

from django.db import migrations
from django.db.models import Q

from projects.company import company_code_key


def _record(Investor, *, name, name_key, code_key):
    same = Q(name_key=name_key)
    if code_key:
        same |= Q(credit_code=code_key)
    found = Investor.objects.filter(same, kind="company").order_by("pk").first()
    if found is None:
        return Investor.objects.create(kind="company", name=name, name_key=name_key, credit_code=code_key)
    if code_key and not found.credit_code:
        found.credit_code = code_key
        found.save(update_fields=["credit_code"])
    return found


def forwards(apps, schema_editor):
    Investor = apps.get_model("investors", "Investor")
    LocalFirm = apps.get_model("chains", "LocalFirm")
    IndustryChain = apps.get_model("chains", "IndustryChain")
    Target = apps.get_model("chains", "Target")
    record_of_firm = {}
    for firm in LocalFirm.objects.order_by("pk"):
        record = _record(Investor, name=firm.name, name_key=firm.name_key, code_key=firm.code_key)
        placed = record.is_local and record.chain_link_id is not None
        record.is_local = True
        record.industry_code = record.industry_code or firm.industry_code
        record.platform_id = record.platform_id or firm.platform_id
        if not placed:
            record.chain_link_id = firm.chain_link_id
            record.chain_link_set_by_hand = firm.link_set_by_hand
        record.local_since = record.local_since or firm.since
        record.landed_by_id = record.landed_by_id or firm.project_id
        record.save()
        record_of_firm[firm.pk] = record.pk
    for chain in IndustryChain.objects.filter(leader_firm__isnull=False):
        chain.leader_investor_id = record_of_firm[chain.leader_firm_id]
        chain.save(update_fields=["leader_investor"])
    for target in Target.objects.order_by("pk"):
        record = _record(Investor, name=target.name, name_key=target.name_key, code_key=target.code_key)
        Target.objects.filter(pk=target.pk).update(investor=record.pk)


def backwards(apps, schema_editor):
    Investor = apps.get_model("investors", "Investor")
    LocalFirm = apps.get_model("chains", "LocalFirm")
    IndustryChain = apps.get_model("chains", "IndustryChain")
    firm_of_record = {}
    for record in Investor.objects.filter(is_local=True, kind="company").order_by("pk"):
        firm = LocalFirm.objects.create(
            name=record.name,
            credit_code=record.credit_code,
            name_key=record.name_key,
            code_key=company_code_key(record.credit_code),
            industry_code=record.industry_code,
            platform_id=record.platform_id,
            chain_link_id=record.chain_link_id,
            link_set_by_hand=record.chain_link_set_by_hand,
            since=record.local_since,
            project_id=record.landed_by_id,
        )
        firm_of_record[record.pk] = firm.pk
    for chain in IndustryChain.objects.filter(leader_investor__isnull=False):
        chain.leader_firm_id = firm_of_record.get(chain.leader_investor_id)
        chain.save(update_fields=["leader_firm"])


class Migration(migrations.Migration):
    dependencies = [("chains", "0003_company_records")]

    operations = [migrations.RunPython(forwards, backwards)]
