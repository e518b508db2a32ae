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
keeps its query count small and fixed (tests/test_home.py asserts it).

A panel may be kept in one of its app's `VersionedCache`s (`cache=`): the app names what moves it
(the services and signals that change what the panel counts; docs/architecture.md lists them). An
entry is kept per viewer (user, unit and permission set) and day, unless `shared=True` says the
panel shows everyone it is visible to the same thing. The cache keeps the panel as drawn (in the
reader's language): a home page reads every cached panel in one cache round trip, so a page whose
figures have not moved makes no query and draws no partial for its panels.
"""

import hashlib
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from .cache import get_many_or_set

_PANELS = {}


@dataclass(frozen=True)
class Panel:
    id: str
    title: object  # a lazy translation, shown in the reader's language
    order: int
    template: str
    visible: object
    source: object
    cache: object = None
    shared: bool = False


def register_panel(panel_id, *, title, order, template, visible, source, cache=None, shared=False):
    _PANELS[panel_id] = Panel(panel_id, title, order, template, visible, source, cache, shared)


def viewer_key(user):
    """What a panel's data may depend on besides the day: the viewer, their unit and permissions."""
    perms = ",".join(sorted(user.get_all_permissions()))
    digest = hashlib.blake2b(f"{int(user.is_superuser)}:{perms}".encode(), digest_size=6).hexdigest()
    return f"{user.pk}:{user.unit_id}:{digest}"


def registered_panels():
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.id))


def panels_for(user, *, today=None):
    """The panels this user may see, each drawn: [{"id", "title", "template", "html"}]."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    panels = [panel for panel in registered_panels() if panel.visible(user)]
    viewer, language = None, get_language()
    ids, requests = [], []
    for panel in panels:
        if panel.cache is not None:
            if viewer is None and not panel.shared:
                viewer = viewer_key(user)
            key = f"{panel.id}:{'*' if panel.shared else viewer}:{today.isoformat()}:{language}"
            ids.append(panel.id)
            requests.append((panel.cache, key, _drawer(panel, user, today)))
    drawn = dict(zip(ids, get_many_or_set(requests), strict=True))
    shown = []
    for panel in panels:
        html = drawn[panel.id] if panel.cache is not None else _draw(panel, user, today)
        if html is None:
            continue
        shown.append({"id": panel.id, "title": panel.title, "template": panel.template, "html": html})
    return shown


def _draw(panel, user, today):
    """The panel's partial drawn with its source's data (None when it has nothing to say). The
    partials read nothing but `data`, so the drawn HTML is what a cache keeps."""
    data = panel.source(user, today=today)
    return None if data is None else render_to_string(panel.template, {"data": data})


def _drawer(panel, user, today):
    return lambda: _draw(panel, user, today)
