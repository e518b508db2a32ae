"""The ledger as an Excel workbook: export the filtered ledger, import new projects from the same columns.

Headers are the project's field names in the active language (Chinese by default) with 万元 on the
amounts; the importer also accepts the English headers. An import checks every row and saves
nothing unless every row is good (one transaction; each project goes through `project_create`).
"""

import datetime as dt
import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chains.models import ChainLink, IndustryChain
from org.enums import UnitKind
from org.models import Unit
from xianju_invest.workbooks import open_rows, text_safe_cell

from .credit_code import validate_credit_code
from .enums import Category, InvestorOrigin, ProjectState, Source
from .models import Project
from .services import project_create

WAN = Decimal("10000")
FEN = Decimal("0.01")
EXPORT_MAX_ROWS = 50_000
IMPORT_STATES = (ProjectState.LEAD, ProjectState.INTAKE)
# Each row is a full project_create (validation, insert, audit row): keep one upload within a
# request's time.
IMPORT_MAX_ROWS = 1000


@dataclass(frozen=True)
class Column:
    field: str
    kind: str  # text | choice | bool | money | area | date | platform | unit | chain | link
    choices: type | None = None
    required: bool = False
    # Set only when the project is signed or later: must be empty on import.
    milestone: bool = False

    def header(self):
        label = Project._meta.get_field(self.field).verbose_name
        if self.kind == "money":
            return _("%(field)s (10k yuan)") % {"field": label}
        return str(label)


COLUMNS = [
    Column("name", "text", required=True),
    Column("state", "choice", ProjectState, required=True),
    Column("investor_name", "text", required=True),
    Column("investor_credit_code", "text"),
    Column("investor_origin", "choice", InvestorOrigin),
    Column("is_fortune500", "bool"),
    Column("platform", "platform"),
    Column("industry_chain", "chain"),
    Column("chain_link", "link"),
    Column("industry_code", "text"),
    Column("category", "choice", Category),
    Column("source", "choice", Source),
    Column("total_investment", "money"),
    Column("fixed_asset_investment", "money"),
    Column("equipment_investment", "money"),
    Column("contracted_investment", "money", milestone=True),
    Column("funds_received", "money", milestone=True),
    Column("land_area", "area"),
    Column("expected_output", "money"),
    Column("expected_tax", "money"),
    Column("planned_signing_date", "date"),
    Column("planned_start_date", "date"),
    Column("planned_completion_date", "date"),
    Column("planned_production_date", "date"),
    Column("planned_capacity_date", "date"),
    Column("contract_date", "date", milestone=True),
    Column("land_supplied_date", "date", milestone=True),
    Column("actual_start_date", "date", milestone=True),
    Column("actual_completion_date", "date", milestone=True),
    Column("actual_production_date", "date", milestone=True),
    Column("actual_capacity_date", "date", milestone=True),
    Column("responsible_unit", "unit"),
    Column("deadline", "date"),
]
PLANNED_ORDER = [
    "planned_signing_date",
    "planned_start_date",
    "planned_completion_date",
    "planned_production_date",
    "planned_capacity_date",
]
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _value_paths():
    paths = []
    for col in COLUMNS:
        if col.kind == "platform":
            paths.append("platform__name")
        elif col.kind == "unit":
            paths.append("responsible_unit__name")
        elif col.kind in ("chain", "link"):
            paths.append(f"{col.field}__name")
        else:
            paths.append(col.field)
    return paths


# --- Export ----------------------------------------------------------------------------------------


