"""Rules of the schemes app as pure functions (no queries: they read the objects passed in): a scheme's unit, type
and launch date; a site's place, teams and dates; an evaluation's date; a recognition's level and decision; an
advanced example's year and decision. Each returns every problem it finds — (field, Vietnamese message) — so the
services refuse with all of them and the forms show them together with their fields' own errors. The registry's
rules are described in docs/schemes.md (a scheme is built by a commune or a province; its sites run at a place of
one commune; exemplary sites are recognised by the province's police or by the Ministry, with its decision)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from antq.core.errors import Problem
from antq.core.text import fold
from antq.forces.models import TeamStatus
from antq.geo.models import AdminUnit, Level
from antq.schemes.models import RECOGNITION_RANK, ExemplarLevel, PlaceKind, Rating, Recognition, SiteStatus

# An exemplary (tiêu biểu) site is one to replicate: a last evaluation below "Khá" (Trung bình, Yếu) does not
# support that, so recognising it asks for an explicit confirmation (recorded on the recognition and audited).
WEAK_RATINGS = frozenset({Rating.AVERAGE, Rating.WEAK})
# Ministry-level recognition is the Ministry's (V05) decision. A provincial body or a provincial document symbol
# ("…/QĐ-CAT-PV05": Công an tỉnh, its PV05 department) on it means the province's own decision was entered as the
# Ministry's. Folded (no accents, lower case), matched as words.
PROVINCE_BODY_WORDS = (
    "cong an tinh",
    "cong an thanh pho",
    "cong an tp",
    "giam doc cong an",
    "ubnd tinh",
    "uy ban nhan dan tinh",
)
PROVINCE_SYMBOLS = frozenset({"cat", "catp", "pv05"})
MINISTRY_WORDS = ("bo cong an", "v05", "bo truong")


def future_problem(day: dt.date | None, field: str, label: str, *, today: dt.date) -> list[Problem]:
    """A date that has not come yet (records are of what happened)."""
    return [(field, f"{label} ({day:%d/%m/%Y}) chưa đến.")] if day is not None and day > today else []


def province_of(unit: AdminUnit) -> int | None:
    return unit.pk if unit.level == Level.PROVINCE else unit.parent_id


def scheme_problems(
    *, unit: AdminUnit, scheme_type: Any | None, started_on: dt.date | None, today: dt.date
) -> list[Problem]:
    """A scheme is built by a commune or a province, of a national type or of its own province's, launched in the
    past."""
    problems: list[Problem] = []
    if unit.level not in (Level.COMMUNE, Level.PROVINCE):
        problems.append(("unit", "Mô hình do một xã, phường hoặc một tỉnh xây dựng."))
    if scheme_type is not None and scheme_type.province_id not in (None, province_of(unit)):
        problems.append(("scheme_type", "Loại mô hình này là loại riêng của tỉnh khác."))
    return problems + future_problem(started_on, "started_on", "Ngày ra mắt", today=today)


def place_problems(
    commune: AdminUnit, place_kind: str, locality: Any | None, establishment: Any | None
) -> list[Problem]:
    """The place matches its kind: a current locality or establishment of the commune, or the whole commune."""
    if place_kind == PlaceKind.LOCALITY:
        if locality is None or establishment is not None:
            return [("locality", "Chọn thôn, tổ dân phố nơi thực hiện.")]
        if locality.commune_id != commune.pk or locality.ended_on is not None:
            return [("locality", f"{locality.name} không thuộc {commune.name}.")]
    elif place_kind == PlaceKind.ESTABLISHMENT:
        if establishment is None or locality is not None:
            return [("establishment", "Chọn cơ quan, doanh nghiệp, cơ sở giáo dục nơi thực hiện.")]
        if establishment.commune_id != commune.pk or establishment.ended_on is not None:
            return [("establishment", f"{establishment.name} không thuộc {commune.name}.")]
    elif place_kind == PlaceKind.COMMUNE:
        if locality is not None or establishment is not None:
            return [("place_kind", "Điểm toàn xã không gắn với thôn hay cơ sở cụ thể.")]
    else:
        return [("place_kind", "Nơi thực hiện không hợp lệ.")]
    return []


def team_problems(commune: AdminUnit, teams: Iterable[Any]) -> list[Problem]:
    """Only the commune's active security teams implement its sites."""
    return [
        ("teams", f"{team.name} không phải tổ đang hoạt động của {commune.name}.")
        for team in teams
        if team.commune_id != commune.pk or team.status != TeamStatus.ACTIVE
    ]


