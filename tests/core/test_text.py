"""Accent folding and the Vietnamese name sort key."""

import unicodedata

from antq.core.text import fold, name_sort_key


def test_fold_handles_case_accents_d_and_nfd():
    assert fold("HƯNG YÊN") == "hung yen"
    assert fold("Đông Hưng") == "dong hung"
    assert fold(unicodedata.normalize("NFD", "Hòa Bình")) == "hoa binh"
    assert fold("Hoà") == fold("Hòa") == "hoa"


def test_sort_by_given_name_then_full_name():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Đức Anh"]
    assert sorted(names, key=name_sort_key) == ["Lê Văn An", "Nguyễn Thị An", "Phạm Đức Anh", "Trần Văn Bình"]


def test_vietnamese_letter_order():
    # a < ă < â < b … d < đ … o < ô < ơ … u < ư
    given = ["Đào", "Dũng", "Ánh", "Ân", "Ăn", "Bảo", "Ơn", "Ôn", "On", "Ưng", "Uyên"]
    ordered = sorted((f"Nguyễn {g}" for g in given), key=name_sort_key)
    assert [n.split()[-1] for n in ordered] == [
        "Ánh",
        "Ăn",
        "Ân",
        "Bảo",
        "Dũng",
        "Đào",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_tones_break_ties_after_letters():
    # Same letters: ngang < huyền < hỏi < ngã < sắc < nặng.
    names = ["Nguyễn Thị Mạ", "Nguyễn Thị Má", "Nguyễn Thị Mã", "Nguyễn Thị Mả", "Nguyễn Thị Mà", "Nguyễn Thị Ma"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Thị Ma",
        "Nguyễn Thị Mà",
        "Nguyễn Thị Mả",
        "Nguyễn Thị Mã",
        "Nguyễn Thị Má",
        "Nguyễn Thị Mạ",
    ]


def test_sort_key_is_plain_ascii_and_nfd_safe():
    key = name_sort_key("Nguyễn Thị Hồng")
    assert key.isascii() and key.isalnum()
    assert name_sort_key(unicodedata.normalize("NFD", "Nguyễn Thị Hồng")) == key
