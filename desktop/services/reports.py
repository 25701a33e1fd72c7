"""`ws.reports`: the printouts. Each call checks the permission, gathers the data through
the store (the statistics are counted in SQL by `desktop.db.stats`), audits the print
(what was printed, never whom it is about) and hands plain typed data to the pure
renderers of `desktop.reports`, which return PDF bytes. Nothing is written to disk here:
the caller saves the `Printout` where the user chose (`Printout.save`)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import files
from desktop.db import repository, stats
from desktop.domain import consent, periods
from desktop.domain.records import CHILD
from desktop.errors import ConsentMissing, ValidationError
from desktop.reports import labels
from desktop.reports.case_summary import TITLE as CASE_SUMMARY_TITLE
from desktop.reports.case_summary import CaseFile, render_case_summary
from desktop.reports.document_form import body_symbol
from desktop.reports.monthly import (
    monthly_csv,
    monthly_figures,
    provisional_note,
    render_monthly_pdf,
)
from desktop.reports.pdf import PrintFrame
from desktop.reports.redaction import FULL, PROFILE_NOTES, REFERRAL, check_profile
from desktop.reports.spreadsheet import monthly_xlsx, thematic_xlsx
from desktop.reports.thematic import TITLE as THEMATIC_TITLE
from desktop.reports.thematic import (
    check_category,
    describe_case,
    render_thematic_pdf,
    thematic_csv,
    thematic_figures,
)
from desktop.services import outputs
from desktop.services.base import store_errors_as_user_errors
from desktop.services.rights import check_not_restricted

if TYPE_CHECKING:
    from desktop.services.workspace import Workspace

# The redaction profiles of a case summary (`caseline report case --redact`).
REDACTION_PROFILES = tuple(PROFILE_NOTES)


@dataclass(frozen=True)
class Printout:
    """A report ready to save.

    kind: "case_summary" | "monthly" | "thematic"; subject: the case number, the month
    (YYYY-MM) or the period ("YYYY-MM..YYYY-MM"); pdf: the PDF file's bytes; csv: the
    same figures as CSV bytes (UTF-8 with BOM), for a monthly or thematic report asked
    with `csv`;
    xlsx: the report's tables as an Excel workbook (one sheet per table), for a monthly
    or thematic report asked with `xlsx`; data_dir: the data folder of the desk that
    printed it (its files are never written over, `desktop.services.outputs`)."""

    kind: str
    subject: str
    pdf: bytes
    csv: bytes | None = None
    xlsx: bytes | None = None
    data_dir: Path | None = field(default=None, repr=False, compare=False)

    def save(
        self,
        pdf_path: str | os.PathLike[str],
        csv_path: str | os.PathLike[str] | None = None,
        xlsx_path: str | os.PathLike[str] | None = None,
    ) -> Path:
        """Write the PDF (and the CSV and workbook, when there are and a path is given),
        each into a temporary file beside the target then renamed over it; returns the
        PDF's path. OutputRefused, before anything is written, when a path is one of the
        desk's own files or is not a regular file; OSError when the folder cannot be
        written (nothing half-written is left)."""
        targets = [(Path(pdf_path), self.pdf)]
        if csv_path is not None and self.csv is not None:
            targets.append((Path(csv_path), self.csv))
        if xlsx_path is not None and self.xlsx is not None:
            targets.append((Path(xlsx_path), self.xlsx))
        for target, data in targets:  # every check before any write
            if self.data_dir is not None:
                outputs.check_output_path(self.data_dir, target)
            else:
                files.check_regular_or_absent(files.resolve(target))
            files.check_replaceable(files.resolve(target), target, files.sniff(data[:8192]))
        for target, data in targets:
            files.write_atomically(target, data, same_kind=True)
        return targets[0][0]


NATIONAL_SCOPE = "Tất cả các tỉnh, thành phố đã đồng bộ"  # as central's report says


@dataclass(frozen=True)
class ProvinceComparison:
    """One province in the national comparison (issue 15): province_code, province_name;
    contacts in the month; children_population (None: not known to central);
    per_100k_children (contacts per 100,000 children, one decimal; None without the
    population); handoffs_received / accepted / accepted_in_time / declined / waiting
    (national handoffs routed to it in the month); median_accept_hours (routing to
    acceptance, one decimal; None when none was accepted)."""

    province_code: str
    province_name: str
    contacts: int
    children_population: int | None
    per_100k_children: float | None
    handoffs_received: int
    handoffs_accepted: int
    handoffs_accepted_in_time: int
    handoffs_declined: int
    handoffs_waiting: int
    median_accept_hours: float | None

    @classmethod
    def of(cls, row: Any) -> ProvinceComparison:
        population = row.children_population
        rate = round(row.contacts * 100_000 / population, 1) if population else None
        minutes = row.median_accept_minutes
        return cls(
            row.province_code,
            labels.province_name(row.province_code),
            row.contacts,
            population,
            rate,
            row.handoffs_received,
            row.handoffs_accepted,
            row.handoffs_accepted_in_time,
            row.handoffs_declined,
            row.handoffs_waiting,
            round(minutes / 60, 1) if minutes is not None else None,
        )


@dataclass(frozen=True)
class NationalFigures:
    """`ws.reports.national(month)`: month (YYYY-MM), printout (the country's monthly
    report, kind "national_monthly"), provinces (`ProvinceComparison`, by code)."""

    month: str
    printout: Printout
    provinces: tuple[ProvinceComparison, ...]


@store_errors_as_user_errors
class ReportsPart:
    """The printouts of one workspace (`ws.reports`); a manager's right (report.print,
    and report.export for the CSV)."""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def _printed_by(self) -> str:
        user = self._ws.user
        return f"{user.full_name} ({user.username})" if user.full_name else user.username

    def _frame(
        self,
        title: str,
        *,
        confidential: bool,
        profile_note: str = "",
        symbol: str = "",
        provisional_note: str = "",
        printed_at: datetime | None = None,
    ) -> PrintFrame:
        ws = self._ws
        return PrintFrame(
            centre_name=ws.centre_name,
            province_name=labels.province_name(ws.province_code),
            printed_by=self._printed_by(),
            printed_at=printed_at or datetime.now(UTC),
            title=title,
            confidential=confidential,
            profile_note=profile_note,
            symbol=symbol,
            provisional_note=provisional_note,
            managing_body=self.managing_body(),
        )

    def managing_body(self) -> str:
        """The managing body printed first on every letterhead: the desk's setting, or the
        default for its province (`document_form.default_managing_body`)."""
        from desktop.domain.settings import MANAGING_BODY
        from desktop.reports.document_form import default_managing_body

        stored = str(self._ws.store.get_setting(MANAGING_BODY.key, "") or "")
        return stored or default_managing_body(labels.province_name(self._ws.province_code))

    def set_managing_body(self, name: str | None) -> str:
        """Admin: set the managing body every print names first (one line, NFC, at most 120
        characters; None or "" goes back to the default); returns what prints now.
        ValidationError (too long, several lines), PermissionDenied (not admin)."""
        from desktop.domain.settings import MANAGING_BODY
        from desktop.domain.text import one_line

        ws = self._ws
        ws._require("settings")
        value = one_line(name)
        if len(value) > 120 or "\n" in value:
            raise ValidationError(
                {
                    "managing_body": (
                        "Tên cơ quan chủ quản là một dòng, tối đa 120 ký tự",
                        "The managing body is one line of at most 120 characters",
                    )
                }
            )
        ws.store.set_setting(MANAGING_BODY.key, value)
        ws._audit("edit", detail={"setting": MANAGING_BODY.key, "default": not value})
        return self.managing_body()

    def case_summary(
        self, number: str, profile: str = FULL, *, include_sensitive: bool = False
    ) -> Printout:
        """The case summary of case `number` (id or number) with the redaction `profile`
        ("full" | "referral" | "anonymous"). Audited as a view of the case and a print.
        A referral print needs the consent, or a legal basis, recorded for "referral" on a
        source contact (desktop.domain.consent) and says on the page which applied.
        A referral or anonymous print leaves sensitive data out (desktop.domain.sensitive:
        ethnicity, HIV, sexual-abuse details) unless `include_sensitive` (audited).
        ValidationError (unknown profile), PermissionDenied (not a manager, or the case
        is not theirs to read), ConsentMissing, NotFound."""
        ws = self._ws
        check_profile(profile)
        ws._require("report.print")
        detail = ws.get_case(number)
        case = detail.to_dict()  # the renderer's plain data (desktop.reports takes no records)
        contacts = case["contacts"]
        child = case["child"] or {}
        other_ids = {cid for contact in detail.contacts for cid in contact.child_ids}
        other_ids.discard(child.get("id"))
        others = [
            {k: c.get(k) for k in ("id", "full_name", "sex", "birth_year")}
            for c in repository.get_many(ws.conn, CHILD, sorted(other_ids))
        ]
        check_not_restricted(child, "in tóm tắt hồ sơ", "print the case summary")
        sharing_basis = ""
        if profile == REFERRAL:
            # Law 91/2025: a referral discloses the child's data to another agency; the
            # page says on which basis (consent, or the legal basis acting without it).
            decision = detail.consent.decisions[consent.REFERRAL]
            if not decision.allowed:
                raise ConsentMissing(
                    f"Không in bản chuyển gửi hồ sơ {detail.case.number}: {decision.vi}"
                    " Ghi nhận sự đồng ý hoặc căn cứ pháp lý ở cuộc liên hệ nguồn.",
                    f"No referral print of case {detail.case.number}: {decision.en}"
                    " Record consent or a legal basis on its source contact.",
                    purpose=consent.REFERRAL,
                )
            sharing_basis = decision.vi
        case_file = CaseFile(
            case,
            child,
            contacts,
            case["entries"],
            case["referrals"],
            others,
            sharing_basis=sharing_basis,
            hide_sensitive=profile != FULL and not include_sensitive,
        )
        frame = self._frame(
            CASE_SUMMARY_TITLE,
            confidential=True,
            profile_note=PROFILE_NOTES[profile],
            symbol=f"BC-{body_symbol(ws.centre_name)}",  # Decree 30 App. III: báo cáo
        )
        pdf = render_case_summary(case_file, profile, frame)
        number = detail.case.number
        ws.record_event(
            "print",
            "case",
            detail.case.id,
            report="case_summary",
            subject=number,
            redact=profile,
            **({"sensitive": True} if include_sensitive and profile != FULL else {}),
        )
        return Printout("case_summary", number, pdf, data_dir=ws.data_dir)

    def monthly(self, month: str, *, csv: bool = False, xlsx: bool = False) -> Printout:
        """The monthly report for `month` (YYYY-MM, local calendar month) beside the
        previous month and the same month last year; with `csv` also the figures as CSV,
        with `xlsx` as an Excel workbook (report.export). Audited as a print (and an
        export). ValidationError (not YYYY-MM, or a month that has not begun),
        PermissionDenied."""
        ws = self._ws
        ws._require("report.print")
        if csv or xlsx:
            ws._require("report.export")
        now = datetime.now(UTC)
        periods.check_begun(periods.check_report_month(month), now)
        province = labels.province_name(ws.province_code)
        figures = monthly_figures(stats.monthly_counts(ws.conn, month), scope=province)
        pdf = render_monthly_pdf(
            figures,
            centre_name=ws.centre_name,
            province_name=province,
            printed_by=self._printed_by(),
            printed_at=now,
            managing_body=self.managing_body(),
        )
        ws.record_event("print", report="monthly", subject=month)
        table = monthly_csv(figures, provisional_note(month, now)) if csv else None
        book = None
        if xlsx:
            book = monthly_xlsx(
                figures,
                centre_name=ws.centre_name,
                printed_at=now,
                provisional_note=provisional_note(month, now),
            )
        if csv or xlsx:
            ws.record_event("export", report="monthly", subject=month)
        return Printout("monthly", month, pdf, table, book, data_dir=ws.data_dir)

    def national(self, month: str, *, csv: bool = False) -> NationalFigures:
        """The country's monthly report for `month` from central's aggregate, on the
        national desk (issue 15): the same counts `caseline-central report monthly` prints
        (all provinces, by province; counts only), rendered here; and the provinces
        compared (`ProvinceComparison`). One request to central. Audited as a print (and
        an export with `csv`). HandoffRefused on a province desk, ValidationError (not
        YYYY-MM, or a month not begun), SyncError (not enrolled, offline),
        PermissionDenied (report.print)."""
        from desktop.domain.counts import MonthlyCounts
        from desktop.sync import SyncEngine

        ws = self._ws
        ws._require("report.print")
        if csv:
            ws._require("report.export")
        self._national_desk_only()
        now = datetime.now(UTC)
        periods.check_begun(periods.check_report_month(month), now)
        answer = SyncEngine(run_db=lambda fn: fn(ws)).national_monthly(month)
        counts = MonthlyCounts(comparison=periods.Comparison.of(month), **answer.tallies)
        figures = monthly_figures(counts, scope=NATIONAL_SCOPE)
        pdf = render_monthly_pdf(
            figures,
            centre_name=ws.centre_name,
            province_name="Toàn quốc",
            printed_by=self._printed_by(),
            printed_at=now,
            managing_body=self.managing_body(),
        )
        ws.record_event("print", report="national_monthly", subject=month)
        table = monthly_csv(figures, provisional_note(month, now)) if csv else None
        if csv:
            ws.record_event("export", report="national_monthly", subject=month)
        provinces = tuple(ProvinceComparison.of(row) for row in answer.provinces)
        printout = Printout("national_monthly", month, pdf, table, data_dir=ws.data_dir)
        return NationalFigures(month, printout, provinces)

    def national_thematic(
        self, from_month: str, to_month: str, category: str | None = None, *, csv: bool = False
    ) -> Printout:
        """The country's thematic report over `from_month`..`to_month` from central's
        aggregate, on the national desk (issue 15): the same counting a desk does on its
        own records, over every province (counts only). One request to central. Audited
        as a print. HandoffRefused on a province desk, ValidationError (bad period or
        category), SyncError, PermissionDenied (report.print)."""
        from desktop.domain.counts import ThematicCounts
        from desktop.sync import SyncEngine

        ws = self._ws
        ws._require("report.print")
        if csv:
            ws._require("report.export")
        self._national_desk_only()
        check_category(category)
        now = datetime.now(UTC)
        periods.months_between(from_month, to_month)
        periods.check_begun(from_month, now, "from")
        periods.check_begun(to_month, now, "to")
        answer = SyncEngine(run_db=lambda fn: fn(ws)).national_thematic(
            from_month, to_month, category
        )
        tallies = dict(answer.tallies)
        counts = ThematicCounts(
            months=tuple(answer.months),
            category=category,
            per_month=dict(answer.per_month),
            age=tallies.get("age", {}),
            sex=tallies.get("sex", {}),
            commune=tallies.get("commune", {}),
            channel=tallies.get("channel", {}),
            subcategories=tallies.get("subcategories"),
            interventions=tallies.get("interventions", {}),
            referral_agency=tallies.get("referral_agency", {}),
            referral_status=tallies.get("referral_status", {}),
        )
        figures = thematic_figures(counts, running=periods.running_month(now))
        frame = self._frame(
            THEMATIC_TITLE,
            confidential=False,
            symbol=f"BC-{body_symbol(ws.centre_name)}",
            provisional_note=provisional_note(to_month, now, "kỳ báo cáo đến tháng"),
            printed_at=now,
        )
        pdf = render_thematic_pdf(figures, frame)
        subject = f"{from_month}..{to_month}"
        ws.record_event("print", report="national_thematic", subject=subject)
        table = thematic_csv(figures, frame.provisional_note) if csv else None
        if csv:
            ws.record_event("export", report="national_thematic", subject=subject)
        return Printout("national_thematic", subject, pdf, table, data_dir=ws.data_dir)

    def _national_desk_only(self) -> None:
        from desktop.domain.records import NATIONAL_PROVINCE
        from desktop.services.handoffs import HandoffRefused

        if self._ws.province_code != NATIONAL_PROVINCE:
            raise HandoffRefused(
                "Chỉ bàn làm việc của tổng đài quốc gia in được số liệu toàn quốc.",
                "Only the national line's desk prints the country's figures.",
            )

    def thematic(
        self,
        from_month: str,
        to_month: str,
        category: str | None = None,
        case_numbers: Sequence[str] = (),
        *,
        csv: bool = False,
        xlsx: bool = False,
    ) -> Printout:
        """The thematic report over the months `from_month`..`to_month` (YYYY-MM, both
        included) for one category (family or subcategory code; None: every contact),
        with an anonymised description (coded fields only) of each case in
        `case_numbers`. Audited as a print. ValidationError (bad month, a period that
        runs backwards or has not begun, an unknown category), PermissionDenied, NotFound
        (a case). With `csv` also its tables as CSV (`thematic_csv`), with `xlsx` as an
        Excel workbook (report.export, audited as an export)."""
        ws = self._ws
        ws._require("report.print")
        if csv or xlsx:
            ws._require("report.export")
        check_category(category)
        now = datetime.now(UTC)
        periods.months_between(from_month, to_month)  # the shape's messages come first
        periods.check_begun(from_month, now, "from")
        periods.check_begun(to_month, now, "to")  # no month still to come (review i14 #3)
        figures = thematic_figures(
            stats.thematic_counts(ws.conn, from_month, to_month, category),
            running=periods.running_month(now),
        )
        for i, number in enumerate(case_numbers or (), start=1):
            figures.descriptions.append(
                (f"Trường hợp {i}", describe_case(ws.get_case(number).to_dict()))
            )
        frame = self._frame(
            THEMATIC_TITLE,
            confidential=bool(figures.descriptions),
            symbol=f"BC-{body_symbol(ws.centre_name)}",
            provisional_note=provisional_note(to_month, now, "kỳ báo cáo đến tháng"),
            printed_at=now,
        )
        pdf = render_thematic_pdf(figures, frame)
        subject = f"{from_month}..{to_month}"
        ws.record_event(
            "print",
            report="thematic",
            subject=subject,
            category=category or "",
            cases=len(figures.descriptions),
        )
        table = thematic_csv(figures, frame.provisional_note) if csv else None
        book = None
        if xlsx:
            book = thematic_xlsx(
                figures,
                centre_name=ws.centre_name,
                printed_at=now,
                provisional_note=frame.provisional_note,
            )
        if csv or xlsx:
            ws.record_event("export", report="thematic", subject=subject)
        return Printout("thematic", subject, pdf, table, book, data_dir=ws.data_dir)
