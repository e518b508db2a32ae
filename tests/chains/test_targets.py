"""Target lists: the import skips firms already local or in the pipeline, reports rows it cannot
match with their line and then imports nothing; one company is one record across projects,
referrals and targets; a target becomes a lead through the ledger's intake."""

import pytest
from django.core.exceptions import ValidationError

from chains import services
from chains.models import Target, TargetList
from projects.enums import ProjectState, Source
from referrals.services.submission import company_known
from tests import factories

pytestmark = pytest.mark.django_db

CODE_A, CODE_B = "91331024MA2K0LXX10", "91330000MA2AAAAA06"


@pytest.fixture
def chain():
    chain = factories.make_chain(name="医疗器械（测试）")
    factories.make_chain_link(chain, name="手术器械", industry_codes="3584")
    factories.make_chain_link(chain, name="消毒设备", industry_codes="3583")
    return chain


def _import(chain, staff, rows, **kwargs):
    return services.target_list_import(
        chain=chain,
        name="链主供应商",
        source="leader_suppliers",
        file=factories.target_workbook(rows),
        by=staff,
        **kwargs,
    )


def test_import_skips_local_and_in_pipeline_firms_and_keeps_the_rest(chain, staff):
    factories.make_local_firm(name="仙居本地器械有限公司", credit_code=CODE_A)
    factories.make_project(investor_name="杭州康联医疗器械有限公司")
    factories.make_confirmed_referral(factories.make_project(investor_name="上海已报企业有限公司"))
    result = _import(
        chain,
        staff,
        [
            ("另一个名字有限公司", CODE_A, "手术器械", "", "同一信用代码：本地企业", ""),
            ("杭州康联医疗器械 股份有限公司", "", "手术器械", "", "名称归一后已在台账", ""),
            ("上海已报企业有限公司", "", "消毒设备", "", "已被引荐", ""),
            ("苏州精测消毒设备有限公司", CODE_B, "", "3583", "链主核心供应商", staff.username),
            ("苏州精测消毒设备有限公司", CODE_B, "消毒设备", "", "同一文件重复", ""),
        ],
    )
    assert result.ok
    assert [t.name for t in result.created] == ["苏州精测消毒设备有限公司"]
    assert result.created[0].chain_link.name == "消毒设备"  # placed by its industry code
    assert result.created[0].owner == staff
    assert [note.line for note in result.skipped] == [2, 3, 4, 6]
    assert "本地" in str(result.skipped[0]) or "local" in str(result.skipped[0])
    assert TargetList.objects.get().targets.count() == 1


def test_a_bad_row_is_reported_with_its_line_and_nothing_is_imported(chain, staff):
    result = _import(
        chain,
        staff,
        [
            ("好企业有限公司", "", "手术器械", "", "供应商", ""),
            ("无环节企业有限公司", "", "不存在的环节", "", "供应商", ""),
            ("无匹配企业有限公司", "", "", "1310", "行业代码对不上任何环节", ""),
            ("", "", "手术器械", "", "没有企业名称", ""),
            ("坏代码企业有限公司", "91330000XXXXXXXXXX", "手术器械", "", "信用代码错误", ""),
            ("无负责人企业有限公司", "", "手术器械", "", "供应商", "nobody"),
        ],
    )
    assert not result.ok
    assert sorted({e.line for e in result.errors}) == [3, 4, 5, 6, 7]
    assert any("不存在的环节" in str(e) for e in result.errors)
    assert "第" in str(result.errors[0]) or "Line" in str(result.errors[0])
    assert not TargetList.objects.exists() and not Target.objects.exists()


def test_a_workbook_without_the_required_columns_is_refused(chain, staff):
    result = _import(chain, staff, [("某企业",)], **{})  # header below has no reason column
    assert result.ok is False or result.created == []
    bad = services.target_list_import(
        chain=chain,
        name="缺列",
        source="other",
        file=factories.target_workbook([("某企业",)], header=("企业名称",)),
        by=staff,
    )
    assert not bad.ok and bad.errors[0].line == 1


def test_only_chain_managers_import(chain, leader):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _import(chain, leader, [("某企业有限公司", "", "手术器械", "", "理由", "")])