def export_workbook(queryset, *, limit=EXPORT_MAX_ROWS):
    """The ledger rows of `queryset` (at most `limit`) as .xlsx bytes; one query, streamed."""
    limit = min(limit or EXPORT_MAX_ROWS, EXPORT_MAX_ROWS)
    labels = {
        col.field: {value: str(label) for value, label in col.choices.choices}
        for col in COLUMNS
        if col.kind == "choice"
    }
    yes, no = _("Yes"), _("No")
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Project ledger"))
    for i, col in enumerate(COLUMNS, start=1):
        width = 30 if col.kind == "text" else 14
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "B2"  # header and project name stay in view
    bold = Font(bold=True)
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(sheet, value=col.header())
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    converters = []
    for col in COLUMNS:
        if col.kind == "choice":
            converters.append(lambda v, m=labels[col.field]: m.get(v, v) if v else None)
        elif col.kind == "bool":
            converters.append(lambda v: yes if v else no)
        elif col.kind == "money":
            converters.append(lambda v: None if v is None else v / WAN)
        else:
            converters.append(lambda v: v if v != "" else None)
    rows = queryset.order_by("pk").values_list(*_value_paths())[:limit]
    count = 0
    for row in rows.iterator(chunk_size=2000):
        sheet.append(
            [text_safe_cell(sheet, convert(value)) for convert, value in zip(converters, row, strict=True)]
        )
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_filename(today=None):
    today = today or dt.date.today()
    return f"ledger-{today:%Y%m%d}.xlsx"


# --- Import ----------------------------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("Line %(line)s") % {"line": self.line}
        return f"{where}, {self.column}：{self.message}" if self.column else f"{where}：{self.message}"


@dataclass
class ImportResult:
    created: list
    errors: list

    @property
    def ok(self):
        return not self.errors


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices.choices:
        lookup[value.casefold()] = value
        lookup[str(label).casefold()] = value
        with translation.override("en"):
            lookup[str(label).casefold()] = value
    return lookup


def _header_lookup():
    lookup = {}
    for col in COLUMNS:
        lookup[col.header().strip().casefold()] = col
        with translation.override("en"):
            lookup[col.header().strip().casefold()] = col
        lookup[col.field] = col
    return lookup


def _unit_lookup():
    by_name, platforms = {}, {}
    for unit in Unit.objects.filter(is_active=True).only("pk", "name", "short_name", "kind"):
        for key in {unit.name, unit.short_name} - {""}:
            by_name[key.strip()] = unit
            if unit.kind == UnitKind.PLATFORM:
                platforms[key.strip()] = unit
    return by_name, platforms


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _to_decimal(value):
    if isinstance(value, bool):
        raise InvalidOperation
    text = str(value).strip().replace(",", "")
    return Decimal(text)


def _to_date(value):
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip().replace("/", "-").replace(".", "-")
    return dt.date.fromisoformat(text)


