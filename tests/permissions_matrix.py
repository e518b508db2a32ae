"""What every role gets on every route: the expected table of tests/test_permissions_matrix.py.

One row per route of the URLconf (DRF router routes included; admin model routes share the rows
`admin/<app>/<model>/...`). A row maps a method to a cell per role; "METHOD other" is the same
request for an object of another unit or person (another unit's opinion, a referral hosted
elsewhere, someone else's notification). A route without a row, or a row without a route, fails
the suite; so does any 5xx.

The roles are `anonymous` and each role of `org.enums.Role`, played by its demo account
(tests/demo_county.py). `*` is every role a row does not name — where a role added later (finance)
lands until someone gives it its own cell. A cell is what a user should get, not what the code
answers today: a status code, LOGIN (redirect to the login page), ADMIN_LOGIN, or a tuple of
acceptable codes (403 or 404 for another unit's object: either says "not yours").

POST, PUT and PATCH send an empty form or `{}`: a role allowed to act gets the form back with its
errors (200), a validation error (400) or a redirect; a role that may not act gets 403 before any
validation.
"""

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

ROUTES = {
    # -- site ---------------------------------------------------------------------------------------
    "": {"GET": SIGNED_IN},
    "healthz": {"GET": PUBLIC},
    "search/": {"GET": SIGNED_IN},
    "accounts/login/": {"GET": PUBLIC, "POST": PUBLIC, "PUT": PUBLIC},
    "accounts/logout/": {"POST": cells(LOGIN, anonymous=LOGIN)},
    "accounts/password/": {"GET": SIGNED_IN, "POST": SIGNED_IN, "PUT": SIGNED_IN},
    "accounts/password/done/": {"GET": SIGNED_IN},
    "i18n/setlang/": {"GET": cells(302, anonymous=302), "POST": cells(302, anonymous=302)},
    "captcha/image/(?P<key>\\w+)/$": {"target": "captcha", "GET": PUBLIC},
    "captcha/image/(?P<key>\\w+)@2/$": {"target": "captcha", "GET": PUBLIC},
    # No speech synthesiser is installed: the audio challenge is not offered.
    "captcha/audio/(?P<key>\\w+).wav$": {"target": "captcha", "GET": cells(404, anonymous=404)},
    "captcha/refresh/$": {"GET": cells(404, anonymous=404)},  # answers XMLHttpRequest only
    # -- API: accounts, units, schema ---------------------------------------------------------------
    "api/auth/token/": {"POST": cells(400, anonymous=400)},
    "api/me/": {"GET": API_SIGNED_IN},
    "api/": {"GET": API_SIGNED_IN},
    "api/^units/$": {"GET": API_SIGNED_IN},
    "api/^units/(?P<pk>[^/.]+)/$": {"target": "unit", "GET": API_SIGNED_IN, "GET other": API_SIGNED_IN},
    # Issue 11 §8: the API description is for signed-in users, not the public.
    "api/schema/": {"GET": API_SIGNED_IN},
    "api/docs/": {"GET": API_SIGNED_IN},
    # -- API: public referral form -------------------------------------------------------------------
    "api/public/referrals/": {"POST": cells(400, anonymous=400)},
    "api/public/referrals/status/": {"POST": cells(404, anonymous=404)},
    "api/public/referrals/captcha/": {"GET": API_PUBLIC},
    # -- API: referral triage (target: a referral hosted by the platform's unit / one hosted nowhere)
    # Reviewers list only the referrals their unit hosts (none for most), masked.
    "api/^referrals/$": {"GET": API_SIGNED_IN},
    "api/^referrals/(?P<pk>[^/.]+)/$": {
        "target": "referral",
        "GET": api(NOT_YOURS, promotion_staff=200, leader=200, administrator=200, platform_reviewer=200),
        "GET other": api(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
    },
    "api/^referrals/(?P<pk>[^/.]+)/accept/$": {
        "target": "referral",
        "POST": TRIAGE_REFUSED_TO_OTHERS["POST"],
        # A referral still waiting: an empty request accepts it as a lead (every field has a default).
        "POST other": api(NOT_YOURS, promotion_staff=(200, 400), administrator=(200, 400), leader=403),
    },
    "api/^referrals/(?P<pk>[^/.]+)/merge/$": {"target": "referral", **TRIAGE_REFUSED_TO_OTHERS},
    "api/^referrals/(?P<pk>[^/.]+)/reject/$": {"target": "referral", **TRIAGE_REFUSED_TO_OTHERS},
    "api/^referrals/(?P<pk>[^/.]+)/confirm/$": {
        "target": "referral",
        # The centre's staff confirm for the centre, the host unit's people for the host unit.
        "POST": api(NOT_YOURS, promotion_staff=400, administrator=400, platform_reviewer=400, leader=403),
        "POST other": api(NOT_YOURS, promotion_staff=400, administrator=400, leader=403),
    },
    # -- API: projects ----------------------------------------------------------------------------
    "api/^projects/$": {"GET": API_VIEW_ALL, "POST": pipeline_api(400)},
    "api/^projects/(?P<pk>[^/.]+)/$": {
        "target": "project",
        "GET": API_VIEW_ALL,
        "GET other": API_VIEW_ALL,
        "PUT": pipeline_api(400),
        "PATCH": pipeline_api(200),
    },
    "api/^projects/(?P<pk>[^/.]+)/decisions/$": {
        "target": "project",
        "POST": api(403, leader=400, administrator=400),
    },
    "api/^projects/(?P<pk>[^/.]+)/transition/$": {
        "target": "project",
        # Leaders record a decision's "no" and exits, staff the rest: both may ask, the step decides.
        "POST": api(403, promotion_staff=400, leader=400, administrator=400),
    },
    "api/ledger/rates/": {"GET": API_VIEW_ALL},
    "api/ledger/export/": {"GET": API_VIEW_ALL},
    # -- API: "8+X" pre-review (target: the open round every role's unit sits on / a concluded round
    # without the platform and the expert) -------------------------------------------------------
    "api/^review-rounds/$": {"GET": API_SIGNED_IN, "POST": pipeline_api(400)},
    "api/^review-rounds/(?P<pk>[^/.]+)/$": {
        "target": "round",
        "GET": api(NOT_YOURS, **ROUND_READERS),
        "GET other": api(NOT_YOURS, **ROUND_READERS) | dict(platform_reviewer=NOT_YOURS, expert=NOT_YOURS),
    },
    "api/^review-rounds/(?P<pk>[^/.]+)/close/$": {
        "target": "round",
        "POST": ROUND_STEP,
        "POST other": ROUND_NOT_SAT_ON,
    },
    "api/^review-rounds/(?P<pk>[^/.]+)/participants/$": {
        "target": "round",
        "POST": ROUND_STEP,
        "POST other": ROUND_NOT_SAT_ON,
    },
    "api/^review-rounds/(?P<pk>[^/.]+)/terms/$": {
        "target": "round",
        "POST": {**ROUND_STEP, "promotion_staff": 200, "administrator": 200},
        "POST other": ROUND_NOT_SAT_ON,
    },
    # Opinions (target: the role's own unit's opinion in the open round, signed with a file / an
    # opinion of a unit none of the role accounts belongs to).
    "api/^review-opinions/$": {"GET": API_SIGNED_IN},
    "api/^review-opinions/(?P<pk>[^/.]+)/$": {
        "target": "opinion",
        "GET": api(NOT_YOURS, **ROUND_READERS),
        "GET other": api(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
    },
    "api/^review-opinions/(?P<pk>[^/.]+)/sign/$": {
        "target": "opinion",
        "POST": api(403, department_reviewer=400, platform_reviewer=400, expert=400),
        "POST other": api(NOT_YOURS),
    },
    "api/^review-opinions/(?P<pk>[^/.]+)/versions/$": {
        "target": "opinion",
        "GET": api(NOT_YOURS, **ROUND_READERS),
        "GET other": api(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
    },
    # -- API: notifications (target: the role's own notification / someone else's) -------------------
    "api/^notifications/$": {"GET": API_SIGNED_IN},
    "api/^notifications/read-all/$": {"POST": API_SIGNED_IN},
    "api/^notifications/unread-count/$": {"GET": API_SIGNED_IN},
    "api/^notifications/(?P<pk>[^/.]+)/$": {
        "target": "notification",
        "GET": API_SIGNED_IN,
        "GET other": api(404),
    },
    "api/^notifications/(?P<pk>[^/.]+)/read/$": {
        "target": "notification",
        "POST": API_SIGNED_IN,
        "POST other": api(404),
    },
    # -- pages: projects ------------------------------------------------------------------------------
    "projects/": {"GET": VIEW_ALL},
    "projects/new/": {"GET": PIPELINE, "POST": PIPELINE},
    "projects/<int:pk>/": {"target": "project", "GET": VIEW_ALL, "GET other": VIEW_ALL},
    "projects/<int:pk>/edit/": {"target": "project", "GET": PIPELINE, "POST": PIPELINE},
    "projects/<int:pk>/transition/": {
        "target": "project",
        "POST": page(403, promotion_staff=302, leader=302, administrator=302),
    },
    "projects/<int:pk>/documents/": {
        "target": "project",
        "POST": page(403, promotion_staff=400, administrator=400),
    },
    "projects/<int:pk>/documents/<int:document_id>/": {
        "target": "document",
        "GET": VIEW_ALL,
        # other: the document asked for under a project it does not belong to.
        "GET other": page(403, promotion_staff=404, leader=404, administrator=404),
    },
    "projects/<int:pk>/task-force/": {
        "target": "project",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "projects/<int:pk>/decisions/": {"target": "project", "POST": page(403, leader=400, administrator=400)},
    "projects/dashboard/": {"GET": VIEW_ALL},
    "projects/rates/": {"GET": VIEW_ALL},
    # The projects behind a rate: without a rate in the query there is nothing to show.
    "projects/rates/projects/": {"GET": page(403, promotion_staff=404, leader=404, administrator=404)},
    "projects/export/": {"GET": VIEW_ALL},
    "projects/import/": {"GET": PIPELINE, "POST": PIPELINE},
    # -- pages: pre-review ---------------------------------------------------------------------------
    # The inbox is the reviewers' page (the administrator holds every permission).
    "reviews/": {
        "GET": page(403, department_reviewer=200, platform_reviewer=200, expert=200, administrator=200)
    },
    "reviews/opinions/<int:pk>/": {
        "target": "opinion",
        "GET": page(NOT_YOURS, **ROUND_READERS),
        "GET other": page(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
        "POST": page(NOT_YOURS, department_reviewer=200, platform_reviewer=200, expert=200)
        | dict(promotion_staff=403, leader=403, administrator=403),
        "POST other": page(NOT_YOURS),
    },
    "reviews/attachments/<int:pk>/": {
        "target": "opinion_attachment",
        "GET": page(NOT_YOURS, **ROUND_READERS),
        "GET other": page(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
    },
    "reviews/rounds/": {"GET": VIEW_ALL},
    "reviews/rounds/new/": {"GET": PIPELINE, "POST": PIPELINE},
    "reviews/rounds/<int:pk>/": {
        "target": "round",
        # A reviewer opening a round they sit on is taken to their own opinion.
        "GET": page(NOT_YOURS, **ROUND_READERS)
        | dict(department_reviewer=302, platform_reviewer=302, expert=302),
        "GET other": page(
            NOT_YOURS,
            department_reviewer=302,
            promotion_staff=200,
            leader=200,
            administrator=200,
            platform_reviewer=NOT_YOURS,
            expert=NOT_YOURS,
        ),
    },
    "reviews/rounds/<int:pk>/manage/": {
        "target": "round",
        "GET": PIPELINE,
        "GET other": page(403, promotion_staff=302, administrator=302),  # concluded: back to the round
    },
    "reviews/rounds/<int:pk>/terms/": {
        "target": "round",
        "POST": page(403, promotion_staff=302, administrator=302),
        "POST other": page(403, promotion_staff=302, administrator=302),
    },
    "reviews/rounds/<int:pk>/participants/": {
        "target": "round",
        "POST": PIPELINE,
        "POST other": page(403, promotion_staff=302, administrator=302),
    },
    "reviews/rounds/<int:pk>/close/": {"target": "round", "POST": PIPELINE, "POST other": PIPELINE},
    # Minutes of a concluded round the fixed departments sat on, the platform and the expert did not.
    "reviews/rounds/<int:pk>/minutes/": {
        "target": "minutes",
        "GET": page(NOT_YOURS, promotion_staff=200, department_reviewer=200, leader=200, administrator=200),
    },
    "reviews/rounds/<int:pk>/minutes.pdf": {
        "target": "minutes",
        "GET": page(NOT_YOURS, promotion_staff=200, department_reviewer=200, leader=200, administrator=200),
    },
    # -- pages: referrals ------------------------------------------------------------------------------
    "refer/": {"GET": PUBLIC, "POST": cells(400, anonymous=400)},
    "refer/thanks/": {"GET": cells(302, anonymous=302)},  # only right after a report
    "refer/status/": {"GET": PUBLIC, "POST": cells(404, anonymous=404)},
    "refer/queue/": {"GET": VIEW_ALL},
    "refer/queue/<int:pk>/": {
        "target": "referral",
        "GET": page(NOT_YOURS, promotion_staff=200, leader=200, administrator=200, platform_reviewer=200),
        "GET other": page(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
    },
    "refer/queue/<int:pk>/accept/": {
        "target": "referral",
        "POST": page(NOT_YOURS, promotion_staff=400, administrator=400, platform_reviewer=403, leader=403),
        "POST other": page(NOT_YOURS, promotion_staff=400, administrator=400, leader=403),
    },
    "refer/queue/<int:pk>/merge/": {
        "target": "referral",
        "POST": page(NOT_YOURS, promotion_staff=400, administrator=400, platform_reviewer=403, leader=403),
        "POST other": page(NOT_YOURS, promotion_staff=400, administrator=400, leader=403),
    },
    "refer/queue/<int:pk>/reject/": {
        "target": "referral",
        "POST": page(NOT_YOURS, promotion_staff=400, administrator=400, platform_reviewer=403, leader=403),
        "POST other": page(NOT_YOURS, promotion_staff=400, administrator=400, leader=403),
    },
    "refer/queue/<int:pk>/confirm/<str:party>/": {
        "target": "referral",  # party: the host unit
        "POST": page(403, platform_reviewer=302),
        "POST other": page(NOT_YOURS),
    },
    "refer/queue/<int:pk>/attachments/<int:attachment_id>/": {
        "target": "referral_attachment",
        "GET": page(NOT_YOURS, promotion_staff=200, leader=200, administrator=200, platform_reviewer=200),
        "GET other": page(NOT_YOURS, promotion_staff=200, leader=200, administrator=200),
    },
    # -- pages: notifications --------------------------------------------------------------------
    "notifications/": {"GET": SIGNED_IN},
    "notifications/badge/": {"GET": cells(200, anonymous=204)},
    "notifications/read/": {"POST": page(302)},
    "notifications/<int:pk>/read/": {"target": "notification", "POST": page(302), "POST other": page(404)},
    "notifications/agenda/": {"GET": VIEW_ALL},
    "notifications/jobs/": {"GET": ADMIN_ONLY},
    "notifications/deliveries/<int:pk>/retry/": {"target": "delivery", "POST": page(403, administrator=302)},
    # -- rewards (no unit owns a reward: one installment, one project, one challenge for every role) --
    # Staff enter and check, leaders approve, finance pays; reviewers have no part in rewards.
    "api/^reward-installments/$": {"GET": REWARDS_API},
    "api/^reward-installments/(?P<pk>[^/.]+)/$": {"target": "installment", "GET": REWARDS_API},
    "api/^reward-installments/(?P<pk>[^/.]+)/act/$": {
        "target": "installment",
        "POST": api(403, promotion_staff=400, leader=400, finance=400, administrator=400),
    },
    "api/^reward-taxes/$": {"GET": REWARDS_API, "POST": api(403, promotion_staff=400, administrator=400)},
    "api/^reward-taxes/(?P<pk>[^/.]+)/verify/$": {
        "target": "reward_tax",
        "POST": api(403, promotion_staff=400, administrator=400),
    },
    "api/rewards/notice/": {"GET": API_PUBLIC},  # the public notice (公示)
    "api/rewards/what-if/": {
        "POST": api(403, promotion_staff=400, leader=400, finance=400, administrator=400)
    },
    "rewards/": {"GET": REWARDS_PAGE},
    "rewards/export/": {"GET": REWARDS_PAGE},
    "rewards/queue/": {"GET": REWARDS_PAGE},
    "rewards/publish/": {"POST": page(403, promotion_staff=302, administrator=302)},
    "rewards/notice/": {"GET": PUBLIC},
    # Anyone may object to a noticed installment; an empty objection is refused.
    "rewards/notice/<int:pk>/object/": {
        "target": "public_installment",
        "GET": PUBLIC,
        "POST": cells(400, anonymous=400),
    },
    # An empty resolution: back to the project with the form's errors.
    "rewards/objections/<int:pk>/resolve/": {
        "target": "objection",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "rewards/what-if/": {"GET": REWARDS_PAGE},
    "rewards/forecast/": {"GET": REWARDS_PAGE},
    "rewards/tax-import/": {"GET": PIPELINE, "POST": PIPELINE},
    "rewards/projects/<int:pk>/": {"target": "reward_project", "GET": REWARDS_PAGE},
    "rewards/projects/<int:pk>/figures/": {
        "target": "reward_project",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "rewards/projects/<int:pk>/figures/verify/": {
        "target": "reward_project",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "rewards/projects/<int:pk>/tax/": {
        "target": "reward_project",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "rewards/projects/<int:pk>/tax/<int:tax_id>/verify/": {
        "target": "reward_project",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "rewards/projects/<int:pk>/beneficiaries/<str:reward>/": {
        "target": "reward_project",
        "GET": PIPELINE,
        "POST": page(403, promotion_staff=400, administrator=400),
    },
    "rewards/installments/<int:pk>/form.pdf": {"target": "installment", "GET": REWARDS_PAGE},
    "rewards/installments/<int:pk>/<str:action>/": {  # action: check
        "target": "installment",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    # -- league table (unit: the role's own unit; the centre, leaders and experts are not ranked, so
    # their own unit has no page; the finance bureau is a county department, ranked with them) -----
    "api/scoring/board/": {"GET": API_SIGNED_IN},
    "api/scoring/units/<int:pk>/lines/": {
        "target": "unit",
        # The enterprise has no unit of its own: it asks for a ranked department's (发改).
        "GET": api(404, department_reviewer=200, platform_reviewer=200, finance=200, enterprise=200),
    },
    # Posting a challenge is the centre's; a unit claims one. Refused before the body is read.
    "api/^scoring/challenges/$": {
        "GET": API_SIGNED_IN,
        "POST": api(403, promotion_staff=400, administrator=400),
    },
    "api/^scoring/challenges/(?P<pk>[^/.]+)/$": {"target": "challenge", "GET": API_SIGNED_IN},
    "api/^scoring/challenges/(?P<pk>[^/.]+)/claim/$": {
        "target": "challenge",
        "POST": api(403, department_reviewer=400, platform_reviewer=400, finance=400),
    },
    "api/^scoring/adjustments/$": {
        "GET": API_SIGNED_IN,
        "POST": api(403, promotion_staff=400, administrator=400),
    },
    "api/^scoring/frozen-boards/$": {"GET": API_SIGNED_IN},
    "api/^scoring/frozen-boards/(?P<pk>[^/.]+)/$": {"target": "frozen_board", "GET": API_SIGNED_IN},
    # Credited units are declared by the centre; refused before the body is read.
    "api/scoring/projects/<int:pk>/credits/": {
        "target": "project",
        "GET": api(403, promotion_staff=200, administrator=200),
        "PUT": api(403, promotion_staff=400, administrator=400),
    },
    "league/": {"GET": SIGNED_IN},
    "league/units/<int:pk>/": {
        "target": "unit",
        "GET": page(404, department_reviewer=200, platform_reviewer=200, finance=200, enterprise=200),
    },
    "league/screen/": {"GET": SIGNED_IN},
    "league/export.xlsx": {"GET": SIGNED_IN},
    "league/export.pdf": {"GET": SIGNED_IN},
    "league/challenges/": {"GET": SIGNED_IN, "POST": PIPELINE},
    "league/challenges/<int:pk>/claim/": {
        "target": "challenge",
        # A ranked unit claims (back to the list, with the outcome); leaders have no unit to claim for.
        "POST": page(403, department_reviewer=302, platform_reviewer=302, finance=302),
    },
    "league/adjustments/new/": {"GET": PIPELINE, "POST": PIPELINE},
    "league/projects/<int:pk>/credits/": {"target": "project", "GET": PIPELINE, "POST": PIPELINE},
    # -- enterprise requests (issue 15): an enterprise its own, a unit those assigned to it; the
    # demo request is led by the development zone (the platform reviewer, also the deputy cadre) ----
    "aftercare/": {"GET": SIGNED_IN},
    "aftercare/new/": {"GET": AFTERCARE_FILERS, "POST": AFTERCARE_FILERS},
    "aftercare/<int:pk>/": {"target": "service_request", "GET": page(404, **AFTERCARE_READERS)},
    # The lead unit's stage reply: its form comes back with errors; readers who may not reply get 403.
    "aftercare/<int:pk>/steps/<slug:name>/": {
        "target": "service_request",
        "POST": page(404, **{**dict.fromkeys(AFTERCARE_READERS, 403), "platform_reviewer": 200}),
    },
    "aftercare/statistics/": {"GET": AFTERCARE_STATISTICS},
    "aftercare/answers/": {"GET": SIGNED_IN},
    "aftercare/accounts/new/": {"GET": PIPELINE, "POST": PIPELINE},
    "api/^aftercare/requests/$": {
        "GET": API_SIGNED_IN,
        "POST": api(
            403, **dict.fromkeys(("promotion_staff", "administrator", "enterprise", "platform_reviewer"), 400)
        ),
    },
    "api/^aftercare/requests/(?P<pk>[^/.]+)/$": {
        "target": "service_request",
        "GET": api(404, **AFTERCARE_READERS),
    },
    "api/^aftercare/requests/(?P<pk>[^/.]+)/step/$": {
        "target": "service_request",
        "POST": api(404, **dict.fromkeys(AFTERCARE_READERS, 400)),
    },
    "api/aftercare/statistics/": {
        "GET": api(403, **{r: 200 for r in AFTERCARE_STATISTICS if r not in ("*", ANON)})
    },
    "api/aftercare/answers/": {"GET": API_SIGNED_IN},
    # -- industry chains: staff and leaders read, staff act (a second "make a lead" answers 400) ------
    "api/chains/": {"GET": API_VIEW_ALL},
    "api/chains/map/": {"GET": API_VIEW_ALL},
    "api/chains/<int:pk>/leader/": {"target": "chain", "GET": API_VIEW_ALL},
    "api/chains/links/<int:pk>/targets/": {"target": "chain_link", "GET": API_VIEW_ALL},
    "api/chains/targets/import/": {"POST": pipeline_api(400)},
    "api/chains/targets/<int:pk>/contacted/": {"target": "chain_target", "POST": pipeline_api(200)},
    "api/chains/targets/<int:pk>/lead/": {"target": "chain_target", "POST": pipeline_api((201, 400))},
    "chains/": {"GET": VIEW_ALL},
    "chains/<int:pk>/": {"target": "chain", "GET": VIEW_ALL},
    "chains/links/<int:pk>/": {"target": "chain_link", "GET": VIEW_ALL},
    "chains/targets/import/": {"GET": PIPELINE, "POST": PIPELINE},
    "chains/targets/<int:pk>/contacted/": {"target": "chain_target", "POST": PIPELINE_ACTS},
    "chains/targets/<int:pk>/lead/": {"target": "chain_target", "POST": PIPELINE_ACTS},
    # -- investor records (客商库): the centre keeps them, leaders read, nobody else sees them ------------
    "investors/": {"GET": VIEW_ALL},
    "investors/new/": {"GET": PIPELINE, "POST": PIPELINE},
    "investors/<int:pk>/": {"target": "investor", "GET": VIEW_ALL},
    "investors/<int:pk>/edit/": {"target": "investor", "GET": PIPELINE, "POST": PIPELINE},
    # An empty form: the record again with the form's errors.
    "investors/<int:pk>/contacts/": {"target": "investor", "POST": PIPELINE},
    "investors/<int:pk>/interactions/": {"target": "investor", "POST": PIPELINE},
    "investors/interactions/<int:pk>/done/": {
        "target": "interaction",
        "POST": page(403, promotion_staff=302, administrator=302),
    },
    "investors/projects/<int:pk>/": {"target": "project", "GET": VIEW_ALL, "POST": PIPELINE},
    "investors/conversions/": {"GET": VIEW_ALL},
    "investors/stalled/": {"GET": VIEW_ALL},
    "investors/ceremonies/": {"GET": VIEW_ALL, "POST": PIPELINE},
    "investors/ceremonies/<int:pk>/": {"target": "ceremony", "GET": VIEW_ALL, "POST": PIPELINE},
    "investors/unfunded/": {"GET": VIEW_ALL},
    "api/^investors/$": {"GET": API_VIEW_ALL, "POST": pipeline_api(400)},
    "api/^investors/(?P<pk>[^/.]+)/$": {"target": "investor", "GET": API_VIEW_ALL},
    "api/^investors/(?P<pk>[^/.]+)/interactions/$": {"target": "investor", "GET": API_VIEW_ALL},
    "api/^investor-interactions/$": {"GET": API_VIEW_ALL, "POST": pipeline_api(400)},
    "api/^signing-ceremonies/$": {"GET": API_VIEW_ALL, "POST": pipeline_api(400)},
    "api/^signing-ceremonies/(?P<pk>[^/.]+)/$": {"target": "ceremony", "GET": API_VIEW_ALL},
    "api/^signing-ceremonies/(?P<pk>[^/.]+)/listings/$": {
        "target": "ceremony",
        "GET": API_VIEW_ALL,
        "POST": pipeline_api(400),
    },
    "api/investor-reports/conversions/": {"GET": API_VIEW_ALL},
    "api/investor-reports/stalled/": {"GET": API_VIEW_ALL},
    "api/investor-reports/unfunded/": {"GET": API_VIEW_ALL},
    # -- admin site ----------------------------------------------------------------------------------
    "admin/": {"GET": ADMIN_SITE},
    "admin/login/": {"GET": cells(200, anonymous=200, administrator=302)},
    "admin/logout/": {"POST": cells(302, anonymous=302, administrator=LOGIN)},
    "admin/password_change/": {"GET": ADMIN_SITE},
    "admin/password_change/done/": {"GET": ADMIN_SITE},
    "admin/autocomplete/": {"GET": admin_site(403)},  # without a field to complete
    "admin/jsi18n/": {"GET": ADMIN_SITE},
    # "View on site": projects have no public URL.
    "admin/r/<path:content_type_id>/<path:object_id>/": {"GET": admin_site(404)},
    "admin/^<app_label>/$": {"GET": ADMIN_SITE},
    "admin/(?P<url>.*)$": {"GET": admin_site(404)},
    "admin/org/user/<id>/password/": {"GET": ADMIN_SITE},
    "admin/<app>/<model>/": {"GET": ADMIN_SITE},
    "admin/<app>/<model>/add/": {"GET": ADMIN_MODEL_FORM, "POST": ADMIN_MODEL_FORM},
    "admin/<app>/<model>/<path:object_id>/": {"GET": admin_site(302)},  # to the change page
    "admin/<app>/<model>/<path:object_id>/change/": {"GET": ADMIN_MODEL_FORM, "POST": ADMIN_MODEL_FORM},
    "admin/<app>/<model>/<path:object_id>/history/": {"GET": ADMIN_SITE},
    "admin/<app>/<model>/<path:object_id>/delete/": {"GET": ADMIN_MODEL_FORM},
}
