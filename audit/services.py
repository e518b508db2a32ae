from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditEntry


def audit_record(*, obj, action, actor=None, from_state="", to_state="", note="", data=None, project_id=None):
    """Write one audit row for `obj`; call it inside the transaction that made the change."""
    if project_id is None and obj.__class__.__name__ == "Project":
        project_id = obj.pk
    return AuditEntry.objects.create(
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
