"""Printable documents (minutes, approval forms, league tables) as PDF with an embedded Chinese font.

fpdf2 subsets OpenType/CFF fonts, so a page of Chinese stays small. Every PDF of the portal starts
from `chinese_pdf`; a machine without a Chinese font raises `FontMissing` and the page offers the
printable HTML (or Excel) instead.
"""

from functools import lru_cache
from pathlib import Path

from django.conf import settings

# Debian's fonts-noto-cjk first, then WenQuanYi; settings.REVIEWS_CJK_FONT overrides.
FONT_CANDIDATES = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
]


class FontMissing(Exception):
    """No Chinese font on this machine: the printable page is the fallback."""


def _candidates():
    override = getattr(settings, "REVIEWS_CJK_FONT", "")
    return [override, *FONT_CANDIDATES] if override else list(FONT_CANDIDATES)


@lru_cache(maxsize=4)
def _font_in(path):
    """(path, index in a collection) of the Simplified Chinese face of `path`."""
    if not path.lower().endswith((".ttc", ".otc")):
        return path, 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            family = font["name"].getDebugName(1) or ""
            if family.endswith(" SC") or "Hei" in family:
                return path, index
        return path, 0
    finally:
        collection.close()


def find_cjk_font():
    for candidate in _candidates():
        if candidate and Path(candidate).is_file():
            return _font_in(candidate)
    raise FontMissing


def chinese_pdf(title, *, landscape=False, margin=18):
    """An A4 document with the Chinese face registered as "cjk", titled, on its first page."""
    from fpdf import FPDF

    path, index = find_cjk_font()
    pdf = FPDF(format="A4", orientation="landscape" if landscape else "portrait")
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(True, margin=margin)
    pdf.add_font("cjk", "", path, collection_font_number=index)
    pdf.set_title(title)
    pdf.add_page()
    return pdf
