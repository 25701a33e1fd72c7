"""The one API the UI, CLI, reports and sync call (see docs/dev-contracts.md).

from desktop.services import Workspace
recovery_key = Workspace.init(data_dir, centre=..., province_code="48",
                              admin_username="admin", admin_password="...")
ws = Workspace.open(data_dir, "admin", "...")
"""

from __future__ import annotations

from desktop.domain.records import NATIONAL_PROVINCE
from desktop.services.types import Page, Preferences, Saved, UserInfo
from desktop.services.workspace import Workspace

__all__ = ["NATIONAL_PROVINCE", "Page", "Preferences", "Saved", "UserInfo", "Workspace"]
