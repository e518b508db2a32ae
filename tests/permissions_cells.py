"""The cells of the route × role table (tests/permissions_matrix.py): roles, codes and the
recurring rows."""

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
NOT_YOURS = (403, 404)

ANON = "anonymous"
STAFF = "promotion_staff"
DEPT = "department_reviewer"
PLATFORM = "platform_reviewer"
EXPERT = "expert"
LEADER = "leader"
FINANCE = "finance"
ADMIN = "administrator"


def cells(default, **by_role):
    """`default` for every signed-in role not named; `anonymous=` and the roles override it."""
    return {"*": default, **by_role}


# Pages (anonymous users are sent to the login page) ----------------------------------------------
PUBLIC = cells(200, anonymous=200)
SIGNED_IN = cells(200, anonymous=LOGIN)
VIEW_ALL = cells(403, anonymous=LOGIN, promotion_staff=200, leader=200, administrator=200)
PIPELINE = cells(403, anonymous=LOGIN, promotion_staff=200, administrator=200)  # staff edit, leaders read
PIPELINE_ACTS = cells(403, anonymous=LOGIN, promotion_staff=302, administrator=302)
REVIEWERS = cells(403, anonymous=LOGIN, department_reviewer=200, platform_reviewer=200, expert=200)
ADMIN_ONLY = cells(403, anonymous=LOGIN, administrator=200)


def page(default, anonymous=LOGIN, **by_role):
    return cells(default, anonymous=anonymous, **by_role)


# API (DRF answers 403 to anonymous: session authentication comes first) ---------------------------
API_PUBLIC = cells(200, anonymous=200)
API_SIGNED_IN = cells(200, anonymous=403)
API_VIEW_ALL = cells(403, anonymous=403, promotion_staff=200, leader=200, administrator=200)


def api(default, **by_role):
    return cells(default, anonymous=403, **by_role)


def pipeline_api(code):
    """Promotion staff and administrators act; everyone else, leaders included, is refused first."""
    return api(403, promotion_staff=code, administrator=code)


# Rewards: staff, leaders and finance read them (finance pays); reviewers have no part in them.
REWARDS_PAGE = cells(403, anonymous=LOGIN, promotion_staff=200, leader=200, finance=200, administrator=200)
REWARDS_API = api(403, promotion_staff=200, leader=200, finance=200, administrator=200)

# Admin site: only accounts with is_staff (the administrator) get in -------------------------------
ADMIN_SITE = cells(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, administrator=200)


def admin_site(code):
    return cells(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, administrator=code)


# A model admin may be read-only (projects, rounds, referrals move only through their services).
ADMIN_MODEL_FORM = admin_site((200, 302, 403))

# Who reads a round's pages: the centre, leaders and the units invited; finance and roles added
# later have no part in pre-review (NOT_YOURS).
ROUND_READERS = dict(promotion_staff=200, department_reviewer=200, platform_reviewer=200, expert=200)
ROUND_READERS.update(leader=200, administrator=200)
ROUND_STEP = api(NOT_YOURS, promotion_staff=400, administrator=400, department_reviewer=403)
ROUND_STEP.update(platform_reviewer=403, expert=403, leader=403)

# A convener's step on a concluded round: staff get the error, the platform and the expert (who did
# not sit on it) do not learn it exists.
ROUND_NOT_SAT_ON = api(NOT_YOURS, promotion_staff=400, administrator=400, department_reviewer=403, leader=403)

TRIAGE_REFUSED_TO_OTHERS = {
    # Accept, merge, reject: triage staff only. A host unit's reviewer and a leader read the
    # referral but may not triage it: 403 before the form is read.
    "POST": api(NOT_YOURS, promotion_staff=400, administrator=400, platform_reviewer=403, leader=403),
    "POST other": api(NOT_YOURS, promotion_staff=400, administrator=400, leader=403),
}

# Enterprise requests: who files (an enterprise, the centre, a project's cadre or deputy), who reads
# the demo request, who reads unit statistics (the units, the centre, leaders).
AFTERCARE_FILERS = page(403, promotion_staff=200, administrator=200, enterprise=200, platform_reviewer=200)
AFTERCARE_READERS = dict(
    promotion_staff=200, leader=200, administrator=200, enterprise=200, platform_reviewer=200
)
AFTERCARE_STATISTICS = page(403, promotion_staff=200, leader=200, administrator=200)
AFTERCARE_STATISTICS.update(department_reviewer=200, platform_reviewer=200)
