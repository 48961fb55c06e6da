"""The tile "map" layout (antq/geo/tiles.py): today's 34 provinces on a hand-drawn grid, north to south and west to
east; communes, which no data places, in the order of their codes — never alphabetically under a geographic claim."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from vietnam_provinces import Province

from antq.geo.tiles import PROVINCE_TILES, tile_layout

SITE_CSS = Path(__file__).resolve().parents[2] / "antq/static/antq/site.css"


def _units(*codes: str) -> list[SimpleNamespace]:
    return [SimpleNamespace(code=code) for code in codes]


def _code(unit: SimpleNamespace) -> str:
    return unit.code


def test_the_grid_has_each_of_the_34_provinces_of_2025_once():
    official = {f"{int(province.code):02d}" for province in Province.iter_all()}
    assert len(official) == 34 and set(PROVINCE_TILES) == official
    assert len(set(PROVINCE_TILES.values())) == 34  # no two provinces on one tile


def test_the_grid_follows_the_country_north_to_south_and_west_to_east():
    row = {code: position[0] for code, position in PROVINCE_TILES.items()}
    column = {code: position[1] for code, position in PROVINCE_TILES.items()}
    assert row["08"] < row["01"] < row["38"] < row["48"] < row["79"] < row["96"]  # Tuyên Quang … Cà Mau
    assert min(row.values()) == row["08"] and max(row.values()) == row["96"]
    assert column["11"] < column["14"] < column["25"] < column["19"] < column["20"]  # Điện Biên … Lạng Sơn
    assert column["91"] < column["82"] < column["79"]  # An Giang, Đồng Tháp, TP. Hồ Chí Minh
    assert row["01"] < row["37"] and column["01"] < column["22"]  # Ninh Bình south, Quảng Ninh east of Hà Nội


def test_provinces_are_laid_out_in_reading_order_with_their_tiles():
    laid = tile_layout(_units("96", "79", "01", "08", "12"), _code)  # Cà Mau, HCM, Hà Nội, Tuyên Quang, Lai Châu
    assert [(u.code, r, c) for u, r, c in laid] == [
        ("12", 1, 2),
        ("08", 1, 4),
        ("01", 3, 3),
        ("79", 16, 3),
        ("96", 18, 2),
    ]


def test_communes_are_in_code_order_without_a_position():
    laid = tile_layout(_units("12688", "12583", "11911", "12712"), _code)
    assert [(u.code, r, c) for u, r, c in laid] == [
        ("11911", None, None),
        ("12583", None, None),
        ("12688", None, None),
        ("12712", None, None),
    ]
    # A unit the grid does not know (a legacy province) puts the whole list in code order, with no position.
    assert [r for _, r, _ in tile_layout(_units("01", "34"), _code)] == [None, None]
    assert tile_layout([], _code) == []


def test_the_stylesheet_places_every_row_and_column_of_the_grid():
    css = SITE_CSS.read_text()
    rows = {int(n) for n in re.findall(r"\.tiles\.geo \.r(\d+) \{ grid-row:\1; \}", css)}
    columns = {int(n) for n in re.findall(r"\.tiles\.geo \.c(\d+) \{ grid-column:\1; \}", css)}
    assert {r for r, _ in PROVINCE_TILES.values()} <= rows
    assert {c for _, c in PROVINCE_TILES.values()} <= columns
