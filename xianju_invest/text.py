"""Single-line text (names, titles, company names): one validator for every form and endpoint.

A name goes into e-mail subjects, Excel cells, chat messages and the minutes. A line break there
breaks the subject (and every retry of that delivery); a direction override reorders what a
reader sees; a name of zero-width characters looks empty but is not. Put `validate_single_line`
on the model field (ModelForms and ModelSerializers inherit it) or on the form field.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (tab, CR, LF, NUL…), line and paragraph separators.
_BREAKING = {"Cc", "Zl", "Zp"}
# Embeddings, overrides and isolates of the bidirectional algorithm (U+202A–E, U+2066–9).
_DIRECTION = {chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
# Spaces, format characters (zero-width, joiners, marks) and unassigned code points show nothing.
_INVISIBLE = {"Zs", "Cf", "Cn", "Co", "Cs"}


def validate_single_line(value):
    if not value:
        return
    if any(unicodedata.category(ch) in _BREAKING or ch in _DIRECTION for ch in value):
        raise ValidationError(
            _("Write this on one line, without line breaks, tabs or other control characters."),
            code="single_line",
        )
    if all(unicodedata.category(ch) in _INVISIBLE for ch in value):
        raise ValidationError(
            _("Write some visible text; this holds only invisible characters."), code="invisible"
        )


def single_line(text, limit=200):
    """`text` on one line: every run of whitespace and control characters becomes one space."""
    cleaned = "".join(" " if unicodedata.category(ch) in _BREAKING or ch in _DIRECTION else ch for ch in text)
    return " ".join(cleaned.split())[:limit]
