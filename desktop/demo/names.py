"""Synthetic Vietnamese names with realistic frequencies.

Family-name shares follow published estimates (Nguyễn ~38 %, Trần ~11 %, Lê ~9.5 % ...);
middle names are gendered (Thị for most women of the parents' generation, fewer for
children born after 2005; Văn for many men). Tone-mark placement varies as it does in
real registers (Hoà / Hòa, Thuỷ / Thủy), which search must fold to the same key.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (family name, share in %) — the rest of the 100 % is spread over OTHER_FAMILY_NAMES.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 3.0),
    ("Huỳnh", 2.1),
    ("Phan", 4.5),
    ("Vũ", 2.2),
    ("Võ", 1.7),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
)
OTHER_FAMILY_NAMES = (
    "Đinh", "Trương", "Lâm", "Mai", "Đoàn", "Lương", "Trịnh", "Cao", "Hà", "Tạ",
    "Lưu", "Châu", "Quách", "Thái", "Tô", "Kiều", "La", "Hứa", "Tăng", "Triệu",
    "Phùng", "Thân", "Vương", "Tôn", "Mạc", "Nông", "Lò", "Y",
)  # fmt: skip

FEMALE_MIDDLE = (
    "Ngọc", "Thu", "Thanh", "Minh", "Bảo", "Khánh", "Phương", "Mai", "Kim", "Thùy",
    "Hoài", "Diệu", "Gia", "Hải", "Quỳnh", "Tuệ", "Như", "Yến", "Hồng", "Ánh",
)  # fmt: skip
MALE_MIDDLE = (
    "Minh", "Đức", "Quốc", "Gia", "Hoàng", "Anh", "Hữu", "Công", "Thành", "Trung",
    "Bảo", "Tuấn", "Đình", "Xuân", "Quang", "Nhật", "Thanh", "Tiến", "Phúc", "Ngọc",
)  # fmt: skip
FEMALE_GIVEN = (
    "Anh", "Linh", "Ngọc", "Hương", "Trang", "Thảo", "Hà", "Hoa", "Lan", "Mai",
    "Hằng", "Huyền", "Nhung", "Yến", "Vy", "Chi", "Nhi", "Hân", "An", "My",
    "Thư", "Trâm", "Uyên", "Phương", "Quỳnh", "Hạnh", "Giang", "Dung", "Ly", "Hoà",
    "Hòa", "Thuỷ", "Thủy", "Tâm", "Khánh", "Ngân", "Nga", "Oanh", "Loan", "Vân",
    "Diệp", "Thơ", "Trinh", "Tuyết", "Xuân", "Hiền", "Nhàn", "Thoa", "Ánh", "Đào",
)  # fmt: skip
MALE_GIVEN = (
    "Anh", "Minh", "Huy", "Hùng", "Dũng", "Tuấn", "Nam", "Long", "Phong", "Khang",
    "Bảo", "Khoa", "Đức", "Hiếu", "Quân", "Tùng", "Sơn", "Thắng", "Trung", "Hải",
    "Tú", "Việt", "Kiên", "Lâm", "Phúc", "Thịnh", "Vinh", "Tài", "Lộc", "Hào",
    "Quang", "Đạt", "Hoàng", "Duy", "Nhân", "Khôi", "Toàn", "Thành", "Cường", "Bình",
    "Đông", "Hưng", "Khải", "Lực", "Nghĩa", "Tín", "Trí", "Vũ", "Đăng", "Thuỵ",
)  # fmt: skip

_OTHER_SHARE = 100.0 - sum(share for _, share in FAMILY_NAMES)
_FAMILY_POOL = [name for name, _ in FAMILY_NAMES] + list(OTHER_FAMILY_NAMES)
_FAMILY_WEIGHTS = [share for _, share in FAMILY_NAMES] + [
    _OTHER_SHARE / len(OTHER_FAMILY_NAMES)
] * len(OTHER_FAMILY_NAMES)


@dataclass(frozen=True)
class PersonName:
    family: str
    middle: str
    given: str

    @property
    def full(self) -> str:
        return " ".join(p for p in (self.family, self.middle, self.given) if p)


def family_name(rng: random.Random) -> str:
    return rng.choices(_FAMILY_POOL, weights=_FAMILY_WEIGHTS)[0]


def person_name(
    rng: random.Random, sex: str, *, born: int, family: str | None = None
) -> PersonName:
    """A full name for someone of `sex` ('F', 'M', 'U') born in year `born`."""
    if sex not in ("F", "M"):
        sex = rng.choice("FM")
    fam = family or family_name(rng)
    if sex == "F":
        thi_share = 0.75 if born < 1990 else 0.45 if born < 2005 else 0.25
        middle = "Thị" if rng.random() < thi_share else rng.choice(FEMALE_MIDDLE)
        given = rng.choice(FEMALE_GIVEN)
    else:
        van_share = 0.55 if born < 1990 else 0.3 if born < 2005 else 0.12
        middle = "Văn" if rng.random() < van_share else rng.choice(MALE_MIDDLE)
        given = rng.choice(MALE_GIVEN)
    if rng.random() < 0.12:  # two middle names: "Nguyễn Ngọc Bảo Anh"
        pool = FEMALE_MIDDLE if sex == "F" else MALE_MIDDLE
        extra = rng.choice(pool)
        if extra != middle:
            middle = f"{middle} {extra}" if middle not in ("Thị", "Văn") else f"{extra} {middle}"
    return PersonName(fam, middle, given)


# Vietnamese mobile prefixes (10-digit numbers since the 2018 renumbering).
MOBILE_PREFIXES: tuple[tuple[str, float], ...] = (
    ("086", 3), ("096", 6), ("097", 7), ("098", 7), ("032", 3), ("033", 3), ("034", 3),
    ("035", 3), ("036", 3), ("037", 3), ("038", 3), ("039", 3),  # Viettel
    ("089", 2), ("090", 6), ("093", 4), ("070", 2), ("076", 1), ("077", 2), ("078", 1),
    ("079", 1),  # MobiFone
    ("088", 2), ("091", 5), ("094", 4), ("081", 2), ("082", 2), ("083", 1), ("084", 1),
    ("085", 1),  # VinaPhone
    ("092", 1), ("056", 0.5), ("058", 0.5),  # Vietnamobile
    ("099", 0.3), ("059", 0.3),  # Gmobile
)  # fmt: skip
_PREFIXES = [p for p, _ in MOBILE_PREFIXES]
_PREFIX_WEIGHTS = [w for _, w in MOBILE_PREFIXES]


def mobile_phone(rng: random.Random) -> str:
    prefix = rng.choices(_PREFIXES, weights=_PREFIX_WEIGHTS)[0]
    return prefix + f"{rng.randrange(10_000_000):07d}"


def landline(rng: random.Random, area_code: int) -> str:
    """A fixed line: 0 + area code + 7 digits (0236 … for Đà Nẵng)."""
    return f"0{area_code}" + f"{rng.randrange(10_000_000):07d}"
