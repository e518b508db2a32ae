"""Excel workbooks from and for strangers: every export writes its cells, every import opens its file here.

Exports: text is always stored as text, never as a formula. Imports: a workbook is a zip that may
unpack to far more than was uploaded, and its sheet may declare a size (`A1:XFD20000`) that
openpyxl pads every row to; both are bounded before a row is read.
"""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils.exceptions import InvalidFileException

# 1000 rows of the ledger unpack to about 1 MB; a 143 KB upload can hold 64 MB of shared strings.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_COLUMNS = 100
# Text starting with one of these is a formula to Excel or LibreOffice once edited (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def text_safe_cell(sheet, value):
    """`value` for `sheet.append`: text stays text, quote-prefixed (as Excel does) if formula-like.

    Only text that openpyxl would not store as plain text (a formula start, an error code such as
    `#N/A`) needs a cell of its own; anything else goes as the value itself, which openpyxl writes
    through one reused cell (a cell per value cost about a third of a 10,000-row export).
    """
    if not isinstance(value, str) or not (value.startswith(FORMULA_STARTS) or value in ERROR_CODES):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _check_archive(file):
    # zipfile never returns more than a member's declared size: their sum bounds what openpyxl reads.
    with zipfile.ZipFile(file) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    file.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("This workbook unpacks to more than %(mb)s MB; split it into smaller files.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def open_rows(file, *, max_rows):
    """(book, rows) of the first sheet: as wide as its header, at most `max_rows` lines in all.

    The declared dimension is ignored; the caller closes the book. Raises ValidationError with a
    Chinese message when the file is no workbook or unpacks past the limit.
    """
    try:
        _check_archive(file)
        book = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(_("This file is not an Excel workbook (.xlsx).")) from exc
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    header = next(sheet.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    width = max((i + 1 for i, v in enumerate(header) if v is not None and str(v).strip()), default=0)
    if not width:
        return book, iter(())
    return book, sheet.iter_rows(max_row=max_rows, max_col=width, values_only=True)