def test_one_company_is_one_record_across_projects_referrals_and_targets(chain, staff):
    from investors.models import Investor, ProjectInvestor
    from investors.selectors import investor_referrals
    from referrals.services import referral_submit
    from tests.referrals.conftest import referral_data

    result = _import(chain, staff, [("苏州精测消毒设备有限公司", CODE_B, "消毒设备", "", "链主供应商", "")])
    target = result.created[0]
    record = Investor.objects.get(credit_code=CODE_B)
    assert target.investor == record  # the import found or made the company's record
    # The target becomes a lead: the ledger project joins the same record.
    target = services.target_to_lead(target=target, by=staff)
    project = target.project
    assert project.investor_credit_code == CODE_B and project.source == Source.CHAIN
    assert ProjectInvestor.objects.get(project=project).investor == record
    # The ledger and the referral office now know the company, by code or by name; a referral
    # under another spelling is not a first report and shows on the same record.
    assert company_known(name_key="", code_key=CODE_B)
    assert company_known(name_key=project.investor_key, code_key="")
    referral = referral_submit(data=referral_data(company_name="苏州精测消毒设备 股份有限公司"))
    assert not referral.is_first and list(investor_referrals(record)) == [referral]
    # A second list naming it again (another spelling, same code) skips it; it cannot become a second lead.
    again = _import(
        chain, staff, [("苏州精测 消毒设备 股份有限公司", CODE_B, "手术器械", "", "另一份名单", "")]
    )
    assert again.created == [] and len(again.skipped) == 1
    with pytest.raises(ValidationError):
        services.target_to_lead(target=target, by=staff)
    assert Target.objects.count() == 1 and project.chain_target == target
    assert Investor.objects.filter(kind="company").count() == 1


def test_a_target_that_lands_is_the_same_record_as_the_local_firm(chain, staff):
    """Local firms are investor records: a target's company marked local is counted on its link
    and no later list can target it again, whatever the spelling."""
    from chains.models import ChainLink
    from chains.selectors import links_with_state
    from investors.models import Investor
    from investors.services import investor_save

    result = _import(chain, staff, [("宁波甲精密有限公司", "", "消毒设备", "", "理由", "")])
    record = result.created[0].investor
    investor_save(by=staff, investor=record, data={"is_local": True, "industry_code": "3583"})
    link = ChainLink.objects.get(chain=chain, name="消毒设备")
    record.refresh_from_db()
    assert record.chain_link == link and not record.chain_link_set_by_hand  # placed by its code
    assert links_with_state(ChainLink.objects.filter(pk=link.pk)).get().firm_count == 1
    again = _import(chain, staff, [("宁波甲精密 股份有限公司", "", "手术器械", "", "理由", "")])
    assert again.created == [] and "本地" in str(again.skipped[0])
    assert Investor.objects.filter(name_key=record.name_key).count() == 1


def test_a_target_whose_company_entered_the_ledger_meanwhile_does_not_become_a_second_project(chain, staff):
    result = _import(chain, staff, [("宁波后来者有限公司", "", "消毒设备", "", "理由", "")])
    factories.make_project(investor_name="宁波后来者有限公司")
    with pytest.raises(ValidationError):
        services.target_to_lead(target=result.created[0], by=staff)
    assert result.created[0].project_id is None


def test_a_lead_counts_in_its_links_funnel_and_fills_the_gap(chain, staff):
    from chains.models import ChainLink
    from chains.selectors import links_with_state

    result = _import(chain, staff, [("苏州精测消毒设备有限公司", "", "消毒设备", "", "链主供应商", "")])
    link = result.created[0].chain_link

    def figures():
        return links_with_state(ChainLink.objects.filter(pk=link.pk), with_funnel=True).get()

    assert figures().link_state == "missing" and figures().funnel_targets == 1
    target = services.target_to_lead(target=result.created[0], by=staff)
    assert target.project.state == ProjectState.LEAD and target.project.chain_link == link
    after = figures()
    assert (after.funnel_contacted, after.funnel_leads, after.funnel_signed) == (1, 1, 0)
    assert after.link_state == "weak"  # an open project: no longer missing
