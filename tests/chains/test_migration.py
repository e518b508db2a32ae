"""chains 0003–0005 move the old local firms onto their companies' investor records and point every
target at its record, keeping every row; reversed, the local firms come back from the records."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.company import company_code_key, company_name_key

BEFORE = [("chains", "0002_county_plan_chains"), ("investors", "0003_local_firm_placement")]
CODE = "91331024MA2K0LXX10"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaf():
    executor = MigrationExecutor(connection)
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] in ("chains", "investors")]


@pytest.mark.django_db(transaction=True)
def test_local_firms_and_targets_become_company_records_and_come_back():
    leaf = _leaf()
    try:
        apps = _migrate(BEFORE)
        LocalFirm = apps.get_model("chains", "LocalFirm")
        Investor = apps.get_model("investors", "Investor")
        link = apps.get_model("chains", "ChainLink").objects.order_by("pk").first()
        chain = link.chain

        def firm(name, code="", **fields):
            return LocalFirm.objects.create(
                name=name,
                name_key=company_name_key(name),
                credit_code=code,
                code_key=company_code_key(code),
                **fields,
            )

        placed = firm("仙居甲医疗器械有限公司", chain_link=link, link_set_by_hand=True, industry_code="3581")
        firm("仙居乙科技有限公司", CODE)
        # The ledger already knows the first firm under another spelling: it joins that record.
        known = Investor.objects.create(
            kind="company", name="仙居甲医疗器械股份有限公司", name_key=company_name_key("仙居甲医疗器械")
        )
        chain.leader_firm = placed
        chain.save()
        target_list = apps.get_model("chains", "TargetList").objects.create(
            name="名单", source="other", chain=chain
        )
        Target = apps.get_model("chains", "Target")
        for name, code in (("外地丙有限公司", ""), ("乙科技（仙居）", CODE)):
            Target.objects.create(
                target_list=target_list,
                chain_link=link,
                name=name,
                name_key=company_name_key(name),
                credit_code=code,
                code_key=company_code_key(code),
                reason="理由",
            )

        apps = _migrate(leaf)
        Investor = apps.get_model("investors", "Investor")
        records = {r.name: r for r in Investor.objects.all()}
        assert set(records) == {"仙居甲医疗器械股份有限公司", "仙居乙科技有限公司", "外地丙有限公司"}
        first = records["仙居甲医疗器械股份有限公司"]
        assert first.pk == known.pk and first.is_local and first.chain_link_id == link.pk
        assert first.chain_link_set_by_hand and first.industry_code == "3581"
        assert records["仙居乙科技有限公司"].is_local and not records["外地丙有限公司"].is_local
        assert apps.get_model("chains", "IndustryChain").objects.get(pk=chain.pk).leader_firm_id == known.pk
        by_target = dict(apps.get_model("chains", "Target").objects.values_list("name", "investor_id"))
        assert by_target == {
            "外地丙有限公司": records["外地丙有限公司"].pk,
            "乙科技（仙居）": records["仙居乙科技有限公司"].pk,
        }

        apps = _migrate(BEFORE)
        firms = apps.get_model("chains", "LocalFirm").objects.order_by("name")
        assert [(f.name_key, f.chain_link_id, f.link_set_by_hand) for f in firms] == [
            ("仙居乙科技", None, False),
            ("仙居甲医疗器械", link.pk, True),
        ]
        leader = apps.get_model("chains", "IndustryChain").objects.get(pk=chain.pk).leader_firm
        assert leader.name_key == "仙居甲医疗器械"
        assert apps.get_model("chains", "Target").objects.count() == 2
    finally:
        _migrate(leaf)
