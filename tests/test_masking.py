"""The referrer's name, mobile and e-mail reach only the promotion centre's triage staff.

domain.md §1: a referrer's details are for the promotion centre; leaders and host units learn that a
referrer exists and is confirmed, reviewers act only for their unit. Every page and API response a
role can GET (generated from the URLconf, as the permission matrix fills it), both Excel ledger
exports and the referral endpoints' answers are searched for the demo referrers' full details.
"""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from org.enums import Role
from tests.demo_county import ANONYMOUS, demo_county  # noqa: F401 -- the module's fixture
from tests.permissions_matrix import ROUTES
from tests.routes import all_routes, fill, request

# Who handles referrers (domain.md §1): the centre's triage staff, and the administrator.
SEES_REFERRERS = {"promotion_staff", "administrator"}
ROLES = [ANONYMOUS, *(role.value for role in Role)]  # a role added later is searched too
EXPORTS = ["/projects/export/", "/api/ledger/export/"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _secrets():
    """Each demo referrer's full details: mobile and e-mail always, the name of a natural person
    (an organisation's name is not personal data and may be the investor's own)."""
    from referrals.enums import ReferrerKind
    from referrals.models import Referral

    found = set()
    for referral in Referral.objects.all():
        found.add(referral.referrer_mobile)
        if referral.referrer_email:
            found.add(referral.referrer_email)
        if referral.referrer_kind not in (ReferrerKind.ORGANISATION, ReferrerKind.LOCAL_ENTERPRISE):
            found.add(referral.referrer_name)
    return {s for s in found if s}


def _text(response):
    """What a person would read in the response: the body, or every cell of a workbook."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(XLSX):
        sheets = load_workbook(io.BytesIO(content), read_only=True).worksheets
        return "\n".join(str(v) for ws in sheets for row in ws.iter_rows(values_only=True) for v in row if v)
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return content.decode("utf-8", "replace")


def _readable_urls(county, role):
    """Every GET route of the matrix outside the admin site, with the role's and another unit's object."""
    for route in all_routes():
        row = ROUTES.get(route.key, {})
        if route.pattern.startswith("admin/") or "GET" not in row:
            continue
        for which in ("", "other") if "GET other" in row else ("",):
            values = county.params(row["target"], role, other=bool(which)) if row.get("target") else {}
            yield fill(route.pattern, values), route.is_api


def _leaks(client, urls, secrets):
    """Each secret found in what a GET of `urls` shows the client."""
    leaks = []
    for path, is_api in urls:
        response = request(client, "GET", path, is_api)
        if response.status_code == 200:
            text = _text(response)
            leaks += [f"{path} shows {s!r}" for s in sorted(secrets) if s in text]
    return leaks


@pytest.fixture(scope="module")
def referrer_emails(demo_county, django_db_blocker):  # noqa: F811
    """The demo reports carry no e-mail; give each one, inside the module's transaction."""
    from referrals.models import Referral

    with django_db_blocker.unblock():
        for referral in Referral.objects.all():
            referral.referrer_email = f"referrer{referral.pk}@example.cn"
            referral.save(update_fields=["referrer_email"])
    return demo_county


def test_triage_staff_read_the_referrers_in_full(referrer_emails, db):
    secrets = _secrets()
    client = referrer_emails.client("promotion_staff")
    listed = client.get("/api/referrals/").content.decode()
    hosted = _hosted(referrer_emails)
    page = client.get(f"/refer/queue/{hosted.pk}/").content.decode()
    assert [s for s in secrets if s not in listed] == []  # the search below looks for real values
    assert hosted.referrer_mobile in page and hosted.referrer_email in page


@pytest.mark.parametrize("role", [r for r in ROLES if r not in SEES_REFERRERS])
def test_no_page_or_api_answer_shows_a_referrer_to_others(role, referrer_emails, db):
    county = referrer_emails
    secrets = _secrets()
    exports = [(path, path.startswith("/api/")) for path in EXPORTS]
    leaks = _leaks(county.client(role), [*_readable_urls(county, role), *exports], secrets)
    assert not leaks, "\n".join(leaks)


def _hosted(county):
    from referrals.models import Referral

    return Referral.objects.get(pk=county.objects["hosted_referral"].pk)


def test_host_unit_confirming_a_referral_gets_it_back_masked(referrer_emails, db):
    hosted = _hosted(referrer_emails)
    type(hosted).objects.filter(pk=hosted.pk).update(host_confirmed_at=None, host_confirmed_by=None)
    client = referrer_emails.client("platform_reviewer")
    with_party = client.post(
        f"/api/referrals/{hosted.pk}/confirm/", {"party": "host"}, content_type="application/json"
    )
    assert with_party.status_code == 200, with_party.content
    body = with_party.json()
    assert body["referrer_mobile"] == hosted.referrer_mobile[:3] + "****" + hosted.referrer_mobile[-4:]
    assert hosted.referrer_name not in with_party.content.decode()
    assert hosted.referrer_email not in with_party.content.decode()


def test_leader_reads_the_queue_masked(referrer_emails, db):
    hosted = _hosted(referrer_emails)
    body = referrer_emails.client("leader").get(f"/api/referrals/{hosted.pk}/").json()
    assert body["referrer_name"] == hosted.referrer_name[0] + "*" * (len(hosted.referrer_name) - 1)
    assert body["referrer_email"] == f"r***@{hosted.referrer_email.split('@')[1]}"


SIGNERS = ["department_reviewer", "platform_reviewer", "expert"]


@pytest.mark.parametrize("role", SIGNERS)
def test_no_reviewer_reads_another_units_opinion_of_an_open_round(role, demo_county, db):  # noqa: F811
    """Issue 11 §1: until the round concludes, a reviewer reads only their own unit's reasons and
    conditions (the demo county's open round has them signed, with distinctive texts, by every unit
    of the role accounts and by one more)."""
    from reviews.models import ReviewOpinion

    county = demo_county
    unit_id = county.users[role].unit_id
    others = ReviewOpinion.objects.filter(round=county.objects["round"]).exclude(unit_id=unit_id)
    secrets = {text for o in others.exclude(verdict="") for text in (o.reason, o.conditions) if text}
    assert secrets
    leaks = _leaks(county.client(role), _readable_urls(county, role), secrets)
    assert not leaks, "\n".join(leaks)
