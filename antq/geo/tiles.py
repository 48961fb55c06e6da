"""Where a unit's tile goes on the dashboard's tile "map" of child units (no boundary files: none of the packages
ANTQ may use ships the 2025 provinces' boundaries or centroids, and `vietnam-provinces` ships no coordinates).

- The 34 provinces and cities (Nghị quyết 202/2025/QH15, from 01/07/2025) have a hand-drawn tile grid,
  `PROVINCE_TILES`: one tile per province, (row, column) from the north-west corner, following the country's
  shape. It was drawn from the relative positions of the provinces' administrative centres on the 2025
  administrative map of the 34 provinces (north to south by row; west to east by column within a row), keeping
  neighbours next to each other where the S-shape allows: a tile map shows order and neighbourhood, not area.
- Communes have no position in any data ANTQ holds, so they are never laid out "by geography": they are listed
  in the order of their codes in the national list of administrative units (Quyết định 19/2025/QĐ-TTg), which
  keeps the communes of each former district together in the list's order. The dashboard says so under the tiles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# (row, column), 1-based. Drawn by hand (see above); five columns, eighteen rows.
PROVINCE_TILES: dict[str, tuple[int, int]] = {
    # Northern mountains and midlands
    "12": (1, 2),  # Lai Châu
    "15": (1, 3),  # Lào Cai (with Yên Bái)
    "08": (1, 4),  # Tuyên Quang (with Hà Giang)
    "04": (1, 5),  # Cao Bằng
    "11": (2, 1),  # Điện Biên
    "14": (2, 2),  # Sơn La
    "25": (2, 3),  # Phú Thọ (with Vĩnh Phúc, Hòa Bình)
    "19": (2, 4),  # Thái Nguyên (with Bắc Kạn)
    "20": (2, 5),  # Lạng Sơn
    # Red River delta and the north-east coast
    "01": (3, 3),  # Hà Nội
    "24": (3, 4),  # Bắc Ninh (with Bắc Giang)
    "22": (3, 5),  # Quảng Ninh
    "37": (4, 3),  # Ninh Bình (with Hà Nam, Nam Định)
    "33": (4, 4),  # Hưng Yên (with Thái Bình)
    "31": (4, 5),  # Hải Phòng (with Hải Dương)
    # North Central and the central coast
    "38": (5, 3),  # Thanh Hóa
    "40": (6, 3),  # Nghệ An
    "42": (7, 4),  # Hà Tĩnh
    "44": (8, 4),  # Quảng Trị (with Quảng Bình)
    "46": (9, 5),  # Huế
    "48": (10, 5),  # Đà Nẵng (with Quảng Nam)
    "51": (11, 5),  # Quảng Ngãi (with Kon Tum)
    "52": (12, 5),  # Gia Lai (with Bình Định)
    "66": (13, 5),  # Đắk Lắk (with Phú Yên)
    "68": (14, 4),  # Lâm Đồng (with Đắk Nông, Bình Thuận)
    "56": (14, 5),  # Khánh Hòa (with Ninh Thuận)
    # South-east and the Mekong delta
    "80": (15, 2),  # Tây Ninh (with Long An)
    "75": (15, 3),  # Đồng Nai (with Bình Phước)
    "91": (16, 1),  # An Giang (with Kiên Giang)
    "82": (16, 2),  # Đồng Tháp (with Tiền Giang)
    "79": (16, 3),  # TP. Hồ Chí Minh (with Bình Dương, Bà Rịa - Vũng Tàu)
    "92": (17, 2),  # Cần Thơ (with Sóc Trăng, Hậu Giang)
    "86": (17, 3),  # Vĩnh Long (with Bến Tre, Trà Vinh)
    "96": (18, 2),  # Cà Mau (with Bạc Liêu)
}


def tile_layout[T](units: Sequence[T], code_of: Callable[[T], str]) -> list[tuple[T, int | None, int | None]]:
    """`units` in reading order with their tile position: by the tile grid (north to south, then west to east)
    when every unit is one of today's 34 provinces; otherwise (communes, or anything the grid does not know) in
    the order of their codes, without a position."""
    if units and all(code_of(u) in PROVINCE_TILES for u in units):
        placed = sorted(units, key=lambda u: PROVINCE_TILES[code_of(u)])
        return [(u, *PROVINCE_TILES[code_of(u)]) for u in placed]
    return [(u, None, None) for u in sorted(units, key=code_of)]