class _RowParser:
    def __init__(self):
        self.choices = {col.field: _choice_lookup(col.choices) for col in COLUMNS if col.kind == "choice"}
        self.units, self.platforms = _unit_lookup()
        self.chains = {}
        for chain in IndustryChain.objects.only("pk", "code", "name"):
            self.chains[chain.code.casefold()] = self.chains[chain.name.strip().casefold()] = chain
        self.links = {(link.chain_id, link.name.strip()): link for link in ChainLink.objects.all()}
        self.yes = {"是", "yes", "y", "true", "1", "√", _("Yes").casefold()}
        self.no = {"否", "no", "n", "false", "0", _("No").casefold()}

    def parse(self, line, cells):
        """(fields, errors) for one data row; `cells` maps Column to the raw cell value."""
        fields, errors = {}, []

        def fail(col, message):
            errors.append(RowError(line, col.header() if col else "", str(message)))

        for col, raw in cells.items():
            if _is_blank(raw):
                if col.required:
                    fail(col, _("This column is required."))
                continue
            try:
                value = self._convert(col, raw)
            except (ValueError, InvalidOperation, TypeError):
                fail(col, self._format_hint(col))
                continue
            except ValidationError as exc:
                fail(col, " ".join(exc.messages))
                continue
            if col.milestone and value not in (None, Decimal("0.00")):
                fail(col, _("Only leads and intake projects can be imported; leave this column empty."))
                continue
            fields[col.field] = value
        state = fields.get("state")
        if state is not None and state not in IMPORT_STATES:
            fail(
                next(c for c in COLUMNS if c.field == "state"),
                _("Only projects in “%(lead)s” or “%(intake)s” can be imported.")
                % {"lead": ProjectState.LEAD.label, "intake": ProjectState.INTAKE.label},
            )
        total, fai = fields.get("total_investment"), fields.get("fixed_asset_investment")
        if total is not None and fai is not None and fai > total:
            fail(
                next(c for c in COLUMNS if c.field == "fixed_asset_investment"),
                _("Fixed-asset investment cannot exceed total investment."),
            )
        equipment = fields.get("equipment_investment")
        if equipment is not None and fai is not None and equipment > fai:
            fail(
                next(c for c in COLUMNS if c.field == "equipment_investment"),
                _("Equipment investment cannot exceed fixed-asset investment."),
            )
        previous = None
        for name in PLANNED_ORDER:
            if fields.get(name) is None:
                continue
            if previous is not None and fields[name] < fields[previous]:
                fail(
                    next(c for c in COLUMNS if c.field == name),
                    _("This date is before “%(earlier)s”.")
                    % {"earlier": Project._meta.get_field(previous).verbose_name},
                )
            previous = name
        for name in ("contracted_investment", "funds_received"):
            if fields.get(name) == Decimal("0.00"):
                fields.pop(name)
        if "chain_link" in fields:
            chain = fields.get("industry_chain")
            link = self.links.get((chain.pk if chain else None, fields["chain_link"]))
            if link is None:
                fail(
                    next(c for c in COLUMNS if c.field == "chain_link"),
                    _("The chain “%(chain)s” has no link called “%(name)s”.")
                    % {"chain": chain or "—", "name": fields["chain_link"]},
                )
            fields["chain_link"] = link
            fields["chain_link_set_by_hand"] = True
        return fields, errors

    def _convert(self, col, raw):
        if col.kind == "text":
            text = str(raw).strip()
            if col.field == "investor_credit_code":
                validate_credit_code(text)
                return text.upper()
            max_length = Project._meta.get_field(col.field).max_length
            if max_length and len(text) > max_length:
                raise ValidationError(
                    _("At most %(n)s characters.") % {"n": max_length},
                )
            return text
        if col.kind == "choice":
            value = self.choices[col.field].get(str(raw).strip().casefold())
            if value is None:
                raise ValidationError(
                    _("Unknown value “%(value)s”; use one of: %(choices)s.")
                    % {"value": raw, "choices": "、".join(str(label) for _v, label in col.choices.choices)}
                )
            return value
        if col.kind == "bool":
            text = str(raw).strip().casefold()
            if text in self.yes:
                return True
            if text in self.no:
                return False
            raise ValueError
        if col.kind in ("money", "area"):
            number = _to_decimal(raw)
            if not number.is_finite():
                raise InvalidOperation
            if number < 0:
                raise ValidationError(_("Cannot be negative."))
            value = number * WAN if col.kind == "money" else number
            value = value.quantize(FEN, ROUND_HALF_UP)
            limit = Decimal("1e14") if col.kind == "money" else Decimal("1e8")
            if value >= limit:
                raise ValidationError(_("This amount is impossibly large."))
            return value
        if col.kind == "date":
            return _to_date(raw)
        if col.kind == "chain":
            chain = self.chains.get(str(raw).strip().casefold())
            if chain is None:
                raise ValidationError(_("No industry chain is called “%(name)s”.") % {"name": raw})
            return chain
        if col.kind == "link":
            return str(raw).strip()
        if col.kind in ("platform", "unit"):
            units = self.platforms if col.kind == "platform" else self.units
            unit = units.get(str(raw).strip())
            if unit is None:
                if col.kind == "platform":
                    raise ValidationError(_("No platform is called “%(name)s”.") % {"name": raw})
                raise ValidationError(_("No unit is called “%(name)s”.") % {"name": raw})
            return unit
        raise AssertionError(col.kind)

    def _format_hint(self, col):
        if col.kind in ("money", "area"):
            return _("Not a number.")
        if col.kind == "date":
            return _("Not a date; write it as 2026-03-31.")
        if col.kind == "bool":
            return _("Write 是 or 否.")
        return _("Not a valid value.")


