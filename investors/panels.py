"""What investors show on the home page (registered from InvestorsConfig.ready): for the centre,
the stalled leads and the next steps with investors falling due.

Both read the whole ledger, so they are kept in `lead_figures` (one minute), moved by every save
of a project or an interaction."""

from django.utils.translation import gettext_lazy as _

from projects.confidential import code_name_everywhere
from xianju_invest.cache import VersionedCache
from xianju_invest.panels import register_panel

from . import selectors
from .permissions import can_view_investors

ROWS = 5
lead_figures = VersionedCache(
    "investors:home-leads",
    timeout=60,
    moved_by="post_save of Project and of Interaction; writes that bypass signals: the one-minute expiry",
)


def _figures(today):
    stalled = selectors.stalled_leads(today=today)
    due = selectors.next_steps_due(today=today)
    return {
        "stalled_count": stalled.count(),
        "stalled": [
            {
                "pk": p.pk,
                "name": code_name_everywhere(p.name, p.code_name, p.confidential),
                "since": p.stage_entered,
            }
            for p in stalled[:ROWS]
        ],
        "due_count": due.count(),
        "due": [
            {
                "pk": i.pk,
                "investor_id": i.investor_id,
                "investor": i.investor.name,
                "step": i.next_step,
                "due": i.next_step_due,
                "late": i.next_step_due < today,
            }
            for i in due[:ROWS]
        ],
    }


def leads(user, *, today):
    """Stalled leads and next steps due within five working days (cached; no query on a hit)."""
    figures = lead_figures.get_or_set(f"leads:{today.isoformat()}", lambda: _figures(today))
    if not figures["stalled_count"] and not figures["due_count"]:
        return None
    return figures


def register():
    register_panel(
        "investors.leads",
        title=_("Leads and next steps"),
        order=35,
        template="investors/panels/leads.html",
        visible=can_view_investors,
        source=leads,
        cache=lead_figures,
        shared=True,
    )
