"""Validation entry points used by the services (the rules live in desktop.domain)."""

from __future__ import annotations

from typing import Any

from desktop.domain import validation
from desktop.domain.taxonomy import Taxonomy, load_taxonomy


def taxonomy() -> Taxonomy:
    return load_taxonomy()


def contact(data: dict[str, Any], *, partial: bool = False) -> validation.ContactRecord:
    """The `contact add --json` shape, checked and normalised once (ValidationError lists
    all): the record the repository stores as it is."""
    return validation.validate_contact(data, taxonomy(), partial=partial)


def child(data: dict[str, Any], *, partial: bool = False) -> validation.ChildRecord:
    return validation.validate_child(data, taxonomy(), partial=partial)


def referral(data: dict[str, Any], *, partial: bool = False) -> validation.ReferralRecord:
    return validation.validate_referral(data, taxonomy(), partial=partial)


def username(name: str) -> str:
    return validation.validate_username(name)


def password(secret: str, field_name: str = "password") -> str:
    return validation.validate_password(secret, field_name)
