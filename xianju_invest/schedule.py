"""Every periodic job, declared once; `manage.py setup_schedule` writes them to django-celery-beat.

name: (task, crontab fields) — times are Asia/Shanghai.
"""

JOBS = {
    "outbox-sweep": ("notifications.tasks.outbox_sweep", {"minute": "*/5"}),
}
