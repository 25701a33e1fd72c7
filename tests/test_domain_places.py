from __future__ import annotations

from desktop.domain import places


def test_the_2025_reform_has_34_provinces_and_3321_communes():
    provinces = places.provinces()
    assert len(provinces) == 34
    assert sum(len(places.communes(p.code)) for p in provinces) == 3321
    assert [p.code for p in provinces][:1] == ["01"]
    assert all(len(p.code) == 2 for p in provinces)


def test_da_nang_48_contains_hai_chau_ward_20242():
    assert places.province_name("48") == "Thành phố Đà Nẵng"
    assert places.commune_name("20242") == "Phường Hải Châu"
    assert places.commune_province("20242") == "48"
    assert "20242" in [c.code for c in places.communes("48")]
    assert places.commune_in_province("20242", "48")
    assert not places.commune_in_province("20242", "01")
    assert places.province_name("79").endswith("Hồ Chí Minh")


def test_codes_given_as_numbers_or_padded_text_mean_the_same_place():
    assert places.is_province(48) and places.is_province("48")
    assert places.is_commune(20242) and places.is_commune("20242")
    assert not places.is_province("99") and not places.is_province("abc")
    assert not places.is_commune("") and not places.is_commune(None)


def test_a_worker_finds_a_commune_typing_without_tones_or_with_d_for_đ():
    hits = places.search_communes("48", "hai chau")
    assert [p.code for p in hits] == ["20242"]
    assert "Phường Đống Đa" in [p.name for p in places.search_communes("01", "dong da")]
    assert "Phường Hải Châu" in [p.name for p in places.search_communes("48", "HẢI CHÂU")]
    assert places.search_communes("48", "zzz") == []
    assert all(p.province_code == "48" for p in places.search_communes("48", "xa"))
