"""A manager previews a report and a case summary inside the app, prints them through the
print dialog's printer and saves the PDF, told where it went; the case page offers the
same redaction profiles, under the same name, as the reports page."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from test_ui_admin_reports_referrals import CONTACT
from ui_support import PASSWORDS

from desktop.services import Workspace
from desktop.services.reports import Printout
from desktop.ui.printout_view import PrintoutDialog


def _text(path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_a_manager_previews_prints_and_saves_the_monthly_report(signed_in, qtbot, tmp_path):
    main = signed_in("hoa")
    with Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"]) as ws:
        ws.record_contact(CONTACT)
    reports = main.page("reports")
    main.show_page("reports")
    reports.kind.set_value("monthly")
    reports.month.setDate(reports.month.date().fromString("01/11/2026", "dd/MM/yyyy"))
    reports.preview_button.click()
    qtbot.waitUntil(lambda: reports.preview_dialog is not None, timeout=30000)
    dialog = reports.preview_dialog
    assert isinstance(dialog, PrintoutDialog) and dialog.isVisible()
    pages = len(PdfReader(__import__("io").BytesIO(dialog.printout.pdf)).pages)
    assert len(dialog.page_labels) == pages >= 1
    first = dialog.page_labels[0].pixmap()
    assert first.width() > 500 and first.height() > first.width()  # an A4 page, upright
    assert dialog.pages_label.text() == f"{pages} trang"
    assert dialog.print_button.text() == "In…" and dialog.save_button.text() == "Lưu PDF…"

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # what the print dialog gives
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    dialog.print_to(printer)
    assert len(PdfReader(tmp_path / "printer.pdf").pages) == pages
    assert dialog.message.text() == f"Đã gửi {pages} trang đến máy in."

    out = tmp_path / "bao-cao-thang-11.pdf"
    dialog.save_to(out)
    qtbot.waitUntil(lambda: dialog.confirmation is not None, timeout=10000)
    assert str(out) in dialog.confirmation.text() and str(out) in dialog.message.text()
    assert "Tổng số cuộc liên hệ 1" in _text(out)
    assert str(out) in reports.message.text()


def test_the_case_page_prints_with_the_chosen_redaction_profile(signed_in, qtbot, tmp_path):
    main = signed_in("hoa")
    with Workspace.open(main.app.data_dir, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id)
    view = main.case_view
    main.open_case(case.id)
    qtbot.waitUntil(lambda: view.detail is not None, timeout=5000)
    reports = main.page("reports")
    assert view.redact_label.text() == "Mức che thông tin"
    assert reports.labels[-1].text() == "Mức che thông tin"
    assert [view.redact.itemText(i) for i in range(view.redact.count())] == [
        reports.redact.itemText(i) for i in range(reports.redact.count())
    ]
    view.redact.set_value("anonymous")
    view.print_button.click()
    qtbot.waitUntil(lambda: view.findChild(PrintoutDialog) is not None, timeout=30000)
    dialog = view.findChild(PrintoutDialog)
    assert dialog.file_name == f"{case.number}-an-danh.pdf"  # the profile in the name
    out = tmp_path / "anonymous.pdf"
    dialog.save_to(out)
    qtbot.waitUntil(lambda: dialog.confirmation is not None, timeout=10000)
    text = _text(out)
    assert "Mức che thông tin: ẩn danh" in text and case.number in text
    child = CONTACT["children"][0]["full_name"]
    assert child not in text


def test_the_reports_page_offers_no_month_still_to_come(signed_in):
    """The monthly report and both ends of a thematic period stop at this month (the
    services refuse a month that has not begun: tests/test_reports_desk.py; review i14 #3:
    "Đến tháng" was not limited)."""
    main = signed_in("hoa")
    reports = main.page("reports")
    for edit in (reports.month, reports.from_month, reports.to_month):
        edit.setDate(edit.date().addMonths(3))
        today = edit.date().currentDate()
        assert (edit.date().year(), edit.date().month()) == (today.year(), today.month())


def _pages_pdf(count: int) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    handle = io.BytesIO()
    page = canvas.Canvas(handle)
    for number in range(1, count + 1):
        page.drawString(72, 720, f"Page marker {number:02d}")
        page.showPage()
    page.save()
    return handle.getvalue()


def test_printing_sends_only_the_page_range_chosen_in_the_print_dialog(qtbot, tmp_path):
    """Review i14 #9: with 'Pages 3 to 4' chosen, all 16 pages were sent, each a 300-dpi
    raster (≈1.5 MB a page). The range is honoured; printed to a file, the pages keep
    their text and stay small."""
    from desktop.ui.printout_view import print_pdf

    pdf = _pages_pdf(16)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "range.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(3, 4)
    assert print_pdf(Printout("case_summary", "x", pdf), printer) == 2
    printed = [p.extract_text().strip() for p in PdfReader(tmp_path / "range.pdf").pages]
    assert printed == ["Page marker 03", "Page marker 04"]
    assert (tmp_path / "range.pdf").stat().st_size < 20_000
    from desktop.ui.printout_view import chosen_pages

    printer.setFromTo(15, 40)  # past the end: clipped
    assert chosen_pages(printer, 16) == [14, 15]
    printer.setPrintRange(QPrinter.PrintRange.AllPages)
    assert chosen_pages(printer, 16) == list(range(16))


def test_a_page_list_prints_exactly_the_pages_listed(qtbot, tmp_path):
    """Review i14b #4: a page list "1,3" printed pages 1 to 3 (only fromPage/toPage were
    read). Each listed page is printed once, in document order, clipped to the document."""
    from PySide6.QtGui import QPageRanges

    from desktop.ui.printout_view import chosen_pages, print_pdf

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "list.pdf"))
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setPageRanges(QPageRanges.fromString("1,3"))
    assert print_pdf(Printout("case_summary", "x", _pages_pdf(3)), printer) == 2
    printed = [p.extract_text().strip() for p in PdfReader(tmp_path / "list.pdf").pages]
    assert printed == ["Page marker 01", "Page marker 03"]
    printer.setPageRanges(QPageRanges.fromString("5-6,2,1-2,9-20"))
    assert chosen_pages(printer, 10) == [0, 1, 4, 5, 8, 9]


def test_print_to_file_onto_the_desks_database_is_refused(signed_in, qtbot, tmp_path):
    """Review i14b #1 (LOSS): the print dialog's "Print to file" wrote with a plain
    open(..., "wb"), so typing the path of the desk's caseline.db replaced the encrypted
    database with the PDF. It now goes through `Printout.save`, like "Save PDF…": refused
    with one message, the database intact and still opening."""
    main = signed_in("hoa")
    data_dir = main.app.data_dir
    with Workspace.open(data_dir, "hoa", PASSWORDS["hoa"]) as ws:
        case = ws.open_case(ws.record_contact(CONTACT).id)
        printout = ws.reports.case_summary(case.number)
    db = Path(data_dir) / "caseline.db"
    before = db.read_bytes()
    dialog = PrintoutDialog(printout, [], "x.pdf")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(db))
    dialog.print_to(printer)
    assert db.read_bytes() == before
    assert "caseline.db" in dialog.message.text() and "Đã gửi" not in dialog.message.text()
    with Workspace.open(data_dir, "hoa", PASSWORDS["hoa"]) as ws:
        assert ws.get_case(case.id).case.number == case.number


def test_the_offered_file_names_say_which_month_period_and_profile():
    """Review i14 #11: the monthly preview offered 'bao-cao-thang.pdf' for every month and
    the case preview '<number>.pdf' for all three profiles, so one saved copy overwrote
    another."""
    from desktop.ui.reports_page import case_file_name, default_file_name

    names = {
        default_file_name("monthly", {"month": "2026-10"}),
        default_file_name("monthly", {"month": "2026-11"}),
        default_file_name("thematic", {"from": "2026-08", "to": "2026-10", "category": None}),
        default_file_name("thematic", {"from": "2026-08", "to": "2026-10", "category": "violence"}),
        *(case_file_name("HS-2026-0001", p) for p in ("full", "referral", "anonymous")),
    }
    assert len(names) == 7 and "bao-cao-thang-2026-10.pdf" in names
    assert "HS-2026-0001-chuyen-gui.pdf" in names and "HS-2026-0001-an-danh.pdf" in names