def site_problems(
    *,
    commune: AdminUnit,
    scheme: Any | None,
    place_kind: str,
    locality: Any | None,
    establishment: Any | None,
    teams: Iterable[Any],
    started_on: dt.date | None,
    replicated_from: Any | None,
    today: dt.date,
) -> list[Problem]:
    """A new site: a commune's, at a place that matches its kind, run by the commune's active teams, started in the
    past and not before its scheme; a replica copies a site of the same type that started earlier."""
    problems: list[Problem] = []
    if commune.level != Level.COMMUNE:
        problems.append(("commune", "Điểm mô hình thuộc một xã, phường."))
    problems += place_problems(commune, place_kind, locality, establishment)
    problems += team_problems(commune, teams)
    future = future_problem(started_on, "started_on", "Ngày bắt đầu", today=today)
    problems += future
    if started_on is not None and scheme is not None and not future and started_on < scheme.started_on:
        problems.append(("started_on", f"Ngày bắt đầu trước ngày ra mắt mô hình ({scheme.started_on:%d/%m/%Y})."))
    if replicated_from is not None and scheme is not None:
        if replicated_from.scheme.scheme_type_id != scheme.scheme_type_id:
            problems.append(("replicated_from", "Điểm được nhân rộng phải cùng loại mô hình."))
        elif started_on is not None and replicated_from.started_on > started_on:
            problems.append(("replicated_from", "Điểm nhân rộng không thể bắt đầu trước điểm gốc."))
    return problems


def evaluation_problems(*, site: Any, evaluated_on: dt.date | None, today: dt.date) -> list[Problem]:
    """An evaluation is dated within the site's life, not in the future."""
    future = future_problem(evaluated_on, "evaluated_on", "Ngày đánh giá", today=today)
    if future or evaluated_on is None:
        return future
    if evaluated_on < site.started_on or (site.ended_on is not None and evaluated_on > site.ended_on):
        return [("evaluated_on", "Ngày đánh giá ngoài thời gian điểm hoạt động.")]
    return []


def _words(text: str) -> str:
    return " " + " ".join(fold(text).replace(".", " ").replace(",", " ").split()) + " "


def names_province_body(text: str) -> bool:
    """Whether a body or an award's wording names a provincial body ("Công an tỉnh Hưng Yên", "Giám đốc Công an
    tỉnh", "UBND tỉnh")."""
    return any(f" {words} " in _words(text) for words in PROVINCE_BODY_WORDS)


def names_ministry_body(text: str) -> bool:
    """Whether a body names the Ministry ("Bộ Công an", "Cục … (V05)", "Bộ trưởng")."""
    words = _words(text.replace("(", " ").replace(")", " "))
    return any(f" {name} " in words for name in MINISTRY_WORDS)


def has_province_symbol(decision_number: str) -> bool:
    """Whether a document number carries a provincial issuer's symbol: "123/QĐ-CAT-PV05" (the part after "/")."""
    symbol = fold(decision_number).partition("/")[2]
    return any(part in PROVINCE_SYMBOLS for part in symbol.replace("_", "-").replace(" ", "-").split("-"))


def ministry_decision_problems(
    *, decision_number: str, decision_date: dt.date | None, issuer: str = "", issuer_field: str = "issuing_body"
) -> list[Problem]:
    """A Ministry-level recognition carries the Ministry's decision — its number and date — and is not recorded as
    issued by the province (its body or its number's symbol naming the provincial police)."""
    problems: list[Problem] = []
    number = decision_number.strip()
    if not number:
        problems.append(("decision_number", "Ghi nhận cấp Bộ cần số văn bản (quyết định) của Bộ Công an."))
    elif has_province_symbol(number):
        problems.append(
            ("decision_number", f"Số văn bản “{number}” mang ký hiệu của Công an tỉnh, không phải văn bản của Bộ.")
        )
    if decision_date is None:
        problems.append(("decision_date", "Ghi nhận cấp Bộ cần ngày quyết định của Bộ Công an."))
    if issuer.strip() and names_province_body(issuer):
        problems.append(
            (issuer_field, "Ghi nhận cấp Bộ do Bộ Công an ban hành, không ghi là do Công an tỉnh ban hành.")
        )
    return problems


