from __future__ import annotations

import unicodedata

import pytest

from desktop.domain.taxonomy import load_taxonomy
from desktop.domain.validation import (
    validate_child,
    validate_contact,
    validate_password,
    validate_referral,
    validate_username,
)
from desktop.errors import ValidationError


def call_from_a_mother() -> dict:
    """DESIGN.md's `contact add --json` example."""
    return {
        "received_at": "2026-10-03T14:05:00+07:00",
        "channel": "phone",
        "call_type": "counselling",
        "caller": {"relation": "mother", "name": "Lê Thị Hạnh", "phone": "0905 123 456"},
        "children": [
            {
                "full_name": "Đặng Thị Hoà",
                "sex": "F",
                "birth_year": 2014,
                "province_code": "48",
                "commune_code": "20242",
            }
        ],
        "categories": ["violence.physical"],
        "services": ["counselling"],
        "risk": "high",
        "summary": "Mẹ báo con bị đánh.",
    }


def field_errors(check, *args, **kwargs) -> dict[str, tuple[str, str]]:
    with pytest.raises(ValidationError) as refused:
        check(*args, **kwargs)
    return refused.value.field_errors


def test_a_well_formed_call_comes_back_normalised():
    data = call_from_a_mother()
    data["children"][0]["full_name"] = unicodedata.normalize("NFD", "  Đặng  Thị Hoà ")
    record = validate_contact(data)
    contact, child = record.fields, record.children[0].fields
    # Text as typed: a one-line field is NFC and trimmed at both ends, its inner spaces kept.
    assert child["full_name"] == "Đặng  Thị Hoà"
    assert unicodedata.is_normalized("NFC", child["full_name"])
    assert (child["family_name"], child["middle_name"], child["given_name"]) == (
        "Đặng",
        "Thị",
        "Hoà",
    )
    assert child["home_province_code"] == "48" and child["home_commune_code"] == "20242"
    assert contact["caller_phone"] == "0905 123 456"  # kept as typed
    assert contact["taxonomy_version"] == load_taxonomy().version == "2027.1"
    assert contact["received_at"] == "2026-10-03T14:05:00+07:00"
    # Parsed once: the aware local moment travels with its stored text.
    assert record.received.isoformat() == contact["received_at"] and record.year == 2026


def test_a_silent_call_needs_only_its_time():
    record = validate_contact({"received_at": "2026-10-03T07:05:00Z", "call_type": "silent"})
    assert record.fields["channel"] == "phone" and record.fields["risk"] == "low"
    assert record.children is None
    assert record.fields["received_at"] == "2026-10-03T14:05:00+07:00"  # Vietnam time


def test_every_bad_field_is_reported_at_once():
    data = call_from_a_mother()
    data.update(received_at="3/10/2026", channel="fax", categories=["violence.physical", "nope"])
    data["caller"]["phone"] = "0905-abc"
    data["children"].append(
        {"sex": "X", "birth_year": 1990, "province_code": "01", "commune_code": "20242"}
    )
    data["favourite_colour"] = "blue"
    errors = field_errors(validate_contact, data)
    assert set(errors) == {
        "received_at",
        "channel",
        "categories[1]",
        "caller.phone",
        "children[1].full_name",
        "children[1].sex",
        "children[1].birth_year",
        "children[1].commune_code",
        "favourite_colour",
    }
    assert errors["children[1].commune_code"][1] == "This commune is not in the chosen province."
    assert errors["favourite_colour"] == ("Trường không được hỗ trợ.", "Unknown field.")


def test_a_child_of_16_or_17_is_accepted_but_not_an_adult():
    on = call_from_a_mother()
    on["children"][0]["birth_date"] = "2009-10-04"  # turns 17 the day after the call
    assert validate_contact(on).children[0].fields["birth_year"] == 2009
    on["children"][0]["birth_date"] = "2008-10-03"  # 18 on the day of the call
    errors = field_errors(validate_contact, on)
    assert set(errors) == {"children[0].birth_date"}
    assert "under 18" in errors["children[0].birth_date"][1]
    future = field_errors(validate_child, {"full_name": "A B", "birth_date": "2030-01-01"})
    assert set(future) == {"birth_date"}


def test_an_unnamed_child_can_be_recorded_when_marked_unknown():
    child = validate_child({"unknown": True, "sex": "M", "age": 12, "commune_code": "20242"})
    child = child.fields
    assert child["full_name"] == ""
    assert child["birth_estimated"] is True
    assert child["home_province_code"] == "48"  # taken from the commune
    known = validate_child({"id": "0190-abc"})
    assert known.is_reference and known.id == "0190-abc" and not known.fields


def test_an_update_checks_only_the_fields_it_changes():
    assert validate_contact({"risk": "urgent"}, partial=True).fields == {"risk": "urgent"}
    assert set(field_errors(validate_contact, {"risk": "none"}, partial=True)) == {"risk"}
    changed = validate_contact({"caller_phone": "111"}, partial=True)
    assert changed.fields == {"caller_phone": "111"}


def test_a_referral_needs_a_known_agency_and_a_reason():
    errors = field_errors(validate_referral, {"agency": "army", "sent_at": "soon"})
    assert set(errors) == {"agency", "reason", "sent_at"}
    referral = validate_referral({"agency": "police", "reason": "Báo công an xã"})
    assert referral.fields["status"] == "sent"
    with pytest.raises(TypeError):  # frozen: what was checked is what is stored
        referral.fields["status"] = "done"  # type: ignore[index]


def test_usernames_and_passwords():
    assert validate_username("  Lan.Nguyen ") == "lan.nguyen"
    for bad in ("ab", "1lan", "lan nguyen", "hạnh", ""):
        assert set(field_errors(validate_username, bad)) == {"username"}
    assert validate_password("đúng8kýtự") == "đúng8kýtự"
    for bad in ("short", "        ", None):
        assert field_errors(validate_password, bad)["password"][1] == (
            "A password needs at least 8 characters."
        )
