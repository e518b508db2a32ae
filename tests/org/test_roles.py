import pytest
from django.core.management import call_command

from org.models import Unit, User
from org.navigation import items_for
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "perm", "expected"),
    [
        ("promotion_staff", "org.manage_pipeline", True),
        ("promotion_staff", "org.decide", False),
        ("department_reviewer", "org.sign_review", True),
        ("department_reviewer", "org.view_all", False),
        ("platform_reviewer", "org.sign_review", True),
        ("expert", "org.sign_review", True),
        ("leader", "org.decide", True),
        ("leader", "org.manage_pipeline", False),
        ("administrator", "org.administer", True),
    ],
)
def test_each_role_holds_its_permissions(role, perm, expected):
    user = factories.make_user(role)
    assert user.has_perm(perm) is expected


def test_navigation_differs_by_role():
    reviewer = factories.make_user("department_reviewer", "fagai")
    admin = factories.make_user("administrator")
    assert "admin:index" not in [i["name"] for i in items_for(reviewer)]
    # The admin site lets in staff accounts only: the bar offers it to whom the site would serve.
    assert "admin:index" not in [i["name"] for i in items_for(admin)]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    assert "admin:index" in [i["name"] for i in items_for(admin)]


def test_seed_demo_is_idempotent_and_prints_the_logins(capsys):
    call_command("seed_demo")
    first = (Unit.objects.count(), User.objects.count())
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert (Unit.objects.count(), User.objects.count()) == first
    for name in [
        "fagai",
        "jingxin",
        "zigui",
        "jianshe",
        "yingji",
        "shijian",
        "touchu",
        "huanbao",
        "kaifaqu",
        "gaotie",
        "dujiaqu",
        "staff",
        "leader",
        "expert",
        "admin",
    ]:
        assert name in out
        assert User.objects.filter(username=name).exists()
    assert Unit.objects.filter(is_fixed_reviewer=True).count() == 8
    assert Unit.objects.filter(kind="platform").count() == 3
    assert Unit.objects.filter(kind="township").count() == 20


def test_demo_accounts_log_in_with_the_demo_password(client, settings):
    call_command("seed_demo")
    response = client.post("/accounts/login/", {"username": "fagai", "password": settings.DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").context["user"].username == "fagai"


def test_a_change_of_role_takes_effect_on_the_next_request():
    from django.contrib.auth.models import Group

    user = factories.make_user("promotion_staff")
    assert User.objects.get(pk=user.pk).has_perm("org.manage_pipeline")  # now cached
    user.groups.set([Group.objects.get(name="leader")])
    fresh = User.objects.get(pk=user.pk)
    assert not fresh.has_perm("org.manage_pipeline")
    assert fresh.has_perm("org.decide")
    Group.objects.get(name="leader").permissions.clear()
    assert not User.objects.get(pk=user.pk).has_perm("org.decide")