def evaluation_gate_problems(*, latest: Any | None, confirm_weak: bool) -> list[Problem]:
    """Recognition as exemplary rests on the site's last evaluation: refused when it was never evaluated; when the
    last rating is weak (`WEAK_RATINGS`) the recogniser must confirm it explicitly (`confirm_weak`)."""
    if latest is None:
        return [("level", "Điểm chưa được đánh giá lần nào: cần đánh giá chất lượng trước khi ghi nhận tiêu biểu.")]
    if latest.rating in WEAK_RATINGS and not confirm_weak:
        return [
            (
                "confirm_weak",
                f"Đánh giá gần nhất ({latest.evaluated_on:%d/%m/%Y}) xếp loại {Rating(latest.rating).label}: "
                "đánh dấu xác nhận nếu vẫn ghi nhận điểm là mô hình tiêu biểu.",
            )
        ]
    return []


def recognition_problems(
    *,
    site: Any,
    level: str,
    decision_number: str,
    decision_date: dt.date | None,
    today: dt.date,
    latest: Any | None = None,
    confirm_weak: bool = False,
    issuing_body: str = "",
) -> list[Problem]:
    """Recognition as exemplary: by the province or the Ministry (with the Ministry's decision: number, date, not
    issued by the province), of a site still running and evaluated (a weak last rating confirmed), above the level
    it already has, dated after the site started and after its previous recognition. `latest` is the site's last
    evaluation (None: never evaluated)."""
    problems: list[Problem] = []
    problems += evaluation_gate_problems(latest=latest, confirm_weak=confirm_weak)
    if site.status == SiteStatus.ENDED:
        problems.append((None, "Điểm đã dừng hoạt động."))
    if level not in (Recognition.PROVINCE, Recognition.MINISTRY):
        problems.append(("level", "Cấp ghi nhận không hợp lệ."))
    elif RECOGNITION_RANK[Recognition(level)] <= RECOGNITION_RANK[Recognition(site.recognition)]:
        problems.append(("level", f"Điểm đã được {site.get_recognition_display().lower()}."))
    if level == Recognition.MINISTRY:
        problems += ministry_decision_problems(
            decision_number=decision_number, decision_date=decision_date, issuer=issuing_body
        )
    elif level == Recognition.PROVINCE and names_ministry_body(issuing_body) and not names_province_body(issuing_body):
        problems.append(("level", "Cơ quan ban hành là Bộ Công an: chọn cấp ghi nhận “Bộ Công an ghi nhận”."))
    future = future_problem(decision_date, "decision_date", "Ngày quyết định", today=today)
    problems += future
    if decision_date is not None and not future:
        if decision_date < site.started_on:
            problems.append(("decision_date", "Ngày ghi nhận trước ngày điểm bắt đầu hoạt động."))
        elif site.recognition_date and decision_date < site.recognition_date:
            problems.append(("decision_date", "Ngày ghi nhận trước lần ghi nhận cấp dưới."))
    return problems


def exemplar_problems(
    *,
    year: int | None,
    decision_date: dt.date | None,
    today: dt.date,
    level: str = "",
    decision_number: str = "",
    recognition: str = "",
) -> list[Problem]:
    """An advanced example's year has come, and its recognition decision is in the past and not before that
    year; a Ministry-level one carries the Ministry's decision (number, date), not a provincial one."""
    problems: list[Problem] = []
    if level == ExemplarLevel.MINISTRY:
        problems += ministry_decision_problems(
            decision_number=decision_number, decision_date=decision_date, issuer=recognition, issuer_field="recognition"
        )
    if year and year > today.year:
        problems.append(("year", f"Năm {year} chưa đến."))
    future = future_problem(decision_date, "decision_date", "Ngày quyết định", today=today)
    problems += future
    if decision_date and year and not future and decision_date.year < year:
        problems.append(("decision_date", "Quyết định ghi nhận không thể trước năm đạt thành tích."))
    return problems
