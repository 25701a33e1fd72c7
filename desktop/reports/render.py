"""The pure part of the reports, the one module the central line imports: label the raw
counts (`desktop.domain.counts`, counted by `desktop.db.stats`) and print the monthly PDF.
Nothing here reaches the desk's store or services.
"""

from __future__ import annotations

from desktop.domain.periods import Comparison, check_begun, shift
from desktop.errors import CaselineError
from desktop.reports.labels import province_name
from desktop.reports.monthly import MonthlyStats, monthly_csv, monthly_figures, render_monthly_pdf

__all__ = [
    "CaselineError",
    "Comparison",
    "check_begun",
    "MonthlyStats",
    "monthly_csv",
    "monthly_figures",
    "province_name",
    "render_monthly_pdf",
    "shift",
]
