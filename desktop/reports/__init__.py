"""PDF reports (ReportLab, offline): the case summary, the monthly report and the thematic
report. No Qt. Rendering is separate from reading the data, so the central line can render
the monthly report from its own documents (`monthly.compute_monthly`/`render_monthly_pdf`).
"""
