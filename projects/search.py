"""What the header's search finds in the ledger (registered from ProjectsConfig.ready): projects by
name, investor or credit code, for those who may read the ledger."""

from django.db.models import Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xianju_invest.search import object_url, register_search_source

from .credit_code import normalise_credit_code
from .enums import ProjectState
from .models import Project
from .permissions import can_view_project


def find_projects(user, query, *, limit):
    """Newest first; a credit code matches exactly (on its index), names and investors in part."""
    matches = Q(name__icontains=query) | Q(investor_name__icontains=query)
    code = normalise_credit_code(query)
    if len(code) == 18:
        matches |= Q(investor_credit_code=code)
    rows = list(
        Project.objects.filter(matches)
        .order_by("-created_at", "-id")
        .values("pk", "name", "investor_name", "investor_credit_code", "state")[: limit + 1]
    )
    url = object_url("projects:detail")
    for row in rows:
        row["state_label"] = ProjectState(row["state"]).label
        row["url"] = url(row["pk"])
    more = f"{reverse('projects:list')}?{urlencode({'q': query})}" if len(rows) > limit else ""
    return {"rows": rows[:limit], "more_url": more}


def register():
    register_search_source(
        "projects",
        title=_("Projects"),
        order=10,
        template="projects/search/results.html",
        visible=can_view_project,
        source=find_projects,
    )
