"""The navigation bar (issue 14): a few labelled menus drawn from the views' own gates, kept with the
permission sets, so a page's bar costs no query and still moves when what the viewer may open does."""

import re

import pytest

from chains.models import IndustryChain
from org.navigation import NAV_MENUS, items_for
from tests import factories

pytestmark = pytest.mark.django_db


def bar(client, user, path="/"):
    client.force_login(user)
    html = client.get(path).content.decode()
    return html.split('<ul class="navbar-nav me-auto">', 1)[1].split("</nav>", 1)[0]


def test_staff_find_every_entry_they_may_open_in_a_few_labelled_menus(client):
    staff = factories.make_user("promotion_staff", "touchu")
    html = bar(client, staff)
    for item in items_for(staff):
        assert f'href="{item["url"]}"' in html, item["name"]
    toggles = re.findall(r'class="nav-link dropdown-toggle[^"]*" type="button" id="(nav-[a-z]+)"', html)
    assert 2 <= len(toggles) <= len(NAV_MENUS)
    for toggle in toggles:  # each menu is named by its button
        assert f'aria-labelledby="{toggle}"' in html
    # A dozen entries or more, seven places in the bar at most.
    assert len(items_for(staff)) >= 12 and html.count('<li class="nav-item') <= 7


def test_a_menu_with_one_entry_for_the_viewer_is_a_plain_link(client):
    finance = factories.make_user("finance", "caizheng")
    html = bar(client, finance)
    for item in items_for(finance):
        assert f'href="{item["url"]}"' in html
    assert "/projects/" not in html and "/admin/" not in html


def test_the_page_of_an_entry_in_a_menu_marks_it_and_its_menu(client):
    staff = factories.make_user("promotion_staff", "touchu")
    html = bar(client, staff, "/projects/")
    assert 'id="nav-projects"' in html
    assert re.search(r'class="nav-link dropdown-toggle active"[^>]*id="nav-projects"', html)
    assert 'class="dropdown-item active" aria-current="page" href="/projects/"' in html


def test_the_bar_costs_no_query_once_drawn(client, django_assert_max_num_queries):
    reviewer = factories.make_user("department_reviewer", "fagai")  # the chain map asks the database
    client.force_login(reviewer)
    client.get("/notifications/")
    with django_assert_max_num_queries(0):
        assert items_for(reviewer)


def test_a_new_chain_chief_is_offered_the_chain_map_on_the_next_page(client):
    reviewer = factories.make_user("department_reviewer", "fagai")
    assert "/chains/" not in bar(client, reviewer)
    chain = IndustryChain.objects.first() or IndustryChain.objects.create(code="test", name="测试产业链")
    chain.chief = reviewer
    chain.save()
    assert 'href="/chains/' in bar(client, reviewer)
