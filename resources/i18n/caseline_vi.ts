<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi" sourcelanguage="en">
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../desktop/ui/admin.py" line="451"/>
        <source>Remove</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="339"/>
        <source>Choose a user in the list first.</source>
        <translation>Hãy chọn một người dùng trong danh sách trước.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="416"/>
        <source>Enable a user</source>
        <translation>Mở lại tài khoản</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="612"/>
        <source>Enable…</source>
        <translation>Mở lại…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="443"/>
        <source>Remove a user</source>
        <translation>Xoá người dùng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="446"/>
        <source>Remove {name}? Their account and key go, and the database is encrypted again under a new key (this may take a minute). What they did stays in the access log; cases assigned to them stay so until a manager reassigns them.</source>
        <translation>Xoá {name}? Tài khoản và khoá của người này bị xoá, cơ sở dữ liệu được mã hoá lại bằng khoá mới (có thể mất khoảng một phút). Những việc họ đã làm vẫn còn trong nhật ký truy cập; hồ sơ đang giao cho họ giữ nguyên cho đến khi lãnh đạo phân công lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="613"/>
        <source>Remove…</source>
        <translation>Xoá…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="425"/>
        <source>{name} can sign in again with the new password.</source>
        <translation>{name} đăng nhập lại được bằng mật khẩu mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="458"/>
        <source>{name} was removed; the database has a new key.</source>
        <translation>Đã xoá {name}; cơ sở dữ liệu đã có khoá mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="417"/>
        <source>{name} will sign in with a new password. New password:</source>
        <translation>{name} sẽ đăng nhập bằng mật khẩu mới. Mật khẩu mới:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="75"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="76"/>
        <location filename="../../desktop/ui/admin.py" line="452"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="322"/>
        <source>disabled</source>
        <translation>đã khoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="322"/>
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="366"/>
        <source>User {name} added.</source>
        <translation>Đã thêm người dùng {name}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="378"/>
        <source>{name} is now: {role}.</source>
        <translation>{name} giờ có vai trò: {role}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="390"/>
        <source>Reset password</source>
        <translation>Đặt lại mật khẩu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="391"/>
        <source>New password for {name}:</source>
        <translation>Mật khẩu mới cho {name}:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="396"/>
        <source>The password of {name} was reset.</source>
        <translation>Đã đặt lại mật khẩu của {name}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="405"/>
        <source>{name} can no longer sign in.</source>
        <translation>{name} không thể đăng nhập nữa.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="482"/>
        <source>Settings saved.</source>
        <translation>Đã lưu cài đặt.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="489"/>
        <source>Save the backup</source>
        <translation>Lưu bản sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="494"/>
        <source>Backup passphrase</source>
        <translation>Mật khẩu sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="495"/>
        <source>A passphrase to protect the backup (keep it safe):</source>
        <translation>Mật khẩu bảo vệ bản sao lưu (hãy giữ cẩn thận):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="501"/>
        <source>Backing up…</source>
        <translation>Đang sao lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="504"/>
        <source>Backup saved: {path}</source>
        <translation>Đã lưu bản sao lưu: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="522"/>
        <source>Restoring the backup…</source>
        <translation>Đang khôi phục bản sao lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="527"/>
        <source>The backup of {date} was restored. The previous data is kept, still encrypted, in {folder}. Sign in again.</source>
        <translation>Đã khôi phục bản sao lưu lúc {date}. Dữ liệu trước đó vẫn được giữ (vẫn được mã hoá) ở {folder}. Hãy đăng nhập lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="547"/>
        <source>Save the sync packet</source>
        <translation>Lưu gói đồng bộ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="557"/>
        <source>Sync packet saved: {path} ({ops} changes, {chunks} file chunks). Carry it to central; import the answer here.</source>
        <translation>Đã lưu gói đồng bộ: {path} ({ops} thay đổi, {chunks} mảnh tệp). Mang tới trung tâm; nhập gói trả lời tại đây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="566"/>
        <source>Central&apos;s answer packet</source>
        <translation>Gói trả lời của trung tâm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="575"/>
        <source>Answer imported: {answered} changes answered, {pulled} records received.</source>
        <translation>Đã nhập gói trả lời: {answered} thay đổi được trả lời, {pulled} bản ghi nhận về.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="593"/>
        <source>Administration</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="594"/>
        <source>Sync packet (no internet)</source>
        <translation>Gói đồng bộ (khi không có mạng)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="597"/>
        <source>Without a connection for days: save this desk&apos;s changes to a packet, carry it to central, then import central&apos;s answer here.</source>
        <translation>Mất mạng nhiều ngày: lưu các thay đổi của máy này vào một gói, mang tới trung tâm, rồi nhập gói trả lời của trung tâm tại đây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="601"/>
        <source>Export a sync packet…</source>
        <translation>Xuất gói đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="602"/>
        <source>Import the answer…</source>
        <translation>Nhập gói trả lời…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="603"/>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="605"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="605"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="605"/>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="605"/>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="607"/>
        <source>Add a user…</source>
        <translation>Thêm người dùng…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="609"/>
        <source>Set role</source>
        <translation>Đổi vai trò</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="610"/>
        <source>Reset password…</source>
        <translation>Đặt lại mật khẩu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="611"/>
        <source>Disable</source>
        <translation>Khoá tài khoản</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="614"/>
        <source>This desk</source>
        <translation>Máy này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="616"/>
        <source>Centre: {centre}
Device code: {device}</source>
        <translation>Trung tâm: {centre}
Mã máy: {device}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="620"/>
        <source>Enrol with the central line…</source>
        <translation>Đăng ký với tổng đài trung ương…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="621"/>
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="625"/>
        <source>Lock after idle (minutes)</source>
        <translation>Tự khoá khi không dùng (phút)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="626"/>
        <source>Sync every (minutes)</source>
        <translation>Đồng bộ mỗi (phút)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="627"/>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="628"/>
        <source>Other desks&apos; attachments</source>
        <translation>Tệp đính kèm của máy khác</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="633"/>
        <source>Fetch when opened</source>
        <translation>Tải về khi mở tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="634"/>
        <source>Fetch all at every sync</source>
        <translation>Tải hết mỗi lần đồng bộ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="635"/>
        <source>Save settings</source>
        <translation>Lưu cài đặt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="636"/>
        <source>Backup and restore</source>
        <translation>Sao lưu và khôi phục</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="637"/>
        <source>Back up now…</source>
        <translation>Sao lưu ngay…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="638"/>
        <source>Restore from a backup…</source>
        <translation>Khôi phục từ bản sao lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="641"/>
        <source>Restoring replaces this desk&apos;s data with the backup&apos;s; the current files are kept aside, still encrypted. On a new computer, choose “Restore from a backup…” in the first set-up instead; the same passwords will work.</source>
        <translation>Khôi phục sẽ thay dữ liệu của máy này bằng dữ liệu của bản sao lưu; các tệp hiện tại được cất riêng và vẫn được mã hoá. Trên máy mới, hãy chọn “Khôi phục từ bản sao lưu…” ở bước thiết lập lần đầu; mật khẩu cũ vẫn dùng được.</translation>
    </message>