def import_workbook(file, *, by):
    """Create a project for every row of the workbook, or none when any row is bad.

    Returns an ImportResult: the created projects, or the errors (line, column, reason) of every
    bad row. Raises ValidationError when the file itself cannot be read.
    """
    # The header, IMPORT_MAX_ROWS lines and one more, so that an over-long workbook is reported.
    book, rows = open_rows(file, max_rows=IMPORT_MAX_ROWS + 2)
    try:
        return _import_rows(rows, by=by)
    finally:
        book.close()


def _import_rows(rows, *, by):
    header = next(rows, None)
    if header is None:
        return ImportResult([], [RowError(1, "", _("The workbook is empty."))])
    lookup = _header_lookup()
    positions, errors = {}, []
    for index, title in enumerate(header):
        if _is_blank(title):
            continue
        col = lookup.get(str(title).strip().casefold())
        if col is None:
            errors.append(RowError(1, str(title), _("Unknown column.")))
        elif col in positions.values():
            errors.append(RowError(1, str(title), _("This column appears twice.")))
        else:
            positions[index] = col
    for col in COLUMNS:
        if col.required and col not in positions.values():
            errors.append(RowError(1, col.header(), _("This column is missing.")))
    if errors:
        return ImportResult([], errors)

    parser = _RowParser()
    parsed = []
    for line, row in enumerate(rows, start=2):
        # Reaching this line, blank or not, means the sheet goes on below the limit.
        if line > IMPORT_MAX_ROWS + 1:
            message = _("A workbook may hold at most %(n)s projects; split it into smaller files.")
            return ImportResult([], [RowError(line, "", message % {"n": IMPORT_MAX_ROWS})])
        if all(_is_blank(v) for v in row):
            continue
        cells = {col: (row[i] if i < len(row) else None) for i, col in positions.items()}
        fields, row_errors = parser.parse(line, cells)
        errors.extend(row_errors)
        parsed.append((line, fields, bool(row_errors)))
    if not parsed and not errors:
        return ImportResult([], [RowError(2, "", _("The workbook has no project rows."))])

    errors.extend(_duplicates(parsed))
    created = []
    with transaction.atomic():
        for line, fields, bad in parsed:
            if bad:
                continue
            try:
                created.append(project_create(by=by, **fields))
            except ValidationError as exc:
                errors.extend(_model_errors(line, exc))
        if errors:
            transaction.set_rollback(True)
    if errors:
        errors.sort(key=lambda e: e.line)
        return ImportResult([], errors)
    return ImportResult(created, [])


def _duplicates(parsed):
    """Rows naming a project already in the ledger, or twice in the file (same name and investor)."""
    from .company import company_name_key

    keys = {}
    errors = []
    for line, fields, _bad in parsed:
        if "name" not in fields or "investor_name" not in fields:
            continue
        key = (fields["name"], company_name_key(fields["investor_name"]))
        if key in keys:
            errors.append(
                RowError(line, "", _("Same project as line %(line)s.") % {"line": keys[key]}),
            )
        else:
            keys[key] = line
    if keys:
        names = {name for name, _k in keys}
        existing = set(Project.objects.filter(name__in=names).values_list("name", "investor_key").iterator())
        for key, line in keys.items():
            if key in existing:
                errors.append(RowError(line, "", _("This project is already in the ledger.")))
    return errors


def _model_errors(line, exc):
    headers = {col.field: col.header() for col in COLUMNS}
    if hasattr(exc, "error_dict"):
        return [
            RowError(line, headers.get(field, "" if field == "__all__" else field), message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [RowError(line, "", message) for message in exc.messages]
