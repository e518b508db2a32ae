"""What must survive a move between databases: rows per model and the audit timeline.

`python manage.py shell -c "from tests.sqlite.snapshot import main; main()"` prints it as JSON.
"""

import json

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder

from audit.models import AuditEntry

TIMELINE_FIELDS = [
    "at",
    "actor__username",
    "action",
    "content_type__app_label",
    "content_type__model",
    "object_id",
    "project_id",
    "from_state",
    "to_state",
    "note",
    "data",
]


def snapshot():
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models() if not m._meta.proxy}
    # dumpdata keeps times to the millisecond, so the timeline is compared at that precision: a row
    # written at 10:00:00.000412 comes back as 10:00:00.000 (the encoder alone would print ".000Z"
    # for one and "Z" for the other).
    timeline = [
        (at.isoformat(timespec="milliseconds"), *rest)
        for at, *rest in AuditEntry.objects.order_by("at", "pk").values_list(*TIMELINE_FIELDS)
    ]
    return json.loads(json.dumps({"counts": counts, "timeline": timeline}, cls=DjangoJSONEncoder))


def main():
    print(json.dumps(snapshot(), ensure_ascii=False))
