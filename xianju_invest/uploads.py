"""The one check every uploaded file passes: allowed type (by extension and by content), size."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes each allowed type starts with, so a renamed file is refused.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
}


def allowed_extensions():
    return [e.lower() for e in settings.UPLOAD_ALLOWED_EXTENSIONS if e.lower() in SIGNATURES]


def validate_upload(upload, max_bytes=None):
    """Raise ValidationError unless `upload` is an allowed, non-empty file within the size limit."""
    limit = max_bytes or settings.UPLOAD_MAX_BYTES
    name = PurePath(str(getattr(upload, "name", "") or "")).name
    ext = PurePath(name).suffix.lower().lstrip(".")
    allowed = allowed_extensions()
    if ext not in allowed:
        raise ValidationError(
            _("“%(name)s” is not an allowed file type (allowed: %(allowed)s).")
            % {"name": name, "allowed": ", ".join(allowed)},
            code="file_type",
        )
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="file_empty")
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s; each file may not exceed %(limit)s.")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[ext]):
        raise ValidationError(
            _("“%(name)s” does not look like a .%(ext)s file.") % {"name": name, "ext": ext},
            code="file_content",
        )
