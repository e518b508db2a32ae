"""Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters, last one a check digit."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(value):
    return (value or "").strip().upper()


def is_valid_credit_code(value):
    code = normalise_credit_code(value)
    if len(code) != 18 or any(c not in ALPHABET for c in code):
        return False
    return check_char(code[:17]) == code[17]


def validate_credit_code(value):
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(_("A unified social credit code has 18 characters."), code="length")
    if any(c not in ALPHABET for c in code):
        raise ValidationError(
            _("A unified social credit code uses digits and capital letters except I, O, Z, S and V."),
            code="alphabet",
        )
    if check_char(code[:17]) != code[17]:
        raise ValidationError(_("The check digit of this credit code is wrong."), code="check_digit")
