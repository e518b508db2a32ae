"""Links only to what the viewer may open; the rule is the view's own gate (org.access)."""

from django import template

from org.access import allowed_url as _allowed_url
from org.access import may_open

register = template.Library()


@register.simple_tag(takes_context=True)
def allowed_url(context, url_name, *args):
    """`{% allowed_url 'projects:detail' project.pk as url %}`: the URL, or "" if it would refuse."""
    return _allowed_url(context["request"].user, url_name, *args) or ""


@register.filter
def opens_for(url, user):
    """`{% if n.url|opens_for:user %}`: a stored URL (a notification's) the viewer may open."""
    return bool(url) and may_open(user, url)


@register.filter
def pk_url(pk, url_name):
    """`{{ o.pk|pk_url:"reviews:opinion" }}`: a row's detail URL without a `reverse` per row
    (xianju_invest.search.object_url reverses once per process around a placeholder id)."""
    from xianju_invest.search import object_url

    return object_url(url_name)(pk)
