"""Excel in and out: the tax bureau's yearly list of retained tax, and the payment list for finance.

The import matches rows by unified social credit code; a row that matches no project or more than
one, or carries a bad figure, is listed back and nothing is saved (one transaction).
"""

import io
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from projects.credit_code import normalise_credit_code
from projects.excel import ImportResult, RowError, _is_blank, _to_decimal
from projects.models import Project
from xianju_invest.workbooks import open_rows, text_safe_cell

from .crypto import decrypt, mask
from .enums import InstallmentState, Reward
from .models import masked_name, slot_label
from .services import clean_amount, tax_enter

WAN = Decimal("10000")
IMPORT_MAX_ROWS = 5000

# header (casefolded) -> column meaning; amounts in yuan unless the header says 万元
HEADERS = {
    "统一社会信用代码": "code",
    "credit code": "code",
    "纳税人识别号": "code",
    "企业名称": "name",
    "纳税人名称": "name",
    "company": "name",
    "年度": "year",
    "year": "year",
    "县级留存税收（元）": "amount",
    "县级留存税收(元)": "amount",
    "retained tax (yuan)": "amount",
    "县级留存税收（万元）": "amount_wan",
    "县级留存税收(万元)": "amount_wan",
    "retained tax (10k yuan)": "amount_wan",
}


def tax_import(file, *, by):
    """Record every row's retained tax (entered by `by`, awaiting verification), or none."""
    # The header, IMPORT_MAX_ROWS lines and one more, so that an over-long list is reported.
    book, rows = open_rows(file, max_rows=IMPORT_MAX_ROWS + 2)
    try:
        return _tax_rows(rows, by=by)
    finally:
        book.close()


def _tax_rows(rows, *, by):
    header = next(rows, None)
    if header is None:
        return ImportResult([], [RowError(1, "", _("The workbook is empty."))])
    positions = {}
    for index, title in enumerate(header):
        meaning = HEADERS.get(str(title or "").strip().casefold())
        if meaning:
            positions[meaning.removesuffix("_wan")] = (index, meaning)
    missing = [
        label
        for key, label in (("code", "统一社会信用代码"), ("year", "年度"), ("amount", "县级留存税收（元）"))
        if key not in positions
    ]
    if missing:
        return ImportResult([], [RowError(1, m, _("This column is missing.")) for m in missing])

    parsed, errors = [], []
    for line, row in enumerate(rows, start=2):
        if all(_is_blank(v) for v in row):
            continue
        if len(parsed) == IMPORT_MAX_ROWS:
            return ImportResult(
                [], [RowError(line, "", _("At most %(n)s rows per file.") % {"n": IMPORT_MAX_ROWS})]
            )

        def cell(key, row=row):
            index = positions[key][0]
            return row[index] if index < len(row) else None

        code = normalise_credit_code(str(cell("code") or ""))
        try:
            year = int(_to_decimal(cell("year")))
        except (InvalidOperation, ValueError, TypeError):
            errors.append(RowError(line, "年度", _("Not a year.")))
            continue
        try:
            amount = _to_decimal(cell("amount"))
            if not amount.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError, TypeError):
            errors.append(RowError(line, "县级留存税收", _("Not a number.")))
            continue
        if positions["amount"][1] == "amount_wan":
            amount *= WAN
        try:
            amount = clean_amount(amount.quantize(Decimal("0.01")), label=_("Retained tax"))
        except ValidationError as exc:
            errors.extend(RowError(line, "县级留存税收", m) for m in exc.messages)
            continue
        parsed.append((line, code, year, amount))

    codes = {code for _l, code, _y, _a in parsed if code}
    matches = defaultdict(list)
    for pk, code in Project.objects.filter(investor_credit_code__in=codes).values_list(
        "pk", "investor_credit_code"
    ):
        matches[code].append(pk)
    seen = {}
    for line, code, year, _amount in parsed:
        found = matches.get(code, [])
        if not code:
            errors.append(RowError(line, "统一社会信用代码", _("The credit code is empty.")))
        elif not found:
            errors.append(RowError(line, code, _("No project has this credit code.")))
        elif len(found) > 1:
            errors.append(
                RowError(
                    line,
                    code,
                    _("%(n)s projects have this credit code; enter it on the project.") % {"n": len(found)},
                )
            )
        elif (code, year) in seen:
            errors.append(
                RowError(
                    line, code, _("Same company and year as line %(line)s.") % {"line": seen[(code, year)]}
                )
            )
        else:
            seen[(code, year)] = line
    if errors:
        return ImportResult([], sorted(errors, key=lambda e: e.line))

    created = []
    with transaction.atomic():
        for line, code, year, amount in parsed:
            try:
                created.append(
                    tax_enter(
                        project=Project(pk=matches[code][0]), year=year, amount=amount, by=by, imported=True
                    )
                )
            except ValidationError as exc:
                errors.extend(RowError(line, code, m) for m in exc.messages)
        if errors:
            transaction.set_rollback(True)
            return ImportResult([], errors)
    return ImportResult(created, [])


def payment_list(queryset, *, full, names=True):
    """The filtered register as .xlsx: payee details in full for finance, masked otherwise."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Payment list"))
    bold = Font(bold=True)
    headers = [
        _("Project"),
        _("Reward"),
        _("Installment"),
        _("Due on"),
        _("State"),
        _("Beneficiary"),
        _("ID number or credit code"),
        _("Bank"),
        _("Bank account"),
        _("Gross (yuan)"),
        _("Tax withheld (yuan)"),
        _("Net (yuan)"),
        _("Paid on"),
        _("Voucher number"),
    ]
    row = []
    for h in headers:
        c = WriteOnlyCell(sheet, value=h)
        c.font = bold
        row.append(c)
    sheet.append(row)
    rewards, states = dict(Reward.choices), dict(InstallmentState.choices)
    rows = queryset.values_list(
        "project__name",
        "reward",
        "slot",
        "trigger_date",
        "state",
        "beneficiary__name",
        "beneficiary__kind",
        "beneficiary__identifier_encrypted",
        "beneficiary__bank_name",
        "beneficiary__account_encrypted",
        "gross",
        "tax",
        "net",
        "paid_on",
        "voucher_no",
    )
    for (
        name,
        reward,
        slot,
        due,
        state,
        payee,
        kind,
        ident,
        bank,
        account,
        gross,
        tax,
        net,
        paid_on,
        voucher,
    ) in rows.iterator(chunk_size=2000):
        ident, account = decrypt(ident), decrypt(account)
        if not full:
            ident, account = mask(ident), mask(account)
        if not names:
            payee = masked_name(payee, kind)
        values = [
            name,
            str(rewards[reward]),
            str(slot_label(slot)),
            due,
            str(states[state]),
            payee,
            ident,
            bank,
            account,
            gross,
            tax,
            net,
            paid_on,
            voucher,
        ]
        sheet.append([text_safe_cell(sheet, v) for v in values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
