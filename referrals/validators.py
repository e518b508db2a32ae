"""Field rules shared by the model, the page form and the API serializer."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from xianju_invest.uploads import validate_upload

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


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
    """Allowed type (by extension and content) and the referral form's own size limit."""
    validate_upload(upload, max_bytes=attachment_max_bytes())
