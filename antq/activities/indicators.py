"""The activities app's indicators, declared once (antq.core.indicators): registry flow figures as
`f(actor, unit, period)`.

Each counts rows recorded within the actor's scope and the unit (the nation; a province: its own department's rows
and its communes'; a commune) and within the period. What each code counts is listed in docs/activities.md:

- outreach by activity date: `outreach_sessions` (classes / sessions), `outreach_attendees` (their attendees,
  by target group), `news_items` (news items + radio / TV slots + social posts, by kind), `reportages`,
  `banners` (banners, posters, signs and panels put up: the sum of their counts), `contests`,
  `contest_participants`, `exemplary_stories`, `gift_visits` (visits), `gift_recipients` (families / people
  visited), `gift_value_vnd`;
- festivals by the day they were held: `festivals_held`, `festival_pilots` (held pilot festivals);
- awards by decision date: `awards_total`, `awards_collective`, `awards_individual`; and `medal_proposals`:
  medal proposals by the day they were first submitted (whatever happened to them after).

Aggregates carry no personal data, so every role covering the unit gets them (viewers included), as in forces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.db.models import Count, QuerySet, Sum

from antq.accounts.scope import scope_for
from antq.activities.models import (
    GROUP_FIELDS,
    TARGET_GROUPS,
    Award,
    AwardProposal,
    Festival,
    FestivalStatus,
    Kind,
    NomineeKind,
    OutreachActivity,
    RecipientKind,
)
from antq.activities.selectors import recorded_in_scope_q, recorded_within_q
from antq.activities.summary import outreach_totals, per_unit_totals
from antq.core.indicators import (
    Indicator,
    IndicatorFamily,
    NumberKind,
    RecordFilters,
    ReportArea,
    register_area,
    register_indicators,
)
from antq.core.narrative import MOVEMENT, Facts, count_text, join_clauses, listing, sentence
from antq.core.periods import Period, flow_q
from antq.core.text import in_sentence
from antq.geo.models import AdminUnit, Level
from antq.geo.selectors import within_unit_q

NEWS_KINDS = (Kind.NEWS, Kind.BROADCAST, Kind.SOCIAL_POST)
Figure = Callable[[Any, AdminUnit, Period], int]


def outreach(actor: Any, unit: AdminUnit, period: Period, kinds: tuple[str, ...]) -> QuerySet[OutreachActivity]:
    """Activities of `kinds` held in the period, recorded in the unit, within the actor's scope."""
    return OutreachActivity.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), flow_q(period, date_field="date"), kind__in=kinds
    )


def _figure(totals: dict[str, dict[str, int]], kinds: tuple[str, ...], measure: str | None) -> int:
    return sum(totals[kind]["activities" if measure is None else measure] for kind in kinds)


def _outreach_figure(kinds: tuple[str, ...], measure: str | None) -> Figure:
    """The figure from the summary rows (antq.activities.summary): activities of `kinds`, or the sum of `measure`."""
    return lambda actor, unit, period: _figure(outreach_totals(actor, unit, period, kinds), kinds, measure)


