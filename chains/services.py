"""Writes for chains: target lists imported from a spreadsheet, contacts, targets made leads, firms
and projects placed on links by hand (or back on automatic placement).

A company is recognised as the ledger recognises it (projects.company: credit code, else the
normalised name); "already ours" is the referral office's own test (referrals' company_known: a
first report or a ledger project) plus the local firms. A target becomes a lead through the ledger's
intake service, project_create, never a copy of it.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from investors.enums import InvestorKind
from projects.company import company_code_key, company_name_key
from projects.enums import ProjectState, Source
from projects.models import Project
from projects.services import project_create
from referrals.services.submission import company_known

from . import permissions as can
from .enums import LinkState
from .models import Target
from .placement import place
from .target_rows import parse_target_rows


@dataclass
class ImportResult:
    target_list: object = None
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # RowNote: already local, in the pipeline, a target
    errors: list = field(default_factory=list)  # RowNote: nothing was imported

    @property
    def ok(self):
        return not self.errors


def is_local(*, name_key, code_key):
    """Is this company a local firm? Its investor record (the one record of the company) says so."""
    from investors.models import Investor

    return Investor.objects.same_company(name_key=name_key, code_key=code_key).filter(is_local=True).exists()


def why_already_ours(*, name_key, code_key):
    """Why a company cannot be a target: it is local, or in the pipeline; "" if it can."""
    if is_local(name_key=name_key, code_key=code_key):
        return _("already a local firm")
    if company_known(name_key=name_key, code_key=code_key):
        return _("already in the pipeline (ledger or referrals)")
    return ""


def target_list_import(*, chain, name, source, file, by, default_link=None, default_owner=None):
    """Import a target list for `chain`: every row checked first, then all saved or none.

    Rows naming a company that is already local or in the pipeline, already a target on that link,
    or on a strong link are skipped and reported; rows that cannot be read or matched to a link are
    errors (with their line) and nothing is imported.
    """
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to import target lists."))
    from .selectors import links_with_state

    rows, errors = parse_target_rows(
        file, chain=chain, default_link=default_link, default_owner=default_owner
    )
    result = ImportResult(errors=errors)
    if errors:
        return result
    states = dict(links_with_state(chain.links.all()).values_list("pk", "link_state"))
    seen = set()
    keep = []
    for row in rows:
        name_key, code_key = company_name_key(row.name), company_code_key(row.credit_code)
        reason = why_already_ours(name_key=name_key, code_key=code_key)
        if not reason and states.get(row.link.pk) == LinkState.STRONG:
            reason = _("the link “%(link)s” is strong") % {"link": row.link.name}
        same_target = Q(name_key=name_key) | (Q(code_key=code_key) if code_key else Q(pk__in=[]))
        if not reason and (
            (row.link.pk, name_key) in seen
            or (code_key and (row.link.pk, code_key) in seen)
            or Target.objects.filter(same_target, chain_link=row.link).exists()
        ):
            reason = _("already a target on this link")
        if reason:
            result.skipped.append(row.note(reason))
            continue
        seen.update({(row.link.pk, name_key), (row.link.pk, code_key)})
        keep.append(row)
    from investors.services import investor_for_company

    with transaction.atomic():
        target_list = chain.target_lists.create(
            name=name, source=source, file_name=getattr(file, "name", "")[:255], imported_by=by
        )
        for row in keep:
            # The company's one investor record, found by the ledger's rule or created now.
            investor = investor_for_company(name=row.name, credit_code=row.credit_code)
            target = Target(
                target_list=target_list,
                investor=investor,
                chain_link=row.link,
                name=row.name,
                credit_code=row.credit_code,
                industry_code=row.industry_code,
                reason=row.reason,
                owner=row.owner,
            )
            target.full_clean(exclude=["target_list", "investor"])
            target.save()
            result.created.append(target)
        audit_record(
            obj=target_list,
            action="chains.targets_imported",
            actor=by,
            data={"created": len(result.created), "skipped": len(result.skipped), "chain": chain.code},
        )
    result.target_list = target_list
    return result


def target_contacted(*, target, by, on=None):
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to update targets."))
    with transaction.atomic():
        locked = Target.objects.select_for_update().get(pk=target.pk)
        if locked.contacted_on is None:
            locked.contacted_on = on or timezone.localdate()
            locked.save(update_fields=["contacted_on"])
            audit_record(
                obj=locked, action="chains.target_contacted", actor=by, data={"on": str(locked.contacted_on)}
            )
    return locked


def target_to_lead(*, target, by, note=""):
    """Make a target a lead: a ledger project in `lead` on the target's link, through project_create."""
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to make leads from targets."))
    with transaction.atomic():
        locked = (
            Target.objects.select_for_update(of=("self",))
            .select_related("chain_link__chain", "investor")
            .get(pk=target.pk)
        )
        if locked.project_id:
            raise ValidationError(_("This target is already a lead."), code="already_lead")
        investor = locked.investor
        reason = why_already_ours(name_key=investor.name_key, code_key=investor.code_key)
        if reason:
            raise ValidationError(
                _("This company cannot become a new lead: %(reason)s.") % {"reason": reason}, code="known"
            )
        chain = locked.chain_link.chain
        locked.project = project_create(
            by=by,
            state=ProjectState.LEAD,
            name=_("%(company)s investment project") % {"company": locked.name},
            # The investor record's name and code: the project joins the same record (one company).
            investor_name=investor.name,
            investor_credit_code=investor.code_key,
            source=Source.CHAIN,
            platform=chain.platform,
            industry_chain=chain,
            industry_code=locked.industry_code,
            chain_link=locked.chain_link,
            chain_link_set_by_hand=True,
        )
        if locked.contacted_on is None:
            locked.contacted_on = timezone.localdate()
        locked.save(update_fields=["project", "contacted_on"])
        audit_record(
            obj=locked,
            action="chains.target_to_lead",
            actor=by,
            note=note,
            project_id=locked.project_id,
            data={"target": locked.pk, "link": locked.chain_link_id},
        )
    return locked


