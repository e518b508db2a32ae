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

from tests.permissions_cells import (
    ADMIN_MODEL_FORM,
    ADMIN_ONLY,
    ADMIN_SITE,
    API_PUBLIC,
    API_SIGNED_IN,
    API_VIEW_ALL,
    LOGIN,
    NOT_YOURS,
    PIPELINE,
    PUBLIC,
    ROUND_NOT_SAT_ON,
    ROUND_READERS,
    ROUND_STEP,
    SIGNED_IN,
    TRIAGE_REFUSED_TO_OTHERS,
    VIEW_ALL,
    admin_site,
    api,
    cells,
    page,
    pipeline_api,
)
from tests.permissions_matrix_apps import APP_ROUTES

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
ROUTES.update(APP_ROUTES)
