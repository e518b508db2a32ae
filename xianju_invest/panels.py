"""The home page's panels: each role lands on its work.

The home knows no app. Each app registers, in its AppConfig.ready (its `panels.py`), the panels it
draws, as it registers its notices and agenda sections:

    register_panel(
        "reviews.waiting",
        title=gettext_lazy("Opinions waiting on your unit"),
        order=10,
        template="reviews/panels/waiting.html",
        visible=is_reviewer,
        source=waiting_opinions,
    )

`visible(user)` is one of the app's permission predicates (the same its views use); `source(user,
*, today)` is a selector reading through the app's permission-filtered querysets and returns the
partial's context (a dict), or None when the panel has nothing to say to this viewer. Each source
keeps its query count small and fixed (tests/test_home.py asserts it); counts over the whole ledger
are cached with a named owner (xianju_invest/cache.py).
"""

from dataclasses import dataclass

from django.utils import timezone

_PANELS = {}


@dataclass(frozen=True)
class Panel:
    id: str
    title: object  # a lazy translation, shown in the reader's language
    order: int
    template: str
    visible: object
    source: object


def register_panel(panel_id, *, title, order, template, visible, source):
    _PANELS[panel_id] = Panel(panel_id, title, order, template, visible, source)


def registered_panels():
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.id))


def panels_for(user, *, today=None):
    """The panels this user may see, each with its data: [{"id", "title", "template", "data"}]."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    shown = []
    for panel in registered_panels():
        if not panel.visible(user):
            continue
        data = panel.source(user, today=today)
        if data is None:
            continue
        shown.append({"id": panel.id, "title": panel.title, "template": panel.template, "data": data})
    return shown