def placement_check(*, obj, link):
    """Why `obj` (a company investor record or a project) cannot sit on `link`; {} if it can."""
    if link is None:
        return {}
    if not link.chain.is_active:
        return {"link": _("The chain “%(chain)s” is no longer active.") % {"chain": link.chain.name}}
    if isinstance(obj, Project):
        if obj.industry_chain_id and link.chain.code != obj.industry_chain_id:
            return {
                "link": _("The link “%(link)s” is not on the project's chain; choose a link of its chain.")
                % {"link": link.name}
            }
        return {}
    if obj.kind != InvestorKind.COMPANY:
        return {"link": _("Only a company can be placed on a chain link.")}
    if obj.platform_id and link.chain.platform_id and link.chain.platform_id != obj.platform_id:
        return {
            "link": _("The chain “%(chain)s” belongs to another platform than the firm.")
            % {"chain": link.chain.name}
        }
    return {}


def placement_set(*, by, obj, link=None, note=""):
    """Place a local firm (its investor record) or a project on `link` by hand, or with `link` None
    back on automatic placement by its industry code (chains.placement). One audit row, with the
    link before and after."""
    if not can.can_manage_chains(by):
        raise PermissionDenied(_("You are not allowed to place firms and projects on chain links."))
    errors = placement_check(obj=obj, link=link)
    if errors:
        raise ValidationError(errors, code="link")
    model = type(obj)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        before = locked.chain_link
        locked.chain_link_set_by_hand = link is not None
        locked.chain_link = link
        fields = ["chain_link", "chain_link_set_by_hand"]
        if isinstance(locked, Project):
            fields.append("industry_chain")
        place(locked)  # automatic: the link its industry code gives (none without a code)
        locked.save(update_fields=fields)
        after = locked.chain_link
        audit_record(
            obj=locked,
            action="chains.placed",
            actor=by,
            note=note,
            project_id=locked.pk if isinstance(locked, Project) else None,
            data={
                "by_hand": locked.chain_link_set_by_hand,
                "from": [before.pk, before.name] if before else None,
                "to": [after.pk, after.name] if after else None,
            },
        )
    return locked
