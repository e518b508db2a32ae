"""Every periodic job, declared once; `manage.py setup_schedule` writes them to django-celery-beat.

name: (task, crontab fields) — times are Asia/Shanghai. Later apps add their jobs here.
"""

JOBS = {
    # The outbox: events whose dispatch was lost (broker down at save time) and due channel retries.
    "outbox-sweep": ("notifications.tasks.outbox_sweep", {"minute": "*/5"}),
    # Reminders N working days before a deadline (ReminderPolicy; default 2). Skips non-working days.
    "deadline-reminders": ("notifications.tasks.deadline_reminders", {"minute": "30", "hour": "8"}),
    # Overdue: responsible person, then unit head, then convener, over working days.
    "overdue-escalation": ("notifications.tasks.overdue_escalation", {"minute": "0", "hour": "9"}),
    # Status lights: tell once when a project turns red.
    "status-lights": ("notifications.tasks.status_lights", {"minute": "0", "hour": "7"}),
    # Weekly digest and the regular meeting (例会) agenda for the centre, Monday morning.
    "weekly-digest": ("notifications.tasks.weekly_digest", {"minute": "0", "hour": "8", "day_of_week": "1"}),
    # Reward installments that fell due (milestones reached, tax years verified), each created once.
    "rewards-due": ("incentives.tasks.rewards_due", {"minute": "30", "hour": "6"}),
    # The league table (晾晒比拼): freeze last month's board on the 1st and tell the units their rank.
    "league-freeze": (
        "scoring.tasks.board_freeze_previous_month",
        {"minute": "30", "hour": "6", "day_of_month": "1"},
    ),
    # Challenges (揭榜挂帅): won when a linked project signed on target, expired after the deadline.
    "challenges-settle": ("scoring.tasks.challenges_settle", {"minute": "15", "hour": "6"}),
    # Enterprise requests: escalation levels reached (the last puts it on the coordination meeting's
    # agenda) and resolutions never confirmed, closed as "closed, unconfirmed". Reminders go through
    # the deadline sweep above.
    "aftercare-sweep": ("aftercare.tasks.requests_sweep", {"minute": "40", "hour": "8"}),
}
