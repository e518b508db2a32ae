"""Field rules shared by the model, the page form and the API serializer."""

import re
import unicodedata
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")

# Leading bytes of each allowed file type: the extension alone is not trusted.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"],
    "xlsx": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}


def attachment_max_bytes():
    return getattr(settings, "REFERRAL_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)


def attachment_max_count():
    return getattr(settings, "REFERRAL_ATTACHMENT_MAX_COUNT", 3)


def request_max_bytes():
    return getattr(settings, "REFERRAL_REQUEST_MAX_BYTES", 16 * 1024 * 1024)


def validate_mobile(value):
    if not MOBILE_RE.match(value or ""):
        raise ValidationError(_("Enter an 11-digit mainland mobile number."), code="mobile")


def validate_plain_text(value):
    """No control characters (newlines and tabs aside): they break storage and display."""
    for ch in str(value or ""):
        if ch in "\n\r\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            raise ValidationError(_("This text contains characters that are not allowed."), code="control")


def validate_attachment(upload):
    """Allowed type (by extension and content) and size; raises ValidationError."""
    name = str(getattr(upload, "name", "") or "")
    ext = PurePath(name).suffix.lower().lstrip(".")
    allowed = [e for e in settings.UPLOAD_ALLOWED_EXTENSIONS if e in SIGNATURES]
    if ext not in allowed:
        raise ValidationError(
            _("Only these file types are accepted: %(types)s.") % {"types": ", ".join(allowed)}, code="type"
        )
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationError(_("This file is empty."), code="empty")
    limit = attachment_max_bytes()
    if size > limit:
        raise ValidationError(
            _("Each file may be at most %(mb)s MB.") % {"mb": limit // (1024 * 1024)}, code="size"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in SIGNATURES[ext]):
        raise ValidationError(_("The content of this file does not match its type."), code="content")
