"""The header's search box: each app registers, in its AppConfig.ready (its `search.py`), what it
finds and for whom, as it registers its home panels (xianju_invest.panels):

    register_search_source(
        "projects",
        title=gettext_lazy("Projects"),
        order=10,
        template="projects/search/results.html",
        visible=can_view_all,
        source=find_projects,
    )

`source(user, query, *, limit)` reads through the app's permission-filtered querysets and returns
the partial's context ({"rows": [...], ...}) or None when it has nothing for this query.
"""

from dataclasses import dataclass

QUERY_MAX = 100  # characters of a query; more is cut
QUERY_MIN = 2

_SOURCES = {}


@dataclass(frozen=True)
class SearchSource:
    id: str
    title: object
    order: int
    template: str
    visible: object
    source: object


def register_search_source(source_id, *, title, order, template, visible, source):
    _SOURCES[source_id] = SearchSource(source_id, title, order, template, visible, source)


def registered_sources():
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.id))


def clean_query(text):
    return " ".join(str(text or "").split())[:QUERY_MAX]


def search(user, query, *, limit=20):
    """What each source this user may search finds: [{"id", "title", "template", "data"}]."""
    query = clean_query(query)
    if not user.is_authenticated or len(query) < QUERY_MIN:
        return []
    found = []
    for source in registered_sources():
        if not source.visible(user):
            continue
        data = source.source(user, query, limit=limit)
        if data and data.get("rows"):
            found.append({"id": source.id, "title": source.title, "template": source.template, "data": data})
    return found
