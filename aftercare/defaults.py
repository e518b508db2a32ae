"""The default clock policy (issue 15 §3), seeded by migration 0002."""

import datetime as dt

DEFAULT_POLICY = {
    "name": "县默认诉求办理时限",
    "effective_from": dt.date(2020, 1, 1),
    "contact_workdays": 1,
    "reply_workdays": 3,
    "close_general_workdays": 5,
    "close_complex_workdays": 15,
    "assist_workdays": 3,
    "objection_workdays": 1,
    "extension_notice_workdays": 1,
    "reopen_workdays": 15,
    "confirm_workdays": 5,
}