</context>
<context>
    <name>AttachmentViewer</name>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="250"/>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="252"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="279"/>
        <source>{name}: {pages} page(s), {size}</source>
        <translation>{name}: {pages} trang, {size}</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="133"/>
        <source>Attachments (letters, scans, photos)</source>
        <translation>Tệp đính kèm (thư, bản quét, ảnh)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="134"/>
        <source>Add a file…</source>
        <translation>Thêm tệp…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="135"/>
        <source>View</source>
        <translation>Xem</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="136"/>
        <source>Save as…</source>
        <translation>Lưu ra…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="162"/>
        <source>(on central)</source>
        <translation>(trên máy chủ trung tâm)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="167"/>
        <source>{name} — added by {user}</source>
        <translation>{name} — do {user} thêm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="188"/>
        <source>Attach a file</source>
        <translation>Đính kèm tệp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="197"/>
        <source>File attached.</source>
        <translation>Đã đính kèm tệp.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="220"/>
        <source>Save the attachment</source>
        <translation>Lưu tệp đính kèm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/attachments.py" line="232"/>
        <source>Saved: {path}</source>
        <translation>Đã lưu: {path}</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="134"/>
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="162"/>
        <location filename="../../desktop/ui/audit_page.py" line="244"/>
        <source>Everyone</source>
        <translation>Mọi người</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="172"/>
        <source>Checking the audit log and the records…</source>
        <translation>Đang kiểm tra nhật ký truy cập và dữ liệu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="177"/>
        <source>The audit log&apos;s chain and the records are intact.</source>
        <translation>Chuỗi nhật ký truy cập và dữ liệu nguyên vẹn.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="184"/>
        <source>The audit log or the records are damaged ({count} problems): {first}</source>
        <translation>Nhật ký truy cập hoặc dữ liệu bị hỏng ({count} vấn đề): {first}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="197"/>
        <source>Viewed</source>
        <translation>Xem</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="198"/>
        <source>Printed</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="199"/>
        <source>Exported</source>
        <translation>Xuất</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="200"/>
        <source>Changed</source>
        <translation>Sửa</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="201"/>
        <source>Assigned</source>
        <translation>Phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="202"/>
        <source>Created</source>
        <translation>Tạo mới</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="203"/>
        <source>Signed in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="204"/>
        <source>Wrong password</source>
        <translation>Sai mật khẩu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="205"/>
        <source>Synced</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="206"/>
        <source>User changed</source>
        <translation>Thay đổi người dùng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="207"/>
        <source>Backed up</source>
        <translation>Sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="208"/>
        <source>Restored</source>
        <translation>Khôi phục</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="213"/>
        <source>Contact</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="214"/>
        <source>Case</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="215"/>
        <source>Child</source>
        <translation>Trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="216"/>
        <source>Timeline entry</source>
        <translation>Ghi chép diễn biến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="217"/>
        <source>Referral</source>
        <translation>Chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="218"/>
        <source>Sync conflict</source>
        <translation>Xung đột đồng bộ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="227"/>
        <source>Audit log</source>
        <translation>Nhật ký truy cập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="228"/>
        <source>Check again</source>
        <translation>Kiểm tra lại</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="229"/>
        <source>Load more</source>
        <translation>Tải thêm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="230"/>
        <source>Only between</source>
        <translation>Chỉ trong khoảng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="233"/>
        <location filename="../../desktop/ui/audit_page.py" line="248"/>
        <source>User</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="233"/>
        <location filename="../../desktop/ui/audit_page.py" line="249"/>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="233"/>
        <source>from</source>
        <translation>từ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="233"/>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="239"/>
        <source>Any</source>
        <translation>Bất kỳ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="247"/>
        <source>When</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="250"/>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="251"/>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/audit_page.py" line="252"/>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="672"/>
        <source>Reminders…</source>
        <translation>Nhắc việc…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="603"/>
        <source>next review {day}</source>
        <translation>rà soát tiếp theo {day}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="601"/>
        <source>next follow-up {day}</source>
        <translation>theo dõi tiếp theo {day}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="675"/>
        <source>The child&apos;s data…</source>
        <translation>Dữ liệu của trẻ em…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="674"/>
        <source>Transfer to another province…</source>
        <translation>Chuyển sang tỉnh, thành phố khác…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="673"/>
        <source>Where the harm happened…</source>
        <translation>Nơi xảy ra sự việc…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="639"/>
        <source>The child {name} of case {number}</source>
        <translation>Trẻ em {name} của hồ sơ {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="268"/>
        <source>Case {number} — {child}</source>
        <translation>Hồ sơ {number} — {child}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="270"/>
        <source>(name unknown)</source>
        <translation>(chưa rõ tên)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="285"/>
        <source>Born {born} · assigned to {worker} · received {received} · categories: {categories}</source>
        <translation>Sinh {born} · phụ trách: {worker} · tiếp nhận {received} · vấn đề: {categories}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="288"/>
        <source>nobody yet</source>
        <translation>chưa phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="303"/>
        <source>This case has {count} sync conflict(s): two desks changed the same field.</source>
        <translation>Hồ sơ này có {count} xung đột đồng bộ: hai máy cùng sửa một trường.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="332"/>
        <source>Closed {date}</source>
        <translation>Đã kết thúc {date}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="354"/>
        <source>Overdue since {when}</source>
        <translation>Quá hạn từ {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="358"/>
        <source>Due {when}</source>
        <translation>Hạn {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="361"/>
        <source>No deadline</source>
        <translation>Không có hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="372"/>
        <source>Reopen: {step}</source>
        <translation>Mở lại: {step}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="372"/>
        <source>Move to: {step}</source>
        <translation>Chuyển sang: {step}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="439"/>
        <source>Case opened</source>
        <translation>Mở hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="439"/>
        <source>Case {number} opened, received {when}</source>
        <translation>Mở hồ sơ {number}, tiếp nhận lúc {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="444"/>
        <source>Assignment</source>
        <translation>Phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="445"/>
        <source>Assigned to {name}</source>
        <translation>Phân công cho {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="447"/>
        <source>Unassigned</source>
        <translation>Bỏ phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="450"/>
        <location filename="../../desktop/ui/case/view.py" line="454"/>
        <source>Referral</source>
        <translation>Chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="450"/>
        <source>Referred to {agency}: {reason}</source>
        <translation>Chuyển gửi đến {agency}: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="454"/>
        <source>Referral to {agency}: {status}. {outcome}</source>
        <translation>Chuyển gửi đến {agency}: {status}. {outcome}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="462"/>
        <source>Printout</source>
        <translation>In</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="462"/>
        <source>Case summary printed ({profile})</source>
        <translation>In báo cáo tóm tắt hồ sơ ({profile})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="495"/>
        <source>Plan approved by {who} on {when}</source>
        <translation>Kế hoạch được {who} phê duyệt lúc {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="538"/>
        <source>The case moved to “{step}”.</source>
        <translation>Hồ sơ đã chuyển sang “{step}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="556"/>
        <source>Added to the timeline.</source>
        <translation>Đã thêm vào diễn biến hồ sơ.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="562"/>
        <location filename="../../desktop/ui/case/view.py" line="569"/>
        <source>Referral saved.</source>
        <translation>Đã lưu việc chuyển gửi.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="580"/>
        <source>Assigned to {name}.</source>
        <translation>Đã phân công cho {name}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="663"/>
        <source>← Cases</source>
        <translation>← Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="664"/>
        <source>Next step (Decree 56)</source>
        <translation>Bước tiếp theo (Nghị định 56)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="665"/>
        <source>Actions</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="666"/>
        <source>Add intervention, follow-up or note</source>
        <translation>Thêm can thiệp, theo dõi hoặc ghi chú</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="667"/>
        <source>Refer to an agency</source>
        <translation>Chuyển gửi cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="668"/>
        <source>Update referral status</source>
        <translation>Cập nhật chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="669"/>
        <source>Assign to</source>
        <translation>Phân công cho</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="670"/>
        <source>Assign</source>
        <translation>Phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="671"/>
        <source>Case summary…</source>
        <translation>Tóm tắt hồ sơ…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="678"/>
        <source>Resolve…</source>
        <translation>Xử lý…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="679"/>
        <source>Timeline</source>
        <translation>Diễn biến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="680"/>
        <source>Referrals</source>
        <translation>Chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="682"/>
        <source>When</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="682"/>
        <source>What</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="682"/>
        <source>Who</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="682"/>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="686"/>
        <source>Agency</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="687"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="688"/>
        <source>Sent</source>
        <translation>Ngày gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="689"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="690"/>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="489"/>
        <source>Plan approved by {who} on {when}, decision {number}</source>
        <translation>Kế hoạch được {who} phê duyệt lúc {when}, quyết định số {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="500"/>
        <source>{reason} (decided by {who} on {when})</source>
        <translation>{reason} (do {who} quyết định lúc {when})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="323"/>
        <source>where the harm happened: {commune}</source>
        <translation>nơi xảy ra sự việc: {commune}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="387"/>
        <source>This case duplicates case {number}: two desks opened a case for the same contact while offline. It is kept with its entries; work goes on in case {number}.</source>
        <translation>Hồ sơ này trùng với hồ sơ {number}: hai máy cùng mở hồ sơ cho một cuộc liên hệ khi không có mạng. Hồ sơ được giữ lại cùng các mục nhật ký; công việc tiếp tục ở hồ sơ {number}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/view.py" line="393"/>
        <source>Case {numbers} was opened for the same contact on another desk while offline; its entries are shown in this timeline, marked with its number.</source>
        <translation>Hồ sơ {numbers} được mở cho cùng cuộc liên hệ ở máy khác khi không có mạng; các mục nhật ký của hồ sơ đó hiện trong dòng thời gian này, có ghi số hồ sơ.</translation>
    </message>
</context>
<context>
    <name>CaselineApp</name>
    <message>
        <location filename="../../desktop/ui/app.py" line="190"/>
        <source>The desk is locked.</source>
        <translation>Máy đã khoá.</translation>
    </message>
</context>
<context>
    <name>ChildDetails</name>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="118"/>
        <source>Type to search, Enter to add</source>
        <translation>Gõ để tìm, Enter để thêm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="106"/>
        <source>Kind of disability, if any was told</source>
        <translation>Dạng khuyết tật, nếu được cho biết</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="105"/>
        <source>not recorded</source>
        <translation>chưa ghi nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="104"/>
        <source>As the caller gives it; old units allowed</source>
        <translation>Như người gọi cho biết; được ghi theo đơn vị hành chính cũ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="100"/>
        <source>Special circumstances (Art. 10)</source>
        <translation>Hoàn cảnh đặc biệt (Điều 10)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="99"/>
        <source>Disability</source>
        <translation>Khuyết tật</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="98"/>
        <source>Ethnicity (sensitive)</source>
        <translation>Dân tộc (dữ liệu nhạy cảm)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="97"/>
        <source>Address as told</source>
        <translation>Địa chỉ như được kể</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_details.py" line="94"/>
        <source>More about the child: address as told, ethnicity, disability, Art. 10 groups</source>
        <translation>Thêm về trẻ: địa chỉ như được kể, dân tộc, khuyết tật, hoàn cảnh đặc biệt (Điều 10)</translation>
    </message>
</context>
<context>
    <name>ChildDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="339"/>
        <source>Contact</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="339"/>
        <location filename="../../desktop/ui/contact_view.py" line="345"/>
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="345"/>
        <source>Case</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="345"/>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="345"/>
        <source>Worker</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="349"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="353"/>
        <source>Contacts</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="354"/>
        <source>Cases</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="362"/>
        <source>Child</source>
        <translation>Trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="379"/>
        <source>Child: {name}</source>
        <translation>Trẻ em: {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="382"/>
        <source>{name} · born {born} · {sex} · lives in {place}</source>
        <translation>{name} · sinh {born} · {sex} · nơi ở {place}</translation>
    </message>
</context>
<context>
    <name>ChildForm</name>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="133"/>
        <source>Linked to the child already on file: {name}, born {born}</source>
        <translation>Đã liên kết với trẻ có sẵn trong hồ sơ: {name}, sinh {born}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="195"/>
        <source>Child&apos;s name</source>
        <translation>Tên trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="196"/>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="197"/>
        <source>Born</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="198"/>
        <source>Province</source>
        <translation>Tỉnh/thành</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="199"/>
        <source>Commune/ward</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="205"/>
        <source>Family, middle and given name — or leave empty if unknown</source>
        <translation>Họ, tên đệm và tên — để trống nếu chưa rõ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="207"/>
        <source>Type to search</source>
        <translation>Gõ để tìm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="208"/>
        <source>year or dd/mm/yyyy</source>
        <translation>năm hoặc dd/mm/yyyy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="209"/>
        <source>Type to search, e.g. Hải Châu</source>
        <translation>Gõ để tìm, ví dụ Hải Châu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="210"/>
        <source>Remove</source>
        <translation>Bỏ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/child_form.py" line="212"/>
        <source>Record as a new child</source>
        <translation>Ghi là trẻ mới</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../desktop/ui/models.py" line="52"/>
        <source>Anonymous</source>
        <translation>Giấu tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="62"/>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="105"/>
        <location filename="../../desktop/ui/models.py" line="135"/>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="107"/>
        <location filename="../../desktop/ui/models.py" line="155"/>
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="112"/>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="117"/>
        <source>Call type</source>
        <translation>Loại cuộc gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="120"/>
        <source>Children</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="121"/>
        <source>Caller</source>
        <translation>Người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="123"/>
        <source>Categories</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="127"/>
        <location filename="../../desktop/ui/models.py" line="145"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="131"/>
        <source>Worker</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="137"/>
        <source>Child</source>
        <translation>Trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="140"/>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="150"/>
        <source>Assigned to</source>
        <translation>Phụ trách</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="159"/>
        <source>Deadline</source>
        <translation>Thời hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="163"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="164"/>
        <source>Sex</source>
        <translation>Giới tính</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="166"/>
        <source>Born</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="169"/>
        <source>Commune</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models.py" line="171"/>
        <source>Province</source>
        <translation>Tỉnh/thành</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="49"/>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="50"/>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="58"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="59"/>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="60"/>
        <source>Assigned to</source>
        <translation>Phụ trách</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="61"/>
        <source>Categories</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="62"/>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="63"/>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="64"/>
        <source>Reason for closing</source>
        <translation>Lý do kết thúc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="65"/>
        <source>Urgent</source>
        <translation>Khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="79"/>
        <source>Resolve sync conflicts</source>
        <translation>Xử lý xung đột đồng bộ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="84"/>
        <source>Two desks changed the same field at the same time. Nothing was lost: choose the value to keep.</source>
        <translation>Hai máy cùng sửa một trường. Không mất dữ liệu nào: hãy chọn giá trị cần giữ.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="100"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="107"/>
        <source>{record} — field “{field}”</source>
        <translation>{record} — trường “{field}”</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="117"/>
        <source>Kept by the central line (changed by {who})</source>
        <translation>Giá trị trung ương đang giữ (do {who} sửa)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="124"/>
        <source>From desk {device} ({who}, {when})</source>
        <translation>Từ máy {device} ({who}, {when})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="141"/>
        <source>Keep this value</source>
        <translation>Giữ giá trị này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/conflict_dialog.py" line="162"/>
        <source>resolved</source>
        <translation>đã xử lý</translation>
    </message>
</context>
<context>
    <name>ConsentBlock</name>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="152"/>
        <source>A child aged 7 or more must agree as well as the representative (Law on Children Art. 33, Law 91/2025/QH15). Without consent, choose the legal basis the centre acts on; a referral print needs one or the other.</source>
        <translation>Trẻ từ đủ 7 tuổi trở lên phải đồng ý cùng với người đại diện (Luật Trẻ em Điều 33, Luật 91/2025/QH15). Khi không có sự đồng ý, chọn căn cứ pháp lý trung tâm dựa vào; bản in chuyển gửi cần một trong hai.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="144"/>
        <source>Consent (no other basis)</source>
        <translation>Theo sự đồng ý (không căn cứ khác)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="142"/>
        <source>Refuses</source>
        <translation>Không đồng ý</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="141"/>
        <source>Agrees</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="140"/>
        <source>Not asked</source>
        <translation>Chưa hỏi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="135"/>
        <source>Without consent, on the basis of</source>
        <translation>Không cần đồng ý, theo căn cứ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="134"/>
        <source>The representative</source>
        <translation>Người đại diện</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="133"/>
        <source>The child</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="132"/>
        <source>Purpose</source>
        <translation>Mục đích</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="128"/>
        <source>Parent or guardian, as they give their name</source>
        <translation>Cha, mẹ hoặc người giám hộ, ghi như họ cho biết</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="126"/>
        <source>Representative is the child&apos;s</source>
        <translation>Quan hệ với trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="125"/>
        <source>Child&apos;s representative</source>
        <translation>Người đại diện của trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/consent_block.py" line="124"/>
        <source>Consent and legal basis</source>
        <translation>Sự đồng ý và căn cứ pháp lý</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="85"/>
        <source>Child</source>
        <translation>Trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="85"/>
        <source>Born</source>
        <translation>Năm sinh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="90"/>
        <source>Edit…</source>
        <translation>Sửa…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="93"/>
        <source>Open a case</source>
        <translation>Mở hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="96"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="105"/>
        <source>Children (double-click: the child&apos;s page)</source>
        <translation>Trẻ em (bấm đúp: trang của trẻ)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="111"/>
        <source>Contact</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="140"/>
        <source>Contact {number}</source>
        <translation>Cuộc liên hệ {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="142"/>
        <source>Anonymous</source>
        <translation>Giấu tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="150"/>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="151"/>
        <source>Received</source>
        <translation>Tiếp nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="152"/>
        <source>Call length</source>
        <translation>Thời lượng cuộc gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="153"/>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="154"/>
        <source>Call type</source>
        <translation>Loại cuộc gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="156"/>
        <source>Caller</source>
        <translation>Người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="160"/>
        <source>Caller&apos;s age</source>
        <translation>Tuổi người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="184"/>
        <source>{number}, recorded by {worker}; note: {note}</source>
        <translation>{number}, do {worker} ghi nhận; ghi chú: {note}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="189"/>
        <source>From the national line</source>
        <translation>Chuyển tuyến từ tổng đài quốc gia</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="204"/>
        <source>Saved.</source>
        <translation>Đã lưu.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="164"/>
        <source>Categories</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="168"/>
        <source>Services provided</source>
        <translation>Dịch vụ đã cung cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="171"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="172"/>
        <source>Follow-up</source>
        <translation>Theo dõi tiếp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="172"/>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="172"/>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="174"/>
        <source>Recorded by</source>
        <translation>Người ghi nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="177"/>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
</context>
<context>
    <name>ContactEditDialog</name>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="249"/>
        <source>The caller stays anonymous</source>
        <translation>Người gọi giấu tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="258"/>
        <source>Needs follow-up</source>
        <translation>Cần theo dõi tiếp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="266"/>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="267"/>
        <source>Call type</source>
        <translation>Loại cuộc gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="268"/>
        <location filename="../../desktop/ui/contact_view.py" line="278"/>
        <source>Caller</source>
        <translation>Người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="269"/>
        <source>Caller&apos;s name</source>
        <translation>Tên người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="270"/>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="271"/>
        <source>Anonymous</source>
        <translation>Giấu tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="272"/>
        <source>Categories</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="273"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="274"/>
        <source>Follow-up</source>
        <translation>Theo dõi tiếp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="275"/>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="279"/>
        <source>Contact</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="282"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="283"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/contact_view.py" line="288"/>
        <source>Correct contact {number}</source>
        <translation>Sửa cuộc liên hệ {number}</translation>
    </message>
</context>
<context>
    <name>DeclineDialog</name>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="445"/>
        <source>Decline handoff {id}</source>
        <translation>Từ chối yêu cầu chuyển tuyến {id}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="448"/>
        <source>e.g. the child has moved to another province</source>
        <translation>ví dụ: trẻ đã chuyển đến tỉnh/thành khác</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="453"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="458"/>
        <source>Decline</source>
        <translation>Từ chối</translation>
    </message>
</context>
<context>
    <name>DeskWiped</name>
    <message>
        <location filename="../../desktop/ui/wipe.py" line="25"/>
        <source>This desk was erased</source>
        <translation>Dữ liệu trên máy này đã bị xoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wipe.py" line="27"/>
        <source>The central line ordered this desk erased because it was reported lost or stolen. Every record, key and draft on this computer has been deleted.</source>
        <translation>Tổng đài trung ương đã ra lệnh xoá dữ liệu trên máy này vì máy được báo mất hoặc bị lấy cắp. Toàn bộ hồ sơ, khoá và bản nháp trên máy tính này đã bị xoá.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wipe.py" line="34"/>
        <source>{count} changes made on this desk had not reached the central line and are lost. To work on this computer again, set it up as a new desk and enrol it with the central line.</source>
        <translation>{count} thay đổi trên máy này chưa kịp gửi lên trung ương và đã bị mất. Để làm việc lại trên máy tính này, hãy cài đặt nó như một máy mới và đăng ký với tổng đài trung ương.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/wipe.py" line="42"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <location filename="../../desktop/ui/status.py" line="359"/>
        <source>The central line&apos;s administrator gives you the address and a one-time code.</source>
        <translation>Quản trị viên tổng đài trung ương cung cấp địa chỉ máy chủ và mã dùng một lần.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="364"/>
        <source>Server address</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="365"/>
        <source>Enrolment code</source>
        <translation>Mã đăng ký</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="368"/>
        <source>Enrol</source>
        <translation>Đăng ký</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="369"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="373"/>
        <source>Connect to the central line</source>
        <translation>Kết nối với tổng đài trung ương</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="380"/>
        <source>Enter the server address and the code.</source>
        <translation>Hãy nhập địa chỉ máy chủ và mã đăng ký.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="383"/>
        <source>Enrolling…</source>
        <translation>Đang đăng ký…</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="51"/>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="55"/>
        <source>Text</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="60"/>
        <source>Add</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="61"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="67"/>
        <source>Add to the timeline</source>
        <translation>Thêm vào diễn biến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="52"/>
        <source>Emergency measure</source>
        <translation>Biện pháp khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="53"/>
        <source>Decided by</source>
        <translation>Người quyết định</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/entry_dialog.py" line="54"/>
        <source>When (dd/mm/yyyy hh:mm)</source>
        <translation>Thời điểm (dd/mm/yyyy hh:mm)</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../desktop/ui/forms.py" line="94"/>
        <source>Enter a date.</source>
        <translation>Hãy nhập ngày.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="101"/>
        <source>“{text}” is not a date: write dd/mm/yyyy hh:mm, e.g. 03/10/2026 14:05.</source>
        <translation>“{text}” không phải là ngày hợp lệ: hãy viết dd/mm/yyyy hh:mm, ví dụ 03/10/2026 14:05.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="104"/>
        <source>“{text}” is not a date: write dd/mm/yyyy, e.g. 03/10/2014.</source>
        <translation>“{text}” không phải là ngày hợp lệ: hãy viết dd/mm/yyyy, ví dụ 03/10/2014.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="139"/>
        <source>Unsaved text</source>
        <translation>Nội dung chưa lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="141"/>
        <source>What you typed is not saved. Discard it?</source>
        <translation>Nội dung bạn đã nhập chưa được lưu. Bỏ nội dung này?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="144"/>
        <source>Discard what I typed</source>
        <translation>Bỏ nội dung đã nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="148"/>
        <source>Keep editing</source>
        <translation>Tiếp tục nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="226"/>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="260"/>
        <source>This entry</source>
        <translation>Mục này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/forms.py" line="262"/>
        <source>{field}: {problem}</source>
        <translation>{field}: {problem}</translation>
    </message>
</context>
<context>
    <name>HandoffDialog</name>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="366"/>
        <source>Hand off to a province</source>
        <translation>Chuyển tuyến cho tỉnh/thành</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="369"/>
        <source>e.g. 00-K7Q-2026-00042</source>
        <translation>ví dụ 00-K7Q-2026-00042</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="373"/>
        <source>— choose the province —</source>
        <translation>— chọn tỉnh/thành —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="376"/>
        <source>Urgent: 12 hours to accept (otherwise 1 working day)</source>
        <translation>Khẩn cấp: tỉnh phải nhận trong 12 giờ (nếu không: 1 ngày làm việc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="380"/>
        <source>What the province needs to know first</source>
        <translation>Điều tỉnh/thành cần biết trước tiên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="387"/>
        <source>Contact or case number</source>
        <translation>Số cuộc liên hệ hoặc hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="388"/>
        <source>Receiving province</source>
        <translation>Tỉnh/thành nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="390"/>
        <source>Note to the province</source>
        <translation>Ghi chú cho tỉnh/thành</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="395"/>
        <source>Hand off</source>
        <translation>Chuyển tuyến</translation>
    </message>
</context>
<context>
    <name>HandoffsPage</name>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="172"/>
        <source>(name unknown)</source>
        <translation>(chưa rõ tên)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="174"/>
        <source>urgent</source>
        <translation>khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="175"/>
        <source>(at the next sync)</source>
        <translation>(khi đồng bộ)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="192"/>
        <source>waiting to be accepted</source>
        <translation>chờ tỉnh nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="193"/>
        <source>accepted</source>
        <translation>đã nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="194"/>
        <source>declined</source>
        <translation>bị từ chối</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="195"/>
        <source>redirected</source>
        <translation>đã chuyển hướng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="199"/>
        <source>OVERDUE — {status}</source>
        <translation>QUÁ HẠN — {status}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="201"/>
        <source>{status} (after the deadline)</source>
        <translation>{status} (sau hạn)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="206"/>
        <source>Closed {date}: {reason} (step reached: {step})</source>
        <translation>Kết thúc {date}: {reason} (bước đã đạt: {step})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="212"/>
        <source>Reason: {reason}</source>
        <translation>Lý do: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="214"/>
        <source>Now {number}</source>
        <translation>Nay là {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="223"/>
        <source>Waiting to be accepted: {waiting} · overdue: {overdue} · declined, to redirect: {declined} · outcomes received: {outcomes}</source>
        <translation>Chờ tỉnh nhận: {waiting} · quá hạn: {overdue} · bị từ chối, cần chuyển hướng: {declined} · đã có kết quả: {outcomes}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="232"/>
        <source>Handed to this province, waiting for your answer: {waiting} · past the deadline: {overdue}</source>
        <translation>Chuyển cho tỉnh/thành này, chờ trả lời: {waiting} · đã quá hạn: {overdue}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="254"/>
        <source>Handoff {id} of {number}, sent {sent}</source>
        <translation>Yêu cầu chuyển tuyến {id} của {number}, gửi lúc {sent}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="259"/>
        <source>Note from the national line: {note}</source>
        <translation>Ghi chú của tổng đài quốc gia: {note}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="261"/>
        <source>Accept by {when}</source>
        <translation>Hạn nhận: {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="295"/>
        <source>Accepted: {number}</source>
        <translation>Đã nhận: {number}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="319"/>
        <source>Handoffs sent to the provinces</source>
        <translation>Chuyển tuyến cho các tỉnh/thành</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="321"/>
        <source>Handoffs from the national line</source>
        <translation>Chuyển tuyến từ tổng đài quốc gia</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="325"/>
        <source>Id</source>
        <translation>Mã</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="326"/>
        <source>National number</source>
        <translation>Số của tổng đài quốc gia</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="327"/>
        <source>Child</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="328"/>
        <source>Province</source>
        <translation>Tỉnh/thành</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="329"/>
        <source>Urgent</source>
        <translation>Khẩn cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="330"/>
        <source>Accept by</source>
        <translation>Hạn nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="331"/>
        <source>Status</source>
        <translation>Tình trạng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="332"/>
        <source>Answer / outcome</source>
        <translation>Trả lời / kết quả</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="335"/>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="335"/>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="336"/>
        <source>Overdue</source>
        <translation>Quá hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="338"/>
        <source>Declined</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="339"/>
        <source>Outcome received</source>
        <translation>Đã có kết quả</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="348"/>
        <source>Hand off…</source>
        <translation>Chuyển tuyến…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="349"/>
        <source>Redirect…</source>
        <translation>Chuyển hướng…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="350"/>
        <source>Accept as a contact</source>
        <translation>Nhận thành cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="351"/>
        <source>Accept and open a case</source>
        <translation>Nhận và mở hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="352"/>
        <source>Decline…</source>
        <translation>Từ chối…</translation>
    </message>
</context>
<context>
    <name>HarmCommuneDialog</name>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="59"/>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="60"/>
        <source>Commune or ward</source>
        <translation>Xã, phường</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="50"/>
        <source>The commune or ward where the harm happened: its People&apos;s Committee is responsible for the child&apos;s protection (Decree 56/2017).</source>
        <translation>Xã, phường nơi xảy ra sự việc: Ủy ban nhân dân cấp xã nơi đó chịu trách nhiệm bảo vệ trẻ em (Nghị định 56/2017/NĐ-CP).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="47"/>
        <source>Where the harm happened</source>
        <translation>Nơi xảy ra sự việc</translation>
    </message>
</context>
<context>
    <name>HarmDetails</name>
    <message>
        <location filename="../../desktop/ui/intake/harm_block.py" line="78"/>
        <source>not recorded</source>
        <translation>chưa ghi nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/harm_block.py" line="76"/>
        <source>Alleged perpetrator is the child&apos;s</source>
        <translation>Người bị nghi gây hại là</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../desktop/ui/home.py" line="222"/>
        <source>Open the list</source>
        <translation>Mở danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="229"/>
        <source>Contacts this month: {this} · last month: {last} · the same month last year: {year_ago}</source>
        <translation>Cuộc liên hệ tháng này: {this} · tháng trước: {last} · cùng tháng năm trước: {year_ago}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="245"/>
        <source>Overdue since {when}</source>
        <translation>Quá hạn từ {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="249"/>
        <source>(name unknown)</source>
        <translation>(chưa rõ tên)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="264"/>
        <source>intact</source>
        <translation>nguyên vẹn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="266"/>
        <source>{count} problem(s) — run Verify on the Administration page</source>
        <translation>{count} vấn đề — chạy Kiểm tra ở trang Quản trị</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="271"/>
        <source>Desk code</source>
        <translation>Mã máy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="273"/>
        <source>Connected to the central line</source>
        <translation>Đã kết nối Tổng đài trung tâm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="274"/>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="274"/>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="277"/>
        <source>Last sync</source>
        <translation>Đồng bộ lần cuối</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="278"/>
        <location filename="../../desktop/ui/home.py" line="283"/>
        <source>never</source>
        <translation>chưa lần nào</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="280"/>
        <source>Changes to send</source>
        <translation>Thay đổi chờ gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="282"/>
        <source>Last backup</source>
        <translation>Sao lưu lần cuối</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="285"/>
        <source>Audit log and records</source>
        <translation>Nhật ký truy cập và dữ liệu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="300"/>
        <source>my contacts today</source>
        <translation>cuộc liên hệ của tôi hôm nay</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="301"/>
        <source>unsaved draft of a contact (open the form)</source>
        <translation>bản nháp chưa lưu (mở phiếu tiếp nhận)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="302"/>
        <source>contacts waiting for follow-up (no case yet)</source>
        <translation>cuộc liên hệ chờ theo dõi tiếp (chưa có hồ sơ)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="303"/>
        <source>overdue cases</source>
        <translation>hồ sơ quá hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="304"/>
        <source>cases with a deadline within 24 hours</source>
        <translation>hồ sơ đến hạn trong 24 giờ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="305"/>
        <source>cases with a deadline within 3 working days</source>
        <translation>hồ sơ đến hạn trong 3 ngày làm việc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="306"/>
        <source>open cases nobody is assigned to</source>
        <translation>hồ sơ đang mở chưa phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="307"/>
        <source>plans waiting for approval</source>
        <translation>kế hoạch chờ phê duyệt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="308"/>
        <source>active users</source>
        <translation>người dùng đang hoạt động</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="309"/>
        <source>disabled users</source>
        <translation>người dùng đã khoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="310"/>
        <source>handoffs not yet accepted by the province</source>
        <translation>yêu cầu chuyển tuyến tỉnh chưa nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="311"/>
        <source>handoffs past their deadline to accept</source>
        <translation>yêu cầu chuyển tuyến đã quá hạn nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="312"/>
        <source>handoffs declined: redirect them</source>
        <translation>yêu cầu bị từ chối: cần chuyển hướng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="313"/>
        <source>outcomes received from the provinces</source>
        <translation>kết quả các tỉnh/thành đã gửi về</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="314"/>
        <source>handoffs from the national line to answer</source>
        <translation>yêu cầu chuyển tuyến từ tổng đài quốc gia chờ trả lời</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="315"/>
        <source>national handoffs past their deadline</source>
        <translation>yêu cầu chuyển tuyến đã quá hạn nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="330"/>
        <source>Hello, {name}</source>
        <translation>Xin chào, {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="333"/>
        <source>Your day at the line: click a figure to open its list.</source>
        <translation>Công việc hôm nay của bạn: bấm vào một con số để mở danh sách.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="335"/>
        <source>Your cases by their next Decree 56 deadline: click a figure or a case.</source>
        <translation>Hồ sơ của bạn theo thời hạn kế tiếp (Nghị định 56): bấm vào một con số hoặc một hồ sơ.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="337"/>
        <source>The centre at a glance: click a figure or a month.</source>
        <translation>Tổng quan Trung tâm: bấm vào một con số hoặc một tháng.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="338"/>
        <source>This desk&apos;s users, sync, backup and audit log.</source>
        <translation>Người dùng, đồng bộ, sao lưu và nhật ký truy cập của máy này.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="341"/>
        <source>Contacts per month</source>
        <translation>Cuộc liên hệ theo tháng</translation>
    </message>
    <message>
        <source>Showing {shown} of {total} — open the full list</source>
        <translation>Đang hiện {shown} / {total} hồ sơ — mở danh sách đầy đủ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="342"/>
        <source>My open cases, nearest deadline first</source>
        <translation>Hồ sơ đang mở của tôi, hạn gần nhất trước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="345"/>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="346"/>
        <source>Child</source>
        <translation>Trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="347"/>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="348"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/home.py" line="349"/>
        <source>Next deadline</source>
        <translation>Hạn kế tiếp</translation>
    </message>
</context>
<context>
    <name>IntakeForm</name>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="612"/>
        <source>Where it happened</source>
        <translation>Bối cảnh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="634"/>
        <source>Consent and legal basis</source>
        <translation>Sự đồng ý và căn cứ pháp lý</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="430"/>
        <source>Saving…</source>
        <translation>Đang lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="456"/>
        <source>Contact {contact} saved and case {case} opened.</source>
        <translation>Đã lưu cuộc liên hệ {contact} và mở hồ sơ {case}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="468"/>
        <source>Contact {number} saved.</source>
        <translation>Đã lưu cuộc liên hệ {number}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="417"/>
        <location filename="../../desktop/ui/intake/page.py" line="481"/>
        <source>Please correct: {problems}</source>
        <translation>Vui lòng sửa: {problems}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="412"/>
        <source>add the child the case is for, or save the contact only (Ctrl+S)</source>
        <translation>thêm trẻ em cần mở hồ sơ, hoặc chỉ lưu cuộc liên hệ (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="462"/>
        <source>Contact {number} saved; no case was opened: {reason}</source>
        <translation>Đã lưu cuộc liên hệ {number}; chưa mở hồ sơ: {reason}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/draft.py" line="115"/>
        <source>The unsaved contact from {time} was restored.</source>
        <translation>Đã khôi phục cuộc liên hệ chưa lưu lúc {time}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="366"/>
        <source>This contact is not saved. Start a new one and discard it?</source>
        <translation>Cuộc liên hệ này chưa được lưu. Bắt đầu cuộc mới và bỏ nội dung đang nhập?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="384"/>
        <source>Which child is the case for?</source>
        <translation>Hồ sơ dành cho trẻ nào?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="387"/>
        <source>The contact names {count} children. A contact opens one case: choose the child it is for (a case for another child is opened from that child&apos;s next contact).</source>
        <translation>Cuộc liên hệ có {count} trẻ em. Mỗi cuộc liên hệ mở một hồ sơ: chọn trẻ được mở hồ sơ (hồ sơ cho trẻ khác được mở từ cuộc liên hệ tiếp theo của trẻ đó).</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="405"/>
        <source>choose the risk level you judged on this call</source>
        <translation>chọn mức độ nguy cơ bạn đánh giá qua cuộc gọi này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="540"/>
        <source>Last call {clock}</source>
        <translation>Cuộc gọi vừa rồi {clock}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="543"/>
        <source>Call time 00:00 (starts as you type)</source>
        <translation>Thời gian cuộc gọi 00:00 (bắt đầu khi bạn nhập)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="546"/>
        <source>Call time {clock}</source>
        <translation>Thời gian gọi {clock}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="550"/>
        <source>Earlier contacts from this phone number ({count})</source>
        <translation>Các lần liên hệ trước từ số này ({count})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="554"/>
        <source>Earlier contacts from this phone number appear here.</source>
        <translation>Các lần liên hệ trước từ số điện thoại này sẽ hiện ở đây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="558"/>
        <source>Children already on file with a similar name ({count}) — link instead of recording the child twice</source>
        <translation>Trẻ đã có trong hồ sơ với tên tương tự ({count}) — hãy liên kết thay vì ghi trùng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="562"/>
        <source>Children already on file with a similar name appear here.</source>
        <translation>Trẻ đã có trong hồ sơ với tên tương tự sẽ hiện ở đây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="566"/>
        <location filename="../../desktop/ui/intake/page.py" line="595"/>
        <source>New contact</source>
        <translation>Tiếp nhận mới</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="567"/>
        <source>Contact</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="568"/>
        <source>Caller</source>
        <translation>Người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="569"/>
        <location filename="../../desktop/ui/intake/page.py" line="633"/>
        <source>Children</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="570"/>
        <source>Concerns and help given</source>
        <translation>Vấn đề và hỗ trợ đã thực hiện</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="572"/>
        <location filename="../../desktop/ui/intake/page.py" line="625"/>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="573"/>
        <location filename="../../desktop/ui/intake/page.py" line="626"/>
        <source>Call type</source>
        <translation>Loại cuộc gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="574"/>
        <source>Relation to the child</source>
        <translation>Quan hệ với trẻ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="575"/>
        <location filename="../../desktop/ui/intake/page.py" line="628"/>
        <source>Caller&apos;s name</source>
        <translation>Tên người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="576"/>
        <location filename="../../desktop/ui/intake/page.py" line="627"/>
        <source>Phone</source>
        <translation>Điện thoại</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="577"/>
        <source>Caller&apos;s age</source>
        <translation>Tuổi người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="578"/>
        <location filename="../../desktop/ui/intake/page.py" line="629"/>
        <source>Categories</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="579"/>
        <location filename="../../desktop/ui/intake/page.py" line="630"/>
        <source>Services provided</source>
        <translation>Dịch vụ đã cung cấp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="580"/>
        <location filename="../../desktop/ui/intake/page.py" line="631"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="581"/>
        <location filename="../../desktop/ui/intake/page.py" line="632"/>
        <source>Summary</source>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="585"/>
        <source>Anonymous caller</source>
        <translation>Người gọi giấu tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="586"/>
        <source>Needs follow-up</source>
        <translation>Cần theo dõi tiếp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="587"/>
        <source>As the caller gives it</source>
        <translation>Theo lời người gọi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="588"/>
        <source>e.g. 0905 123 456</source>
        <translation>ví dụ 0905 123 456</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="590"/>
        <source>Type to search, Enter to add (e.g. bạo lực)</source>
        <translation>Gõ để tìm, Enter để thêm (ví dụ bạo lực)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="592"/>
        <source>Add another child (Alt+N)</source>
        <translation>Thêm trẻ khác (Alt+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="593"/>
        <source>Save (Ctrl+S)</source>
        <translation>Lưu (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="594"/>
        <source>Save and open a case (Ctrl+Shift+S)</source>
        <translation>Lưu và mở hồ sơ (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="596"/>
        <source>Link the selected child</source>
        <translation>Liên kết với trẻ đã chọn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="601"/>
        <source>— choose —</source>
        <translation>— chọn —</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/intake/page.py" line="642"/>
        <source>Child {n}</source>
        <translation>Trẻ thứ {n}</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <location filename="../../desktop/ui/lists.py" line="322"/>
        <source>{rows} rows exported to {path}</source>
        <translation>Đã xuất {rows} dòng ra {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="347"/>
        <source>from {start} to {end}</source>
        <translation>từ {start} đến {end}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="352"/>
        <source>overdue</source>
        <translation>quá hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="353"/>
        <source>nobody assigned</source>
        <translation>chưa phân công</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="354"/>
        <source>waiting for follow-up</source>
        <translation>chờ theo dõi tiếp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="355"/>
        <source>open</source>
        <translation>đang mở</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="360"/>
        <source>deadline before {when}</source>
        <translation>hạn trước {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="366"/>
        <source>worker {name}</source>
        <translation>cán bộ {name}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="368"/>
        <source>From the home page: {what}</source>
        <translation>Từ trang chủ: {what}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="435"/>
        <source>{shown} of {total}</source>
        <translation>{shown} / {total}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="444"/>
        <source>Contacts</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="444"/>
        <source>Cases</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="444"/>
        <source>Children</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="448"/>
        <source>Search</source>
        <translation>Tìm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="449"/>
        <source>Name, phone or number — accents optional</source>
        <translation>Tên, số điện thoại hoặc số hồ sơ — có dấu hay không đều được</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="451"/>
        <source>Period</source>
        <translation>Thời gian</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="452"/>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="453"/>
        <source>Category</source>
        <translation>Vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="454"/>
        <source>Risk</source>
        <translation>Nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="455"/>
        <source>Step</source>
        <translation>Bước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="456"/>
        <source>Worker</source>
        <translation>Nhân viên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="461"/>
        <source>Overdue only</source>
        <translation>Chỉ hồ sơ quá hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="462"/>
        <source>Clear filters</source>
        <translation>Bỏ lọc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="463"/>
        <source>Export…</source>
        <translation>Xuất…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="464"/>
        <source>All</source>
        <translation>Tất cả</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="468"/>
        <source>Today</source>
        <translation>Hôm nay</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="469"/>
        <source>Last 7 days</source>
        <translation>7 ngày qua</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="470"/>
        <source>Last 30 days</source>
        <translation>30 ngày qua</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="471"/>
        <source>This month</source>
        <translation>Tháng này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="472"/>
        <source>Last month</source>
        <translation>Tháng trước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="473"/>
        <source>From … to …</source>
        <translation>Từ ngày … đến ngày …</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="476"/>
        <source>From this day</source>
        <translation>Từ ngày này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="477"/>
        <source>To this day (included)</source>
        <translation>Đến hết ngày này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lists.py" line="488"/>
        <source>Any</source>
        <translation>Bất kỳ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_export.py" line="30"/>
        <source>Export the list</source>
        <translation>Xuất danh sách</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/list_export.py" line="50"/>
        <source>Exporting…</source>
        <translation>Đang xuất…</translation>
    </message>
</context>
<context>
    <name>LoginWindow</name>
    <message>
        <location filename="../../desktop/ui/login.py" line="118"/>
        <source>Enter your user name and password.</source>
        <translation>Hãy nhập tên đăng nhập và mật khẩu.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="121"/>
        <source>Unlocking…</source>
        <translation>Đang mở khoá…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="157"/>
        <source>The new password is set. Sign in with it.</source>
        <translation>Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="161"/>
        <source>You can try again in {seconds} s.</source>
        <translation>Có thể thử lại sau {seconds} giây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="176"/>
        <source>You can try again now.</source>
        <translation>Bây giờ có thể thử lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="179"/>
        <source>Caseline — unlock</source>
        <translation>Caseline — mở khoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="180"/>
        <source>Caseline</source>
        <translation>Caseline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="182"/>
        <source>The records on this desk are encrypted. Sign in to open them.</source>
        <translation>Dữ liệu trên máy này được mã hoá. Hãy đăng nhập để mở.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="184"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="185"/>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="186"/>
        <source>Unlock</source>
        <translation>Mở khoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/login.py" line="187"/>
        <source>Forgot your password? Use the recovery key</source>
        <translation>Quên mật khẩu? Dùng khoá khôi phục</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="298"/>
        <source>Home</source>
        <translation>Trang chủ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="299"/>
        <source>New contact</source>
        <translation>Tiếp nhận mới</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="300"/>
        <source>Contacts</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="301"/>
        <source>Cases</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="302"/>
        <source>Children</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="303"/>
        <source>Handoffs</source>
        <translation>Chuyển tuyến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="304"/>
        <source>National figures</source>
        <translation>Số liệu toàn quốc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="305"/>
        <source>Reports</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="306"/>
        <source>Administration</source>
        <translation>Quản trị</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="307"/>
        <source>Audit log</source>
        <translation>Nhật ký truy cập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="312"/>
        <source>Caseline — {centre}</source>
        <translation>Caseline — {centre}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="317"/>
        <source>{name} ({role}) · {centre}</source>
        <translation>{name} ({role}) · {centre}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="323"/>
        <source>Lock (Ctrl+L)</source>
        <translation>Khoá máy (Ctrl+L)</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../desktop/ui/messages.py" line="20"/>
        <source>Something went wrong and the action was not completed. Please try again.</source>
        <translation>Đã có lỗi, thao tác chưa được thực hiện. Vui lòng thử lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="28"/>
        <source>Caseline</source>
        <translation>Caseline</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/messages.py" line="31"/>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>NationalFiguresPage</name>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="538"/>
        <source>Asking the central line…</source>
        <translation>Đang hỏi máy chủ trung tâm…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="551"/>
        <source>Figures of {month} from the central line: {count} provinces.</source>
        <translation>Số liệu tháng {month} từ máy chủ trung tâm: {count} tỉnh/thành.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="615"/>
        <source>National figures</source>
        <translation>Số liệu toàn quốc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="618"/>
        <source>The country&apos;s monthly report as the central line counts it (counts only, never a name), and the provinces compared: contacts per 100,000 children where the population is known, and how the national handoffs were answered.</source>
        <translation>Báo cáo tháng toàn quốc theo số liệu của máy chủ trung tâm (chỉ có số đếm, không có tên người), và so sánh giữa các tỉnh/thành: số cuộc liên hệ trên 100.000 trẻ em (nơi đã biết dân số trẻ em) và việc trả lời các yêu cầu chuyển tuyến.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="623"/>
        <source>Get the figures from the central line</source>
        <translation>Lấy số liệu từ máy chủ trung tâm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="624"/>
        <source>Monthly report for the country (central)…</source>
        <translation>Báo cáo tháng toàn quốc…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="625"/>
        <source>Thematic report, the last 3 months…</source>
        <translation>Báo cáo chuyên đề toàn quốc 3 tháng…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="628"/>
        <source>Province</source>
        <translation>Tỉnh/thành</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="629"/>
        <source>Contacts</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="630"/>
        <source>Children (population)</source>
        <translation>Trẻ em (dân số)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="631"/>
        <source>Per 100,000 children</source>
        <translation>Trên 100.000 trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="632"/>
        <source>Handoffs received</source>
        <translation>Chuyển tuyến nhận</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="633"/>
        <source>Accepted in time</source>
        <translation>Nhận trong hạn</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="634"/>
        <source>Declined</source>
        <translation>Bị từ chối</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="635"/>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/handoffs.py" line="636"/>
        <source>Hours to accept (median)</source>
        <translation>Số giờ đến khi nhận (trung vị)</translation>
    </message>
</context>
<context>
    <name>NotSentDialog</name>
    <message>
        <location filename="../../desktop/ui/status.py" line="316"/>
        <source>Changes not sent</source>
        <translation>Thay đổi chưa gửi được</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="321"/>
        <source>{count} changes were refused by the central server. They are kept on this desk and do not hold up the others.</source>
        <translation>Máy chủ trung tâm đã từ chối {count} thay đổi. Các thay đổi này vẫn được giữ trên máy và không làm chậm các thay đổi khác.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="336"/>
        <source>… and {more} more.</source>
        <translation>… và {more} thay đổi khác.</translation>
    </message>
</context>
<context>
    <name>PersonRightsDialog</name>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="284"/>
        <source>Erase this person&apos;s data everywhere? This cannot be undone.</source>
        <translation>Xoá dữ liệu của người này ở mọi nơi? Không thể hoàn tác.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="283"/>
        <source>Erase</source>
        <translation>Xoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="275"/>
        <source>Erased {count} record(s).</source>
        <translation>Đã xoá {count} bản ghi.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="271"/>
        <source>An erasure would remove {count} record(s); answer due {due}.</source>
        <translation>Xoá sẽ tác động {count} bản ghi; hạn trả lời {due}.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="256"/>
        <source>Attachment</source>
        <translation>Tệp đính kèm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="255"/>
        <source>Referral</source>
        <translation>Chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="254"/>
        <source>Timeline entry</source>
        <translation>Diễn biến hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="253"/>
        <source>Case</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="252"/>
        <source>Contact</source>
        <translation>Cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="251"/>
        <source>Child</source>
        <translation>Trẻ em</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="248"/>
        <source>the child taken out</source>
        <translation>bỏ trẻ em khỏi cuộc liên hệ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="247"/>
        <source>kept as codes only (still counted)</source>
        <translation>chỉ giữ mã phân loại (vẫn được đếm)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="246"/>
        <source>caller&apos;s name, phone, place and summary emptied</source>
        <translation>xoá tên, số điện thoại, nơi ở người gọi và nội dung</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="245"/>
        <source>emptied and deleted</source>
        <translation>làm trống và xoá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="232"/>
        <source>Written: {files}</source>
        <translation>Đã ghi: {files}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="224"/>
        <source>Export into folder</source>
        <translation>Xuất vào thư mục</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="199"/>
        <source>What happens</source>
        <translation>Việc sẽ làm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="199"/>
        <source>Number</source>
        <translation>Số</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="199"/>
        <source>Record</source>
        <translation>Bản ghi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="192"/>
        <source>Erase…</source>
        <translation>Xoá…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="190"/>
        <source>What would an erasure remove?</source>
        <translation>Xoá thì mất những gì?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="188"/>
        <source>Export everything (JSON and PDF)…</source>
        <translation>Xuất toàn bộ (JSON và PDF)…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="181"/>
        <source>{who}: the person (for a child, the legal representative) may get their data, and ask for it to be erased; answer within 2 working days (Law 91/2025/QH15). An open case keeps the data until it is closed.</source>
        <translation>{who}: người có dữ liệu (với trẻ em là người đại diện hợp pháp) được nhận dữ liệu của mình và yêu cầu xoá; trả lời trong 2 ngày làm việc (Luật 91/2025/QH15). Hồ sơ đang mở giữ dữ liệu lại cho đến khi kết thúc.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="178"/>
        <source>A person&apos;s data</source>
        <translation>Dữ liệu của một người</translation>
    </message>
</context>
<context>
    <name>PrintoutDialog</name>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="193"/>
        <source>Sent {pages} pages to the printer.</source>
        <translation>Đã gửi {pages} trang đến máy in.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="197"/>
        <source>Save the PDF</source>
        <translation>Lưu tệp PDF</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="210"/>
        <source>Saved the PDF as {path}</source>
        <translation>Đã lưu tệp PDF: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="224"/>
        <source>Preview</source>
        <translation>Xem trước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="225"/>
        <source>{pages} pages</source>
        <translation>{pages} trang</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="226"/>
        <source>Print…</source>
        <translation>In…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="227"/>
        <source>Save PDF…</source>
        <translation>Lưu PDF…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="228"/>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="113"/>
        <source>Enter the recovery key, the user name and the new password.</source>
        <translation>Nhập khoá khôi phục, tên đăng nhập và mật khẩu mới.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="117"/>
        <source>The two passwords are not the same.</source>
        <translation>Hai mật khẩu không giống nhau.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="121"/>
        <source>Checking the recovery key…</source>
        <translation>Đang kiểm tra khoá khôi phục…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="143"/>
        <source>This recovery key does not open this desk. Check it against the paper copy made at set-up and try again.</source>
        <translation>Khoá khôi phục này không mở được máy này. Hãy đối chiếu với bản giấy ghi lại khi cài đặt rồi thử lại.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="148"/>
        <source>You can try again in {seconds} s.</source>
        <translation>Có thể thử lại sau {seconds} giây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="156"/>
        <source>Set a new password with the recovery key</source>
        <translation>Đặt mật khẩu mới bằng khoá khôi phục</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="159"/>
        <source>The recovery key was shown once when this desk was set up and kept on paper. With it you can set a new password for any user of this desk.</source>
        <translation>Khoá khôi phục được hiển thị một lần khi cài đặt máy này và được ghi lại trên giấy. Với khoá này, bạn có thể đặt mật khẩu mới cho bất kỳ người dùng nào của máy.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="164"/>
        <source>Recovery key</source>
        <translation>Khoá khôi phục</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="165"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="166"/>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="167"/>
        <source>Repeat the new password</source>
        <translation>Nhập lại mật khẩu mới</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="171"/>
        <source>e.g. K7Q4M-ACDEF-…</source>
        <translation>ví dụ K7Q4M-ACDEF-…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="172"/>
        <source>Set the new password</source>
        <translation>Đặt mật khẩu mới</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/recovery.py" line="173"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
</context>
<context>
    <name>Redaction</name>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="235"/>
        <source>Full (for the case file)</source>
        <translation>Đầy đủ (lưu hồ sơ)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="238"/>
        <source>For a referral (no caller identity)</source>
        <translation>Để chuyển gửi (không có thông tin người gọi)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="242"/>
        <source>Anonymous (initials, birth year, no free text)</source>
        <translation>Ẩn danh (tên viết tắt, năm sinh, không in nội dung tự do)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/printout_view.py" line="250"/>
        <source>Redaction level</source>
        <translation>Mức che thông tin</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="48"/>
        <source>Agency</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="49"/>
        <source>Agency name</source>
        <translation>Tên cơ quan</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="50"/>
        <source>Reason</source>
        <translation>Lý do</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="52"/>
        <source>Refer the case</source>
        <translation>Chuyển gửi hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="62"/>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="63"/>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="65"/>
        <source>Referral status</source>
        <translation>Tình trạng chuyển gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="70"/>
        <source>Save</source>
        <translation>Lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/referral_dialog.py" line="71"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
</context>
<context>
    <name>ReminderDialog</name>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="105"/>
        <source>Next review</source>
        <translation>Rà soát tiếp theo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="101"/>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="102"/>
        <source>Next follow-up</source>
        <translation>Theo dõi tiếp theo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="92"/>
        <source>The dates the case is next followed up and reviewed (Decree 56). They show among the reminders when due; recording the follow-up or moving the case to review clears them.</source>
        <translation>Ngày theo dõi và rà soát tiếp theo của hồ sơ (Nghị định 56/2017/NĐ-CP). Khi đến hạn, hồ sơ hiện trong danh sách nhắc việc; ghi nhận việc theo dõi hoặc chuyển hồ sơ sang rà soát sẽ xoá nhắc việc.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="84"/>
        <source>Reminders</source>
        <translation>Nhắc việc</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="223"/>
        <source>Save the report</source>
        <translation>Lưu báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="204"/>
        <location filename="../../desktop/ui/reports_page.py" line="232"/>
        <source>Building the report…</source>
        <translation>Đang lập báo cáo…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="239"/>
        <source>Saved: {path}</source>
        <translation>Đã lưu: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="254"/>
        <source>Reports</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="256"/>
        <source>Report</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="257"/>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="258"/>
        <source>From month</source>
        <translation>Từ tháng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="259"/>
        <source>To month</source>
        <translation>Đến tháng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="260"/>
        <source>Theme (category)</source>
        <translation>Chuyên đề (vấn đề)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="261"/>
        <source>Case number</source>
        <translation>Số hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="278"/>
        <source>Preview and print…</source>
        <translation>Xem trước và in…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="268"/>
        <source>Monthly report</source>
        <translation>Báo cáo tháng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="269"/>
        <source>Thematic report</source>
        <translation>Báo cáo chuyên đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="270"/>
        <source>Case summary</source>
        <translation>Tóm tắt hồ sơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="276"/>
        <source>All categories</source>
        <translation>Tất cả vấn đề</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/reports_page.py" line="277"/>
        <source>Save PDF…</source>
        <translation>Lưu PDF…</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../desktop/ui/admin.py" line="125"/>
        <source>Restore from a backup</source>
        <translation>Khôi phục từ bản sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="126"/>
        <source>Backup file</source>
        <translation>Tệp sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="127"/>
        <source>Backup passphrase</source>
        <translation>Mật khẩu sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="128"/>
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="131"/>
        <source>All of this desk&apos;s current data will be replaced by the backup&apos;s: records saved after the backup was made will no longer be shown. The current files are kept aside, still encrypted, in a “before-restore” folder. Everyone is signed out; sign in again with the passwords the backup had.</source>
        <translation>Toàn bộ dữ liệu hiện tại của máy này sẽ được thay bằng dữ liệu của bản sao lưu: các hồ sơ lưu sau thời điểm sao lưu sẽ không còn hiển thị. Các tệp hiện tại được cất riêng trong thư mục “before-restore” và vẫn được mã hoá. Mọi người sẽ bị đăng xuất; hãy đăng nhập lại bằng mật khẩu có trong bản sao lưu.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="137"/>
        <source>Replace this desk&apos;s data</source>
        <translation>Thay dữ liệu của máy này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="138"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="144"/>
        <source>Choose the backup</source>
        <translation>Chọn bản sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="145"/>
        <source>Caseline backups (*.clbak);;All files (*)</source>
        <translation>Bản sao lưu Caseline (*.clbak);;Mọi tệp (*)</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../desktop/ui/setup.py" line="162"/>
        <source>Enter the centre&apos;s name and choose its province.</source>
        <translation>Hãy nhập tên trung tâm và chọn tỉnh/thành.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="175"/>
        <source>The two passwords are not the same.</source>
        <translation>Hai mật khẩu không giống nhau.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="213"/>
        <source>Choose the backup file</source>
        <translation>Chọn tệp sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="218"/>
        <source>Backup passphrase</source>
        <translation>Mật khẩu sao lưu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="219"/>
        <source>The passphrase given when the backup was made:</source>
        <translation>Mật khẩu đã đặt khi sao lưu:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="230"/>
        <source>Restoring…</source>
        <translation>Đang khôi phục…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="264"/>
        <source>Back</source>
        <translation>Quay lại</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="266"/>
        <source>Next</source>
        <translation>Tiếp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="266"/>
        <source>Create the desk</source>
        <translation>Tạo dữ liệu máy</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="266"/>
        <source>Finish</source>
        <translation>Hoàn tất</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="270"/>
        <source>Caseline — first set-up</source>
        <translation>Caseline — thiết lập lần đầu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="271"/>
        <source>Set up this desk</source>
        <translation>Thiết lập máy này</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="274"/>
        <source>Caseline keeps every record encrypted on this computer. First, tell it which centre this desk belongs to.</source>
        <translation>Caseline lưu mọi dữ liệu dưới dạng mã hoá trên máy này. Trước hết, hãy cho biết máy thuộc trung tâm nào.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="278"/>
        <source>Centre name</source>
        <translation>Tên trung tâm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="279"/>
        <source>Province or city</source>
        <translation>Tỉnh/thành phố</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="280"/>
        <source>Type to search, e.g. Đà Nẵng</source>
        <translation>Gõ để tìm, ví dụ Đà Nẵng</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="283"/>
        <source>Moving to a new computer? Restore the centre&apos;s backup instead; the same users and passwords will work.</source>
        <translation>Chuyển sang máy mới? Hãy khôi phục bản sao lưu của trung tâm; người dùng và mật khẩu giữ nguyên.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="287"/>
        <source>Restore from a backup…</source>
        <translation>Khôi phục từ bản sao lưu…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="289"/>
        <source>Create the administrator account. The administrator adds the other users.</source>
        <translation>Tạo tài khoản quản trị. Quản trị viên sẽ thêm các người dùng khác.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="292"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="293"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="294"/>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="295"/>
        <source>Repeat the password</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="301"/>
        <source>This is the recovery key. It opens the desk if every password is lost. It is shown only once: write it down on paper and keep it locked away.</source>
        <translation>Đây là khoá khôi phục. Khoá này mở được dữ liệu khi quên hết mật khẩu. Khoá chỉ hiện một lần: hãy chép ra giấy và cất giữ an toàn.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="305"/>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/setup.py" line="306"/>
        <source>I have written it down</source>
        <translation>Tôi đã chép lại khoá</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <location filename="../../desktop/ui/splash.py" line="17"/>
        <source>Loading the encrypted store…</source>
        <translation>Đang nạp kho dữ liệu mã hoá…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/splash.py" line="20"/>
        <source>Loading the sync with the central line…</source>
        <translation>Đang nạp phần đồng bộ với Tổng đài trung tâm…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/splash.py" line="22"/>
        <source>Loading the reports…</source>
        <translation>Đang nạp báo cáo…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/splash.py" line="23"/>
        <source>Loading the desk…</source>
        <translation>Đang mở bàn làm việc…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/splash.py" line="24"/>
        <source>Loading the windows…</source>
        <translation>Đang nạp giao diện…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/splash.py" line="69"/>
        <source>Child protection line 111</source>
        <translation>Tổng đài quốc gia bảo vệ trẻ em 111</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/splash.py" line="83"/>
        <source>Ready.</source>
        <translation>Sẵn sàng.</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="53"/>
        <source>Move case {number} from “{old}” to “{new}”.</source>
        <translation>Chuyển hồ sơ {number} từ “{old}” sang “{new}”.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="66"/>
        <source>Nothing else is needed for this step.</source>
        <translation>Bước này không cần thêm thông tin.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="70"/>
        <source>Move the case</source>
        <translation>Chuyển bước</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="72"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="78"/>
        <source>Next step</source>
        <translation>Bước tiếp theo</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="110"/>
        <source>Assessment (what was found, risk and harm)</source>
        <translation>Đánh giá (kết quả xác minh, nguy cơ và tổn hại)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="111"/>
        <source>Risk level</source>
        <translation>Mức độ nguy cơ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="112"/>
        <source>Support and intervention plan</source>
        <translation>Kế hoạch hỗ trợ, can thiệp</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="113"/>
        <source>Plan approved by (commune chairperson)</source>
        <translation>Người phê duyệt kế hoạch (Chủ tịch UBND xã)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="114"/>
        <source>Approved on (dd/mm/yyyy hh:mm)</source>
        <translation>Thời điểm phê duyệt (dd/mm/yyyy hh:mm)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="116"/>
        <source>Review of the results</source>
        <translation>Kết quả rà soát, đánh giá</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="117"/>
        <source>Reason for closing</source>
        <translation>Lý do kết thúc</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="118"/>
        <source>Reason for reopening</source>
        <translation>Lý do mở lại</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="104"/>
        <source>Decided by (a manager&apos;s username; empty if you are the manager)</source>
        <translation>Người quyết định (tên đăng nhập của người quản lý; để trống nếu chính bạn là quản lý)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="106"/>
        <source>Decided on (dd/mm/yyyy hh:mm)</source>
        <translation>Thời điểm quyết định (dd/mm/yyyy hh:mm)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="107"/>
        <source>Decision number (if any)</source>
        <translation>Số quyết định (nếu có)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/step_dialog.py" line="115"/>
        <source>Approval decision number</source>
        <translation>Số quyết định phê duyệt kế hoạch</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../desktop/ui/status.py" line="242"/>
        <source>Not enrolled</source>
        <translation>Chưa đăng ký với trung ương</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="244"/>
        <source>Checking the connection…</source>
        <translation>Đang kiểm tra kết nối…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="247"/>
        <source>Online</source>
        <translation>Trực tuyến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="250"/>
        <source>Offline</source>
        <translation>Ngoại tuyến</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="254"/>
        <source>Last sync: {when}</source>
        <translation>Đồng bộ lần cuối: {when}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="255"/>
        <source>never</source>
        <translation>chưa lần nào</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="259"/>
        <source>{count} changes to send</source>
        <translation>{count} thay đổi chờ gửi</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="265"/>
        <source>{count} conflicts to resolve</source>
        <translation>{count} xung đột cần xử lý</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="290"/>
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="291"/>
        <source>Connect to the central line…</source>
        <translation>Kết nối với trung ương…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="292"/>
        <source>Syncing %p%</source>
        <translation>Đang đồng bộ %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/status.py" line="262"/>
        <source>{count} changes not sent</source>
        <translation>{count} thay đổi chưa gửi được</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="154"/>
        <source>Transfer</source>
        <translation>Chuyển</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="149"/>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="150"/>
        <source>Province or city</source>
        <translation>Tỉnh, thành phố</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="139"/>
        <source>Case {number} moves with its timeline, referrals, attachments and child to the province chosen; its desks take it over. This desk can read it until its next sync and no longer act on it. The source contacts stay here.</source>
        <translation>Hồ sơ {number} được chuyển cùng diễn biến, chuyển gửi, tệp đính kèm và trẻ em sang tỉnh, thành phố được chọn; các máy ở đó tiếp nhận. Máy này chỉ còn xem được đến lần đồng bộ kế tiếp và không cập nhật được nữa. Các cuộc liên hệ nguồn ở lại đây.</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/case/law_dialogs.py" line="136"/>
        <source>Transfer to another province</source>
        <translation>Chuyển sang tỉnh, thành phố khác</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <location filename="../../desktop/ui/admin.py" line="56"/>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="57"/>
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="58"/>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="59"/>
        <source>First password</source>
        <translation>Mật khẩu ban đầu</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="61"/>
        <source>Add user</source>
        <translation>Thêm</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="62"/>
        <source>Cancel</source>
        <translation>Huỷ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/admin.py" line="66"/>
        <source>Add a user</source>
        <translation>Thêm người dùng</translation>
    </message>
</context>
</TS>
