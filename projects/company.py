"""Company identity: the key by which the portal recognises the same investor twice (首报)."""

import re
import unicodedata

from django.db.models import Q

from .credit_code import is_valid_credit_code, normalise_credit_code

# Longest first, so "集团有限公司" goes before "有限公司".
_LEGAL_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "集团有限公司",
        "有限公司",
        "集团公司",
        "集团",
        "公司",
        "coltd",
        "companylimited",
        "corporation",
        "limited",
        "corp",
        "inc",
        "llc",
        "ltd",
        "co",
        "gmbh",
    ],
    key=len,
    reverse=True,
)
_NOT_NAME = re.compile(r"[\W_]+", re.UNICODE)


def normalise_company_name(name):
    """Full/half width, case, spaces and punctuation folded; trailing legal suffixes dropped."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _NOT_NAME.sub("", text)
    changed = True
    while changed and text:
        changed = False
        for suffix in _LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text


def company_name_key(name):
    return normalise_company_name(name)[:200]


def company_code_key(credit_code):
    code = normalise_credit_code(credit_code)
    return code if is_valid_credit_code(code) else ""


def same_company_q(*, name_key, code_key, name_field, code_field):
    """Rows naming the same company: the same normalised name, or the same credit code when there is
    one. The one rule by which the ledger, referrals (首报) and the investor records (客商库) know a
    company again; `name_field` and `code_field` are the columns holding the two keys."""
    same = Q(**{name_field: name_key})
    if code_key:
        same |= Q(**{code_field: code_key})
    return same


def in_ledger_q(*, name_key, code_key, prefix=""):
    """Projects (or rows `prefix`-ed to a project) whose investor is this company."""
    return same_company_q(
        name_key=name_key,
        code_key=code_key,
        name_field=f"{prefix}investor_key",
        code_field=f"{prefix}investor_credit_code",
    )
