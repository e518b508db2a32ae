"""What the league table shows on the home page (registered from ScoringConfig.ready): the viewer's
unit's place on the latest frozen monthly board (the board units are told of, read from its rows,
not recomputed from the ledger). Kept per viewer in `position_figures`, moved by every save or
deletion of a snapshot (freezing a board saves its snapshot and bulk-creates its rows in one
transaction; the move after the commit covers the rows)."""

from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xianju_invest.cache import VersionedCache
from xianju_invest.panels import register_panel

from .enums import GROUP_UNIT_KIND, PeriodKind, ScoringGroup, Tier
from .models import BoardSnapshot, SnapshotRow

position_figures = VersionedCache(
    "scoring:home",
    timeout=600,
    moved_by="post_save / post_delete of BoardSnapshot and SnapshotRow; writes that bypass signals: "
    "the ten-minute expiry",
)


def _scored_unit(user):
    return user.is_authenticated and user.unit_id is not None and user.unit.kind in GROUP_UNIT_KIND.values()


def league_position(user, *, today):
    """Rank, tier and score of the unit on the latest frozen month, and its group's size. Three queries."""
    snapshot = BoardSnapshot.objects.filter(period_kind=PeriodKind.MONTH).order_by("-period_start").first()
    board = reverse("scoring:board")
    if snapshot is None:
        return {"row": None, "board_url": board}
    row = (
        SnapshotRow.objects.filter(snapshot=snapshot, unit_id=user.unit_id)
        .values("group", "rank", "tier", "score", "red", "black")
        .first()
    )
    if row is None:
        return {"row": None, "board_url": board}
    size = SnapshotRow.objects.filter(snapshot=snapshot, group=row["group"]).aggregate(n=Count("pk"))["n"]
    month = f"{snapshot.period_start:%Y-%m}"
    query = urlencode({"period": month, "group": row["group"]})
    return {
        "row": {
            **row,
            "group_label": ScoringGroup(row["group"]).label,
            "tier_label": Tier(row["tier"]).label if row["tier"] in Tier.values else "",
        },
        "size": size,
        "month": month,
        "board_url": f"{board}?{query}",
        "unit_url": f"{reverse('scoring:unit', args=[user.unit_id])}?{urlencode({'period': month})}",
    }


def register():
    for model in (BoardSnapshot, SnapshotRow):
        for signal in (post_save, post_delete):
            signal.connect(position_figures.bump, sender=model, dispatch_uid=f"scoring.home.{model.__name__}")
    register_panel(
        "scoring.position",
        title=_("Our place in the league table"),
        order=55,
        template="scoring/panels/position.html",
        visible=_scored_unit,
        source=league_position,
        cache=position_figures,
    )