def _by(field: str, kinds: tuple[str, ...], value: str | None = None) -> Callable[..., dict[str, int]]:
    """{category of `field`: count of rows (or sum of `value`)} in one query."""

    def compute(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
        rows = outreach(actor, unit, period, kinds).order_by().values(field)
        measure = Sum(value) if value else Count("pk")
        return {row[field]: int(row["n"] or 0) for row in rows.annotate(n=measure) if row["n"]}

    return compute


def attendees_by_group(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    """Attendees by target group; "unspecified" is what the groups leave of the totals, so the parts add up."""
    sums = outreach_totals(actor, unit, period, (Kind.SESSION,))[Kind.SESSION]
    groups = {name.removeprefix("attendees_"): sums[name] for name in GROUP_FIELDS}
    groups["unspecified"] = sums["attendees"] - sum(groups.values())
    return {"target_group": {key: value for key, value in groups.items() if value}}


# --- Festivals -------------------------------------------------------------------------------------------------


def festivals_held(actor: Any, unit: AdminUnit, period: Period, *, pilots: bool = False) -> QuerySet[Festival]:
    rows = Festival.objects.filter(
        scope_for(actor).commune_q("commune"),
        within_unit_q(unit, "commune"),
        flow_q(period, date_field="held_on"),
        status=FestivalStatus.HELD,
    )
    return rows.filter(is_pilot=True) if pilots else rows


# --- Awards ----------------------------------------------------------------------------------------------------


def awards(actor: Any, unit: AdminUnit, period: Period, kind: str | None = None) -> QuerySet[Award]:
    """Commendations decided in the period for the unit's proposals."""
    rows = Award.objects.filter(
        recorded_in_scope_q(actor), recorded_within_q(unit), flow_q(period, date_field="decision_date")
    )
    return rows.filter(nominee_kind=kind) if kind else rows


def awards_breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
    rows = awards(actor, unit, period).values_list("form__code", "nominee_kind")
    by_form: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    for form, kind in rows:
        by_form[form] += 1
        by_kind[kind] += 1
    return {"form": dict(by_form), "nominee_kind": dict(by_kind)}


def medal_proposals(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[AwardProposal]:
    """Medal proposals first submitted in the period (returned or decided later, they were still proposed)."""
    return AwardProposal.objects.filter(
        recorded_in_scope_q(actor, "proposing_unit"),
        recorded_within_q(unit, "proposing_unit"),
        flow_q(period, date_field="submitted_on"),
        form__is_medal=True,
    )


# --- Declarations ----------------------------------------------------------------------------------------------


class Code(StrEnum):
    OUTREACH_SESSIONS = "outreach_sessions"
    OUTREACH_ATTENDEES = "outreach_attendees"
    NEWS_ITEMS = "news_items"
    REPORTAGES = "reportages"
    BANNERS = "banners"
    CONTESTS = "contests"
    CONTEST_PARTICIPANTS = "contest_participants"
    EXEMPLARY_STORIES = "exemplary_stories"
    GIFT_VISITS = "gift_visits"
    GIFT_RECIPIENTS = "gift_recipients"
    GIFT_VALUE_VND = "gift_value_vnd"
    FESTIVALS_HELD = "festivals_held"
    FESTIVAL_PILOTS = "festival_pilots"
    AWARDS_TOTAL = "awards_total"
    AWARDS_COLLECTIVE = "awards_collective"
    AWARDS_INDIVIDUAL = "awards_individual"
    MEDAL_PROPOSALS = "medal_proposals"


# How a report names the recorded groups (antq.activities.models.TARGET_GROUPS, RecipientKind).
AUDIENCE = {name.removeprefix("attendees_"): str(label).lower() for name, label in TARGET_GROUPS}
AUDIENCE["residents"] = "quần chúng nhân dân"
RECIPIENTS = {
    RecipientKind.POLICY_FAMILY: "gia đình chính sách",
    RecipientKind.OFFICER_HARDSHIP: "cán bộ, chiến sĩ có hoàn cảnh khó khăn",
}


def _audience(f: Facts) -> str:
    """ " với trên 59.500 lượt cán bộ, học sinh, sinh viên và người lao động tham dự": the groups recorded with the
    attendees; "lượt người" (and the groups that were recorded, "trong đó có …") where some were not."""
    if not f.has(Code.OUTREACH_ATTENDEES):
        return ""
    groups = f.detail(Code.OUTREACH_ATTENDEES, "target_group")
    named = [label for key, label in AUDIENCE.items() if key in groups]
    people = f.n(Code.OUTREACH_ATTENDEES)
    if named and "unspecified" not in groups:
        return f" với {people} lượt {listing(named)} tham dự"
    if named:
        return f" với {people} lượt người tham dự, trong đó có {listing(named)}"
    return f" với {people} lượt người tham dự"


def _recipients(f: Facts, code: Code) -> tuple[str, list[str]]:
    """("gồm" | "trong đó", ["70 gia đình chính sách", "43 cán bộ, chiến sĩ …"]) from the recipients recorded by
    kind; no figures when the parts would exceed the figure printed (an approved total with later entries)."""
    parts = f.detail(code, "recipient_kind")
    named = {kind: int(parts[kind]) for kind in RECIPIENTS if kind in parts}
    total = f.value(code) or 0
    if not named or sum(named.values()) > total:
        return "", []
    word = "gồm" if sum(named.values()) == total and set(parts) <= set(named) else "trong đó"
    return word, [f"{count_text(n)} {RECIPIENTS[kind]}" for kind, n in named.items()]


def outreach_sentences(f: Facts) -> list[str]:
    """Section I, outreach: sessions, media, stories, banners and contests in one sentence; then the gift visits."""
    out = []
    clauses = []
    if f.has(Code.OUTREACH_SESSIONS):
        clauses.append(
            f"tổ chức tuyên truyền {f.n(Code.OUTREACH_SESSIONS)} lớp, buổi{f.cmp(Code.OUTREACH_SESSIONS)}{_audience(f)}"
        )
    media = []
    if f.has(Code.NEWS_ITEMS):
        media.append(f"{f.n(Code.NEWS_ITEMS)} tin, bài{f.cmp(Code.NEWS_ITEMS)}")
    if f.has(Code.REPORTAGES):
        media.append(f"{f.n(Code.REPORTAGES)} phóng sự")
    if media:
        clauses.append(f"viết, đăng tải {' và '.join(media)} trên các phương tiện thông tin đại chúng")
    if f.has(Code.EXEMPLARY_STORIES):
        clauses.append(
            f"tuyên truyền {f.n(Code.EXEMPLARY_STORIES)} lượt về gương người tốt, việc tốt, điển hình tiên tiến "
            f"trong {MOVEMENT}"
        )
    if f.has(Code.BANNERS):
        clauses.append(f"kẻ vẽ, căng treo {f.n(Code.BANNERS)} pano, áp phích, băng rôn, khẩu hiệu")
    if f.has(Code.CONTESTS):
        people = f" với {f.n(Code.CONTEST_PARTICIPANTS)} lượt người dự thi" if f.has(Code.CONTEST_PARTICIPANTS) else ""
        clauses.append(f"tổ chức {f.n(Code.CONTESTS)} cuộc thi tìm hiểu pháp luật{people}")
    if clauses:
        out.append(sentence(f"{f.when}, các cấp, các ngành đã {join_clauses(clauses)}"))
    if f.has(Code.GIFT_VISITS) or f.has(Code.GIFT_RECIPIENTS):
        # Who received the gifts is printed as recorded (recipient kind of each visit), never a stock phrase.
        text = "Các hoạt động thăm hỏi, tặng quà luôn được quan tâm; "
        word, parts = _recipients(f, Code.GIFT_RECIPIENTS) if f.has(Code.GIFT_RECIPIENTS) else ("", [])
        if f.has(Code.GIFT_VISITS):
            text += f"đã tổ chức {f.n(Code.GIFT_VISITS)} lượt thăm hỏi, tặng quà"
            if f.has(Code.GIFT_RECIPIENTS):
                text += f" cho {f.n(Code.GIFT_RECIPIENTS)} gia đình, cá nhân"
            else:
                kinds = [RECIPIENTS[k] for k in RECIPIENTS if k in f.detail(Code.GIFT_VISITS, "recipient_kind")]
                text += f" {listing(kinds)}" if kinds else ""
        else:
            text += f"đã thăm hỏi, tặng quà {f.n(Code.GIFT_RECIPIENTS)} gia đình, cá nhân"
        if parts:
            text += f", {word} {listing(parts)}"
        if f.has(Code.GIFT_VALUE_VND):
            text += f"{',' if parts else ''} với tổng giá trị {f.n(Code.GIFT_VALUE_VND)} đồng"
        out.append(sentence(text))
    return out


FESTIVAL = "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
PILOTS_NAMED = 3  # more pilot festivals than this (a national report) are counted, not listed


def festival_sentences(f: Facts) -> list[str]:
    """Section I, festivals: the festivals held (19 August), then the pilot festivals' communes as recorded
    ("xã Đông Hưng là đơn vị tổ chức “điểm” Ngày hội …", as the provinces write it)."""
    if not f.has(Code.FESTIVALS_HELD) and not f.has(Code.FESTIVAL_PILOTS):
        return []
    out = []
    communes = list(f.detail(Code.FESTIVAL_PILOTS, "commune")) if f.has(Code.FESTIVAL_PILOTS) else []
    named = 0 < len(communes) <= PILOTS_NAMED
    if f.has(Code.FESTIVALS_HELD):
        text = f"{f.when}, {f.whole} đã tổ chức {f.n(Code.FESTIVALS_HELD)} {FESTIVAL}{f.cmp(Code.FESTIVALS_HELD)}"
        if f.has(Code.FESTIVAL_PILOTS) and not named:
            text += f", trong đó có {f.n(Code.FESTIVAL_PILOTS)} Ngày hội “điểm”"
    else:
        text = f"{f.when}, {f.whole} đã tổ chức {f.n(Code.FESTIVAL_PILOTS)} {FESTIVAL} “điểm”"
    out.append(
        sentence(text + " với phần Lễ trang trọng và phần Hội sôi nổi, thu hút đông đảo quần chúng nhân dân tham gia")
    )
    if named:
        where = listing([in_sentence(name) for name in communes])
        role = "đơn vị" if len(communes) == 1 else "các đơn vị"
        year = f.period_label if f.period_label.startswith("giai đoạn") else f"năm {f.end_label[-4:]}"
        out.append(sentence(f"{where} là {role} tổ chức “điểm” {FESTIVAL} {year}"))
    return out


def awards_sentences(f: Facts) -> list[str]:
    """Section I, awards: awards decided in the period (collective / individual), then medal proposals."""
    out = []
    if f.has(Code.AWARDS_TOTAL):
        parts = []
        if f.has(Code.AWARDS_COLLECTIVE):
            parts.append(f"{f.n(Code.AWARDS_COLLECTIVE)} tập thể")
        if f.has(Code.AWARDS_INDIVIDUAL):
            parts.append(f"{f.n(Code.AWARDS_INDIVIDUAL)} cá nhân")
        detail = f", gồm {' và '.join(parts)}" if parts else ""
        out.append(
            sentence(
                f"{f.when}, đã có {f.n(Code.AWARDS_TOTAL)} lượt tập thể, cá nhân có thành tích xuất sắc trong "
                f"{MOVEMENT} được các cấp khen thưởng{f.cmp(Code.AWARDS_TOTAL)}{detail}"
            )
        )
    if f.has(Code.MEDAL_PROPOSALS):
        out.append(
            sentence(
                "Đề nghị Bộ Công an tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc” cho "
                f"{f.n(Code.MEDAL_PROPOSALS)} đồng chí có thành tích xuất sắc trong lãnh đạo, tổ chức và xây dựng "
                f"{MOVEMENT}"
            )
        )
    return out


register_area(
    ReportArea(
        "outreach",
        "Tuyên truyền, vận động",
        order=30,
        sentences=outreach_sentences,
        details=(Code.OUTREACH_ATTENDEES, Code.GIFT_VISITS, Code.GIFT_RECIPIENTS),
    )
)
register_area(
    ReportArea(
        "festival",
        "Ngày hội toàn dân bảo vệ ANTQ",
        order=40,
        sentences=festival_sentences,
        details=(Code.FESTIVAL_PILOTS,),
    )
)
register_area(ReportArea("awards", "Khen thưởng", order=50, sentences=awards_sentences))

OUTREACH_COLUMNS = (
    ("date", "Ngày"),
    ("unit.name", "Đơn vị"),
    ("get_kind_display", "Hình thức"),
    ("get_topic_display", "Chủ đề"),
    ("title", "Nội dung"),
    ("measure", "Số liệu"),
)
FESTIVAL_COLUMNS = (
    ("commune.name", "Xã/phường"),
    ("held_on", "Ngày tổ chức"),
    ("place", "Địa điểm"),
    ("participants", "Số người tham gia"),
)
AWARD_COLUMNS = (
    ("decision_date", "Ngày quyết định"),
    ("unit.name", "Đơn vị đề nghị"),
    ("name", "Tập thể, cá nhân"),
    ("form.name", "Hình thức"),
    ("decision_number", "Số quyết định"),
)
PROPOSAL_COLUMNS = (
    ("submitted_on", "Ngày gửi đề nghị"),
    ("proposing_unit.name", "Đơn vị đề nghị"),
    ("full_name", "Họ và tên"),
    ("get_status_display", "Trạng thái"),
)


def _per_unit(rows: QuerySet[Any], value: str | None = None) -> dict[int, int]:
    """{recording unit id: figure} in one query. A province's own rows are keyed by the province, so the
    dashboard's commune columns leave them out (they still count in the province's total)."""
    aggregate = Sum(value) if value else Count("pk")
    return {
        unit_id: int(n or 0)
        for unit_id, n in rows.order_by().values("unit_id").annotate(n=aggregate).values_list("unit_id", "n")
    }


def _outreach_records(*kinds: str) -> Callable[..., QuerySet[OutreachActivity]]:
    return lambda a, u, p: (
        outreach(a, u, p, kinds).select_related("unit", "locality", "establishment").order_by("date", "pk")
    )


OUTREACH: dict[str, tuple[tuple[str, ...], str | None]] = {}  # code: (kinds, summed measure or None to count)


def _outreach_family(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
    """Every outreach figure from one summary query."""
    totals = outreach_totals(actor, unit, period, Kind.values)
    return {code: _figure(totals, kinds, measure) for code, (kinds, measure) in OUTREACH.items()}


OUTREACH_FAMILY = IndicatorFamily("outreach", _outreach_family)


def _register_outreach(
    code: Code,
    label: str,
    unit: str,
    kinds: tuple[str, ...],
    value: str | None = None,
    breakdowns: dict[str, Callable[..., Any]] | None = None,
    **shown: Any,
) -> None:
    OUTREACH[code] = (kinds, value)
    parts = breakdowns or {}

    def breakdown(actor: Any, unit: AdminUnit, period: Period) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for function in parts.values():
            result |= function(actor, unit, period)
        return result

    register_indicators(
        Indicator(
            code,
            label,
            unit,
            "outreach",
            kind=NumberKind.MONEY if unit == "đồng" else NumberKind.COUNT,
            compute=_outreach_figure(kinds, value),
            breakdowns=tuple(parts),
            breakdown=breakdown if parts else None,
            records=_outreach_records(*kinds),
            record_columns=OUTREACH_COLUMNS,
            record_value=value,
            # A figure of one kind of activity (sessions) is filtered by topic; one of several kinds, by kind.
            record_filters=RecordFilters(
                search=("title", "unit__folded_name"),
                unit="unit",
                kind="kind" if len(kinds) > 1 else "topic",
                kind_label="Hình thức" if len(kinds) > 1 else "Chủ đề",
                date="date",
                date_label="Ngày",
            ),
            per_child=lambda a, u, p: per_unit_totals(a, u, p, kinds, value),
            family=OUTREACH_FAMILY,
            **shown,
        )
    )


def _dimension(name: str, function: Callable[..., dict[str, int]]) -> Callable[..., dict[str, dict[str, int]]]:
    return lambda actor, unit, period: {name: function(actor, unit, period)}


SESSION, VISIT = (Kind.SESSION,), (Kind.VISIT,)
_register_outreach(
    Code.OUTREACH_SESSIONS,
    "Lớp, buổi tuyên truyền",
    "lớp, buổi",
    SESSION,
    breakdowns={"topic": _dimension("topic", _by("topic", SESSION))},
    in_child_table=True,
    charted=3,
)
_register_outreach(
    Code.OUTREACH_ATTENDEES,
    "Lượt người dự tuyên truyền",
    "lượt người",
    SESSION,
    value="attendees",
    breakdowns={"target_group": attendees_by_group},
)
_register_outreach(
    Code.NEWS_ITEMS,
    "Tin, bài tuyên truyền",
    "tin, bài",
    NEWS_KINDS,
    breakdowns={"kind": _dimension("kind", _by("kind", NEWS_KINDS))},
)
_register_outreach(Code.REPORTAGES, "Phóng sự", "phóng sự", (Kind.REPORTAGE,))
_register_outreach(
    Code.BANNERS,
    "Pano, áp phích, băng rôn, khẩu hiệu",
    "cái",
    (Kind.BANNERS,),
    value="count",
    breakdowns={"display_type": _dimension("display_type", _by("display_type", (Kind.BANNERS,), "count"))},
)
_register_outreach(Code.CONTESTS, "Cuộc thi tìm hiểu", "cuộc thi", (Kind.CONTEST,))
_register_outreach(Code.CONTEST_PARTICIPANTS, "Lượt người dự thi", "lượt người", (Kind.CONTEST,), value="participants")
_register_outreach(Code.EXEMPLARY_STORIES, "Lượt tuyên truyền gương người tốt, việc tốt", "lượt", (Kind.STORY,))
_register_outreach(
    Code.GIFT_VISITS,
    "Lượt thăm hỏi, tặng quà",
    "lượt",
    VISIT,
    breakdowns={"recipient_kind": _dimension("recipient_kind", _by("recipient_kind", VISIT))},
)
_register_outreach(
    Code.GIFT_RECIPIENTS,
    "Gia đình, cá nhân được tặng quà",
    "gia đình, cá nhân",
    VISIT,
    value="recipients",
    breakdowns={"recipient_kind": _dimension("recipient_kind", _by("recipient_kind", VISIT, "recipients"))},
)
_register_outreach(Code.GIFT_VALUE_VND, "Giá trị quà tặng", "đồng", VISIT, value="value_vnd")


def festivals_by_commune(actor: Any, unit: AdminUnit, period: Period, *, pilots: bool) -> dict[str, dict[str, int]]:
    """{"commune": {name: festivals}}: where the festivals were held, as a report names them ("Xã Đông Hưng"; in
    a national report "Xã Đông Hưng, Tỉnh Hưng Yên", since commune names repeat across provinces)."""
    rows = festivals_held(actor, unit, period, pilots=pilots).select_related("commune", "province")
    by_commune: Counter[str] = Counter()
    for festival in rows.order_by("province__sort_key", "commune__sort_key"):
        name = festival.commune.name
        if unit.level == Level.NATION:
            name += f", {festival.province.name}"
        by_commune[name] += 1
    return {"commune": dict(by_commune)}


def _register_festivals(code: Code, label: str, pilots: bool) -> None:
    def rows(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[Festival]:
        return festivals_held(actor, unit, period, pilots=pilots)

    register_indicators(
        Indicator(
            code,
            label,
            "ngày hội",
            "festival",
            compute=lambda a, u, p: rows(a, u, p).count(),
            breakdowns=("commune",),
            breakdown=lambda a, u, p: festivals_by_commune(a, u, p, pilots=pilots),
            records=lambda a, u, p: rows(a, u, p).select_related("commune").order_by("commune__sort_key"),
            record_columns=FESTIVAL_COLUMNS,
            record_filters=RecordFilters(
                search=("place", "commune__folded_name"), unit="commune", date="held_on", date_label="Ngày tổ chức"
            ),
        )
    )


def _awards_family(actor: Any, unit: AdminUnit, period: Period) -> dict[str, int]:
    """The three award figures from one grouped count."""
    by_kind = dict(awards(actor, unit, period).order_by().values_list("nominee_kind").annotate(n=Count("pk")))
    return {
        "awards_total": sum(by_kind.values()),
        "awards_collective": by_kind.get(NomineeKind.COLLECTIVE, 0),
        "awards_individual": by_kind.get(NomineeKind.PERSON, 0),
    }


AWARDS_FAMILY = IndicatorFamily("awards", _awards_family)


def _register_awards(code: Code, label: str, unit: str, kind: str | None, **shown: Any) -> None:
    def rows(actor: Any, unit: AdminUnit, period: Period) -> QuerySet[Award]:
        return awards(actor, unit, period, kind)

    register_indicators(
        Indicator(
            code,
            label,
            unit,
            "awards",
            compute=lambda a, u, p: rows(a, u, p).count(),
            breakdowns=("form", "nominee_kind") if kind is None else (),
            breakdown=awards_breakdown if kind is None else None,
            records=lambda a, u, p: (
                rows(a, u, p).select_related("unit", "form").order_by("decision_date", "name", "pk")
            ),
            record_columns=AWARD_COLUMNS,
            record_filters=RecordFilters(
                search=("name", "decision_number", "unit__folded_name"),
                unit="unit",
                kind="form",
                kind_label="Hình thức",
                date="decision_date",
                date_label="Ngày quyết định",
            ),
            per_child=lambda a, u, p: _per_unit(rows(a, u, p)),
            family=AWARDS_FAMILY,
            **shown,
        )
    )


_register_festivals(Code.FESTIVALS_HELD, "Ngày hội toàn dân bảo vệ ANTQ đã tổ chức", pilots=False)
_register_festivals(Code.FESTIVAL_PILOTS, "Ngày hội điểm", pilots=True)
_register_awards(Code.AWARDS_TOTAL, "Tập thể, cá nhân được khen thưởng", "lượt", None, in_child_table=True, charted=4)
_register_awards(Code.AWARDS_COLLECTIVE, "Tập thể được khen thưởng", "tập thể", NomineeKind.COLLECTIVE)
_register_awards(Code.AWARDS_INDIVIDUAL, "Cá nhân được khen thưởng", "cá nhân", NomineeKind.PERSON)
register_indicators(
    Indicator(
        Code.MEDAL_PROPOSALS,
        "Đề nghị tặng Kỷ niệm chương “Bảo vệ an ninh Tổ quốc”",
        "người",
        "awards",
        compute=lambda a, u, p: medal_proposals(a, u, p).count(),
        records=lambda a, u, p: (
            medal_proposals(a, u, p).select_related("proposing_unit").order_by("submitted_on", "pk")
        ),
        record_columns=PROPOSAL_COLUMNS,
        record_filters=RecordFilters(
            search=("full_name", "collective_name", "proposing_unit__folded_name"),
            unit="proposing_unit",
            kind="status",
            kind_label="Trạng thái",
            date="submitted_on",
            date_label="Ngày gửi đề nghị",
        ),
    )
)
