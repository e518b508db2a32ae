"""The route × role rows of the apps added after the pipeline: rewards, the league table, enterprise
requests, industry chains and investor records. Merged into ROUTES by tests/permissions_matrix.py."""

from tests.permissions_cells import (
    AFTERCARE_FILERS,
    AFTERCARE_READERS,
    AFTERCARE_STATISTICS,
    ANON,
    API_PUBLIC,
    API_SIGNED_IN,
    API_VIEW_ALL,
    PIPELINE,
    PIPELINE_ACTS,
    PUBLIC,
    REWARDS_API,
    REWARDS_PAGE,
    SIGNED_IN,
    VIEW_ALL,
    api,
    cells,
    page,
    pipeline_api,
)

APP_ROUTES = {
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
    # Placement by hand: staff act (an empty form shows the page again; an empty API body is a 400).
    "chains/firms/<int:pk>/placement/": {"target": "local_firm", "GET": PIPELINE, "POST": PIPELINE},
    "chains/projects/<int:pk>/placement/": {"target": "project", "GET": PIPELINE, "POST": PIPELINE},
    "api/chains/firms/<int:pk>/placement/": {"target": "local_firm", "POST": pipeline_api(400)},
    "api/chains/projects/<int:pk>/placement/": {"target": "project", "POST": pipeline_api(400)},
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
}
