import functools

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone

from .models import AuditEntry


def audit_record(*, obj, action, actor=None, from_state="", to_state="", note="", data=None, project_id=None):
    """Write one audit row for `obj`; call it inside the transaction that made the change."""
    if project_id is None and obj.__class__.__name__ == "Project":
        project_id = obj.pk
    entry = AuditEntry(
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        project_id=project_id,
        from_state=from_state or "",
        to_state=to_state or "",
        note=note or "",
        data=data or {},
    )
    connection = connections[router.db_for_write(AuditEntry)]
    if connection.vendor != "postgresql":
        entry.save(force_insert=True)
        return entry
    # One plain INSERT: every change in the portal writes a row, and Model.save() spends more
    # time preparing the statement than PostgreSQL spends running it.
    columns = _columns()
    params = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in columns]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), params)
        entry.pk = cursor.fetchone()[0]
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


@functools.cache
def _columns():
    return [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]


@functools.cache
def _insert_sql():
    names = ", ".join(f'"{f.column}"' for f in _columns())
    values = ", ".join(["%s"] * len(_columns()))
    return f'INSERT INTO "{AuditEntry._meta.db_table}" ({names}) VALUES ({values}) RETURNING "id"'
