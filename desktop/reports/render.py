"""The pure part of the reports, the one module the central line imports: count plain
record dicts and print the monthly PDF. Nothing here reaches the desk's store or services.
"""

from __future__ import annotations

from desktop.errors import CaselineError
from desktop.reports.labels import province_name
from desktop.reports.monthly import (
    MonthlyStats,
    compute_monthly,
    render_monthly_pdf,
    write_monthly_csv,
)
from desktop.reports.periods import Comparison, shift

__all__ = [
    "CaselineError",
    "Comparison",
    "MonthlyStats",
    "compute_monthly",
    "province_name",
    "render_monthly_pdf",
    "shift",
    "write_monthly_csv",
]
