"""PDF reports (ReportLab, offline): the case summary, the monthly report and the thematic
report. No Qt, no store, no SQL: pure rendering, typed data in and PDF bytes out.

The services (`ws.reports`, desktop/services/reports.py) check the permission, gather the
data through the store (`desktop.db.stats` counts in SQL), audit, and call these
renderers; the central line renders the monthly report from its own documents through
`desktop.reports.render`.
"""
