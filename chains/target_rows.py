"""Reading a target list workbook (xianju_invest.workbooks): one row per company, checked cell by cell.

Columns (Chinese or English headers): 企业名称 company (required), 统一社会信用代码 credit code,
环节 link (a link of the chain by name; else the row's industry code places it, else the form's
link), 行业代码 industry code, 匹配理由 reason (required), 负责人 owner (a staff login name).
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from projects.credit_code import normalise_credit_code, validate_credit_code
from xianju_invest.workbooks import open_rows

from .models import split_industry_codes
from .placement import link_for_code

MAX_ROWS = 2000
HEADERS = {
    "name": ("企业名称", gettext_lazy("company name"), "company"),
    "credit_code": ("统一社会信用代码", gettext_lazy("unified social credit code"), "credit code"),
    "link": ("环节", gettext_lazy("chain link"), "link"),
    "industry_code": ("行业代码", gettext_lazy("industry code"), "industry code"),
    "reason": ("匹配理由", gettext_lazy("why it matches"), "reason"),
    "owner": ("负责人", gettext_lazy("owner"), "owner"),
}


@dataclass
class RowNote:
    line: int
    company: str
    message: str

    def __str__(self):
        where = _("Line %(line)s") % {"line": self.line}
        return f"{where}（{self.company}）：{self.message}" if self.company else f"{where}：{self.message}"


@dataclass
class TargetRow:
    line: int
    name: str
    credit_code: str
    industry_code: str
    reason: str
    link: object
    owner: object

    def note(self, message):
        return RowNote(self.line, self.name, str(message))


def _text(value):
    return "" if value is None else str(value).strip()


def _columns(header):
    lookup = {}
    for key, names in HEADERS.items():
        for name in names:
            lookup[str(name).strip().casefold()] = key
    positions, errors = {}, []
    for index, title in enumerate(header):
        if not _text(title):
            continue
        key = lookup.get(_text(title).casefold())
        if key is None:
            errors.append(RowNote(1, "", _("Unknown column “%(title)s”.") % {"title": title}))
        elif key in positions.values():
            errors.append(RowNote(1, "", _("The column “%(title)s” appears twice.") % {"title": title}))
        else:
            positions[index] = key
    for key in ("name", "reason"):
        if key not in positions.values():
            errors.append(
                RowNote(1, "", _("The column “%(title)s” is missing.") % {"title": HEADERS[key][0]})
            )
    return positions, errors


def parse_target_rows(file, *, chain, default_link=None, default_owner=None):
    """([TargetRow], [RowNote errors]) for the workbook; ValidationError if it is no workbook."""
    book, rows = open_rows(file, max_rows=MAX_ROWS + 2)
    try:
        header = next(rows, None)
        if header is None:
            return [], [RowNote(1, "", _("The workbook is empty."))]
        positions, errors = _columns(header)
        if errors:
            return [], errors
        links = {link.name.strip(): link for link in chain.links.all()}
        users = get_user_model().objects.filter(is_active=True)
        owners = {}
        parsed = []
        for line, row in enumerate(rows, start=2):
            if line > MAX_ROWS + 1:
                return [], [
                    RowNote(line, "", _("A list may hold at most %(n)s companies.") % {"n": MAX_ROWS})
                ]
            cells = {key: _text(row[i]) if i < len(row) else "" for i, key in positions.items()}
            if not any(cells.values()):
                continue
            name = cells.get("name", "")
            problems = []
            if not name:
                problems.append(_("The company name is missing."))
            elif len(name) > 200:
                problems.append(_("The company name is longer than 200 characters."))
            code = normalise_credit_code(cells.get("credit_code", ""))
            if code:
                try:
                    validate_credit_code(code)
                except ValidationError as exc:
                    problems.extend(exc.messages)
            industry_code = ""
            try:
                industry_code = "".join(split_industry_codes(cells.get("industry_code", ""))[:1])
            except ValidationError as exc:
                problems.extend(exc.messages)
            reason = cells.get("reason", "")
            if not reason:
                problems.append(_("Say why the company matches the link."))
            link = None
            if cells.get("link"):
                link = links.get(cells["link"])
                if link is None:
                    problems.append(
                        _("The chain “%(chain)s” has no link called “%(link)s”.")
                        % {"chain": chain.name, "link": cells["link"]}
                    )
            elif industry_code:
                link = link_for_code(industry_code, chain_code=chain.code) or default_link
                if link is None:
                    problems.append(
                        _("No link of “%(chain)s” matches the industry code %(code)s.")
                        % {"chain": chain.name, "code": industry_code}
                    )
            else:
                link = default_link
                if link is None:
                    problems.append(_("Name the link, or give an industry code that places the company."))
            owner = default_owner
            if cells.get("owner"):
                login = cells["owner"]
                if login not in owners:
                    owners[login] = users.filter(username=login).first()
                owner = owners[login]
                if owner is None:
                    problems.append(_("No active account is called “%(login)s”.") % {"login": login})
            if problems:
                errors.extend(RowNote(line, name, str(p)) for p in problems)
                continue
            parsed.append(TargetRow(line, name, code, industry_code, reason[:1000], link, owner))
        if not parsed and not errors:
            errors.append(RowNote(2, "", _("The workbook has no company rows.")))
        return parsed, errors
    finally:
        book.close()
