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
the partial's context ({"rows": [...], ...}) or None when it has nothing for this query. A row's
link is made by `object_url(url_name)` (one `reverse` per process, not one per row).

The page lists the first `LIMIT` rows of each source and links to the full list where there is
one (the ledger's own search): it is a way in, not the list.
"""

from dataclasses import dataclass

from django.urls import get_script_prefix, get_urlconf, reverse

from .cache import register_process_memo

QUERY_MAX = 100  # characters of a query; more is cut
QUERY_MIN = 2
LIMIT = 10  # rows per source
_SENTINEL = 918273645  # an id no URL carries but its own
_makers = {}
register_process_memo(_makers.clear)

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


def object_url(url_name):
    """`make(pk)` giving `reverse(url_name, args=[pk])`: the URL reversed once per process around a
    placeholder id, then filled in per row."""
    key = (get_urlconf(), get_script_prefix(), url_name)
    make = _makers.get(key)
    if make is None:
        head, tail = reverse(url_name, args=[_SENTINEL]).split(str(_SENTINEL))

        def make(pk):
            return f"{head}{int(pk)}{tail}"

        _makers[key] = make
    return make


def search(user, query, *, limit=LIMIT):
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
