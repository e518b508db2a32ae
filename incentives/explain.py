"""An installment's explanation, recomputed by the calculator from the facts it was calculated on.

The daily job stores, per project and run, the verified facts it used (`RewardBasis`), and on each
installment what was already granted before it; the policy version and the beneficiaries are
fixed for a calculated installment (a version is read-only once an amount is checked; changing
the beneficiaries deletes the calculated installments). Recomputing gives the same lines the job
saw; were the amounts to differ (a version edited while its installments were only calculated),
a last line says so.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import prefetch_related_objects

from . import calculator as calc
from .models import Beneficiary, RewardBasis


def basis_of(project_id, facts):
    """The unsaved `RewardBasis` of `facts` (a `calculator.Facts`)."""
    return RewardBasis(
        project_id=project_id,
        total_investment=facts.total_investment,
        fixed_asset_investment=facts.fixed_asset_investment,
        equipment_investment=facts.equipment_investment,
        land_area=facts.land_area,
        intensity_threshold=facts.intensity_threshold,
        tax_threshold=facts.tax_threshold,
        category=facts.category,
        production_date=facts.production_date,
        retained_tax={str(year): str(amount) for year, amount in facts.retained_tax.items()},
    )


def facts_of(basis):
    return calc.Facts(
        total_investment=basis.total_investment,
        fixed_asset_investment=basis.fixed_asset_investment,
        equipment_investment=basis.equipment_investment,
        land_area=basis.land_area,
        intensity_threshold=basis.intensity_threshold,
        tax_threshold=basis.tax_threshold,
        category=basis.category,
        production_date=basis.production_date,
        retained_tax={int(year): Decimal(amount) for year, amount in basis.retained_tax.items()},
    )


def explain(installments):
    """Set `explained` (the lines as dicts with their label) on each installment that has a basis,
    reading the bases, the versions' rows and the beneficiaries in a few queries for all of them."""
    todo = [i for i in installments if i.basis_id is not None and not i.lines]
    if not todo:
        return
    bases = RewardBasis.objects.in_bulk({i.basis_id for i in todo})
    prefetch_related_objects([i.policy for i in todo], "factors", "cap_tiers", "operating_rates")
    payees = defaultdict(list)
    keys = {(i.project_id, i.reward) for i in todo}
    rows = Beneficiary.objects.filter(project_id__in={p for p, _r in keys}).order_by("position")
    for b in rows.values("pk", "project_id", "reward", "name", "kind", "share"):
        if (b["project_id"], b["reward"]) in keys:
            payees[(b["project_id"], b["reward"])].append(
                calc.Payee(b["pk"], b["name"], b["kind"], b["share"])
            )
    policies = {}
    for inst in todo:
        policy = policies.get(inst.policy_id) or policies.setdefault(
            inst.policy_id, inst.policy.to_calculator()
        )
        result = calc.installment(
            reward=inst.reward,
            slot=inst.slot,
            policy=policy,
            facts=facts_of(bases[inst.basis_id]),
            payees=payees[(inst.project_id, inst.reward)],
            already_granted=inst.granted_before or calc.ZERO,
        )
        lines = [{**line.as_dict(), "label": line.label} for line in result.lines]
        mine = [s for s in result.shares if s.payee.key == inst.beneficiary_id]
        if result.amount != inst.installment_amount or [(s.gross, s.tax) for s in mine] != [
            (inst.gross, inst.tax)
        ]:
            line = calc.Line("changed_since", "", inst.gross, policy.label)
            lines.append({**line.as_dict(), "label": line.label})
        inst.explained = lines
