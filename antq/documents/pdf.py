"""PDF with the DOCX's look: the same blocks rendered to HTML (templates/documents/report_pdf.html) and printed by
WeasyPrint, which embeds the fonts it uses (subsets), so diacritics print the same everywhere.

Times New Roman is not on Debian; Liberation Serif (package fonts-liberation2) has the same metrics, so lines
break where Word breaks them. Without it, DejaVu Serif is used and a warning is logged."""

from __future__ import annotations

import base64
import functools
import logging
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from antq.documents import layout
from antq.documents.content import body_blocks
from antq.documents.word import appendix_caption, appendix_table, chart_png

logger = logging.getLogger("antq.documents")

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/local/share/fonts"),
    Path("/usr/share/fonts"),
]
FACES = {  # CSS (weight, style) → file name stem per family
    "Liberation Serif": {
        ("normal", "normal"): "LiberationSerif-Regular",
        ("bold", "normal"): "LiberationSerif-Bold",
        ("normal", "italic"): "LiberationSerif-Italic",
        ("bold", "italic"): "LiberationSerif-BoldItalic",
    },
    "DejaVu Serif": {
        ("normal", "normal"): "DejaVuSerif",
        ("bold", "normal"): "DejaVuSerif-Bold",
        ("normal", "italic"): "DejaVuSerif-Italic",
        ("bold", "italic"): "DejaVuSerif-BoldItalic",
    },
}


def _find(stem: str) -> Path | None:
    for folder in FONT_DIRS:
        candidate = folder / f"{stem}.ttf"
        if candidate.is_file():
            return candidate
    for folder in FONT_DIRS[-2:]:  # anywhere else under the system font folders
        if folder.is_dir():
            found = next(folder.rglob(f"{stem}.ttf"), None)
            if found:
                return found
    return None


@functools.cache
def font_faces() -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """(family, ((weight, style, file URL), …)): Liberation Serif when installed, else DejaVu Serif (logged)."""
    for family, faces in FACES.items():
        paths = {key: _find(stem) for key, stem in faces.items()}
        if all(paths.values()):
            if family != "Liberation Serif":
                logger.warning(
                    "Liberation Serif (Debian fonts-liberation2) is not installed: PDFs use %s, whose metrics differ "
                    "from Times New Roman.",
                    family,
                )
            return family, tuple((w, s, p.as_uri()) for (w, s), p in paths.items() if p)
    logger.warning("Neither Liberation Serif nor DejaVu Serif is installed: PDFs use the default serif font.")
    return "serif", ()


def chart_data_uri(chart: dict[str, Any]) -> str:
    """The chart as a PNG data URI: the DOCX's picture, and cheaper for WeasyPrint than drawing the SVG."""
    return "data:image/png;base64," + base64.b64encode(chart_png(chart)).decode("ascii")


def sheet_context(document: Any) -> dict[str, Any]:
    """What templates/documents/_sheet.html prints (the PDF and the page preview share it)."""
    content = document.content
    tables = [
        {"title": t["title"], "grid": appendix_table(t, content.get("child_level", ""))}
        for t in content.get("tables", [])
    ]
    chart = content.get("chart")
    return {
        "document": document,
        # The header's bodies break between word groups, never inside "PHONG TRÀO" (layout.header_lines).
        "parent_lines": layout.header_lines(document.parent_body),
        "issuing_lines": layout.header_lines(document.issuing_body),
        "subject_lines": layout.balanced_lines(document.subject),  # WeasyPrint has no text-wrap: balance
        "date_line": layout.document_date_line(document),
        "blocks": body_blocks(document),
        "chart_src": chart_data_uri(chart) if chart else "",
        "recipients": layout.recipient_lines(document.recipients),
        "signature": layout.signature_lines(document.signer_prefix, document.signer_authority, document.signer_title),
        "tables": tables,
        "appendix_caption": appendix_caption(document) if tables else "",
        "unapproved": content.get("source") != "approved",
        "unapproved_text": layout.UNAPPROVED,
        "children_unapproved": content.get("children_unapproved"),
        "period_label": content.get("period_label", ""),
    }


@functools.cache
def _ssl_context() -> Any:
    import ssl

    return ssl.create_default_context()  # built once: WeasyPrint's fetcher would build one per document


def _fetcher() -> Any:
    """Local files (the fonts) and data URIs (the chart) only: a report never reaches out to the network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, ssl_context=_ssl_context())


@functools.cache
def _sheet_css() -> str:
    """The layout stylesheet the page preview links to (static/documents/sheet.css), inlined into the PDF."""
    path = finders.find("documents/sheet.css")
    assert isinstance(path, str), "documents/sheet.css missing from the static files"
    return Path(path).read_text(encoding="utf-8")


def report_pdf(document: Any) -> bytes:
    """The Báo cáo as PDF (A4, Nghị định 30/2020/NĐ-CP layout, fonts embedded)."""
    from weasyprint import HTML

    family, faces = font_faces()
    html = render_to_string(
        "documents/report_pdf.html",
        {
            **sheet_context(document),
            "font_family": family,
            "font_faces": faces,
            "page": layout.PAGE,
            "sheet_css": _sheet_css(),
            "pdf": True,
        },
    )
    return HTML(string=html, url_fetcher=_fetcher()).write_pdf()  # type: ignore[no-any-return]
