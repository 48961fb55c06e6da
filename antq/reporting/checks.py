"""System checks on the indicator declarations (antq.core.indicators), run at start-up (`manage.py check`, the
test runner, every management command): a code named anywhere must be declared, and each declaration must
carry what its aggregation and attributes need. A failing check stops start-up with an error naming the code.

Each report area's sentence function (antq.core.narrative) is code, so `check_sentences` runs it on probe
figures: once with every declared figure present, then once more without each figure it read (to reach the clauses
written for a missing figure). Every code it read must be declared and read by `Code` member, and every area with
indicators must have a sentence. Other modules check the codes they name with `unknown_codes`;
`named_codes_checks` takes further checks (a callable returning errors) from modules below."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.core import checks

from antq.core.indicators import AREAS, INDICATORS, Aggregation, Indicator, NumberKind, Sentences
from antq.core.narrative import Facts

ERROR_ID = "antq.reporting.E{:03d}"


def _error(number: int, message: str, hint: str = "") -> checks.Error:
    return checks.Error(message, hint=hint or None, id=ERROR_ID.format(number))


def declaration_problems(indicator: Indicator) -> list[checks.Error]:
    """What a declaration lacks for its aggregation and attributes."""
    code = str(indicator.code)
    found: list[checks.Error] = []

    def need(condition: bool, number: int, message: str) -> None:
        if not condition:
            found.append(_error(number, f"Indicator {code}: {message}"))

    need(isinstance(indicator.code, StrEnum), 1, "its code must be a member of the owning app's Code enum")
    need(bool(indicator.label and indicator.unit), 2, "needs a label and a unit")
    need(indicator.area in AREAS, 3, f"report area {indicator.area!r} is not declared (register_area)")
    if indicator.is_ratio:
        need(bool(indicator.numerator and indicator.denominator), 4, "a ratio needs a numerator and a denominator")
        need(indicator.kind == NumberKind.PERCENT, 5, "a ratio is a percentage (kind=NumberKind.PERCENT)")
        need(not indicator.per_child, 6, "a ratio's per-child values are divided from its parts; drop per_child")
    else:
        need(not (indicator.numerator or indicator.denominator), 7, "only a ratio has a numerator / denominator")
        need(indicator.kind != NumberKind.PERCENT, 8, "a percentage must be a ratio of two declared sums")
    need((indicator.kind == NumberKind.MONEY) == (indicator.unit == "đồng"), 9, "money is counted in đồng")
    need(indicator.family is None or indicator.compute is not None, 10, "a family member needs a compute function")
    need(indicator.breakdown is None or bool(indicator.breakdowns), 11, "a breakdown must name its dimensions")
    need(indicator.records is None or bool(indicator.record_columns), 12, "drill-down records need their columns")
    need(
        indicator.per_child is None or (indicator.compute is not None and indicator.aggregation == Aggregation.SUM),
        13,
        "per-child values are for summable computed figures",
    )
    need(
        not indicator.in_child_table or indicator.aggregation in (Aggregation.SUM, Aggregation.RATIO),
        14,
        "a column of the child table must add up (a sum) or be a share",
    )
    if indicator.computed_from is not None:
        need(indicator.compute is not None, 15, "computed_from needs the compute function used from that day")
        need(indicator.computed_from.day == 1, 16, "computed_from must be the first day of a month")
        need(not indicator.is_ratio, 17, "a ratio follows its parts; set computed_from on them")
    if indicator.at_most:
        need(bool(indicator.at_most_message), 18, "at_most needs its Vietnamese message")
        need(indicator.enterable, 19, "at_most is an entry rule: only for entered figures")
    return found


def unknown_codes(where: str, codes: Iterable[str]) -> list[checks.Error]:
    """An error for each of `codes` (named in `where`) that no declaration declares."""
    return [
        _error(20, f"{where} names indicator {code!r}, which is not declared", "Declare it or fix the spelling.")
        for code in sorted(set(map(str, codes)))
        if code not in INDICATORS
    ]


# Callables returning errors for the codes other modules name (seeders …).
named_codes_checks: list[Callable[[], list[checks.Error]]] = []


@checks.register("antq")
def check_indicators(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """Every declaration complete; every code a declaration or another module names is declared."""
    errors: list[checks.Error] = []
    for indicator in INDICATORS.values():
        errors += declaration_problems(indicator)
        errors += unknown_codes(f"Indicator {indicator.code}", indicator.names())
        if indicator.is_ratio and all(c in INDICATORS for c in (indicator.numerator, indicator.denominator)):
            parts = [INDICATORS[indicator.numerator], INDICATORS[indicator.denominator]]
            if any(p.is_ratio or p.aggregation != Aggregation.SUM for p in parts):
                errors.append(_error(21, f"Indicator {indicator.code}: a ratio divides two declared sums"))
    enums = {type(i.code) for i in INDICATORS.values() if isinstance(i.code, StrEnum)}
    for enum in sorted(enums, key=lambda e: e.__module__):
        errors += unknown_codes(f"{enum.__module__}.{enum.__name__}", list(enum))
    for named in named_codes_checks:
        errors += named()
    return errors


class _Reading(dict[str, Any]):
    """Figures that remember which codes were read, and which of them by a bare string."""

    def __init__(self, values: dict[str, Any], read: set[str], bare: set[str]) -> None:
        super().__init__(values)
        self.read, self.bare = read, bare

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(str(key))
        if not isinstance(key, StrEnum):
            self.bare.add(str(key))
        return super().get(key, default)


def codes_read(sentences: Sentences) -> tuple[set[str], set[str]]:
    """The codes a sentence function reads, and those of them it reads by a bare string instead of a `Code`
    member: run with every figure present, then with each one missing. Raises what the function raises."""
    read: set[str] = set()
    bare: set[str] = set()
    present = {code: (Decimal(1), "exact") for code in INDICATORS}

    def run(values: dict[str, Any]) -> None:
        facts = Facts(
            whole="toàn tỉnh",
            area="trên địa bàn tỉnh",
            period_label="năm 2025",
            end_label="31/12/2025",
            values=_Reading(values, read, bare),
            baseline=_Reading({code: Decimal(1) for code in values}, read, bare),
            baseline_label="năm 2024",
        )
        sentences(facts)

    run(present)
    for code in sorted(read):
        run({c: v for c, v in present.items() if c != code})
    return read, bare


@checks.register("antq")
def check_sentences(app_configs: Any = None, **kwargs: Any) -> list[checks.Error]:
    """Every report area with indicators has its sentence function, which runs on probe figures and reads only
    declared codes, by `Code` member."""
    errors: list[checks.Error] = []
    for key, area in AREAS.items():
        if area.sentences is None:
            continue
        where = f"The report sentence of area {key!r}"
        try:
            read, bare = codes_read(area.sentences)
        except Exception as error:  # what fails on probe figures would fail on a province's report
            errors.append(_error(22, f"{where} fails on probe figures: {error!r}", "Fix the sentence function."))
            continue
        errors += unknown_codes(where, read)
        errors += [
            _error(23, f"{where} reads {code!r} by a bare string", "Read it by its Code member.")
            for code in sorted(bare)
        ]
        errors += unknown_codes(f"The details of area {key!r}", area.details)
        errors += [
            _error(25, f"Area {key!r} reads the breakdown of {code!r}, which declares none", "Declare its breakdown.")
            for code in area.details
            if str(code) in INDICATORS and INDICATORS[str(code)].breakdown is None
        ]
    for key in sorted({i.area for i in INDICATORS.values()}):
        if key in AREAS and AREAS[key].sentences is None:
            errors.append(
                _error(24, f"Report area {key!r} has indicators but no report sentence", "Declare its `sentences`.")
            )
    return errors
