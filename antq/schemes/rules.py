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
from antq.forces.models import TeamStatus
from antq.geo.models import AdminUnit, Level
from antq.schemes.models import RECOGNITION_RANK, PlaceKind, Recognition, SiteStatus


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


def recognition_problems(
    *, site: Any, level: str, decision_number: str, decision_date: dt.date | None, today: dt.date
) -> list[Problem]:
    """Recognition as exemplary: by the province or the Ministry (whose decision is numbered), of a site still
    running, above the level it already has, dated after the site started and after its previous recognition."""
    problems: list[Problem] = []
    if site.status == SiteStatus.ENDED:
        problems.append((None, "Điểm đã dừng hoạt động."))
    if level not in (Recognition.PROVINCE, Recognition.MINISTRY):
        problems.append(("level", "Cấp ghi nhận không hợp lệ."))
    elif RECOGNITION_RANK[Recognition(level)] <= RECOGNITION_RANK[Recognition(site.recognition)]:
        problems.append(("level", f"Điểm đã được {site.get_recognition_display().lower()}."))
    if level == Recognition.MINISTRY and not decision_number.strip():
        problems.append(("decision_number", "Cần ghi số văn bản ghi nhận của Bộ Công an."))
    future = future_problem(decision_date, "decision_date", "Ngày quyết định", today=today)
    problems += future
    if decision_date is not None and not future:
        if decision_date < site.started_on:
            problems.append(("decision_date", "Ngày ghi nhận trước ngày điểm bắt đầu hoạt động."))
        elif site.recognition_date and decision_date < site.recognition_date:
            problems.append(("decision_date", "Ngày ghi nhận trước lần ghi nhận cấp dưới."))
    return problems


def exemplar_problems(*, year: int | None, decision_date: dt.date | None, today: dt.date) -> list[Problem]:
    """An advanced example's year has come, and its recognition decision is in the past and not before that
    year."""
    problems: list[Problem] = []
    if year and year > today.year:
        problems.append(("year", f"Năm {year} chưa đến."))
    future = future_problem(decision_date, "decision_date", "Ngày quyết định", today=today)
    problems += future
    if decision_date and year and not future and decision_date.year < year:
        problems.append(("decision_date", "Quyết định ghi nhận không thể trước năm đạt thành tích."))
    return problems
