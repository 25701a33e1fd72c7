"""Short Vietnamese summaries, as an intake worker would write them, by category.

Placeholders: {em} the child as addressed ("em Hoà"), {age}, {place} (commune name),
{perp} (who harmed the child), {school} (a school level). Every text is NFC.
"""

from __future__ import annotations

PERPETRATORS = (
    "bố", "mẹ", "bố dượng", "mẹ kế", "anh trai", "chú", "ông nội", "hàng xóm",
    "bạn cùng lớp", "một người lạ", "giáo viên", "người quen của gia đình",
)  # fmt: skip
SCHOOL_LEVELS = ("tiểu học", "trung học cơ sở", "lớp 6", "lớp 8", "lớp 9", "lớp 4")

# Silent and prank calls by their call type (no category says it twice since taxonomy 2027.1).
BY_CALL_TYPE: dict[str, tuple[str, ...]] = {
    "silent": (
        "Cuộc gọi im lặng; tư vấn viên chào, giới thiệu tổng đài và chờ một lúc trước khi kết thúc.",
        "Im lặng, nghe có tiếng trẻ nhỏ phía sau; tư vấn viên nhắc có thể gọi lại bất cứ lúc nào.",
    ),
    "prank": (
        "Cuộc gọi trêu đùa; người gọi cười và cúp máy.",
        "Trẻ gọi thử xem tổng đài có người nghe không; tư vấn viên giới thiệu về đường dây 111.",
    ),
}

BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "information.question": (
        "Người gọi hỏi chức năng của Tổng đài 111 và cách báo tin khi phát hiện trẻ bị xâm hại. Đã giải đáp.",
        "Hỏi thủ tục đăng ký khai sinh muộn cho trẻ; hướng dẫn liên hệ UBND {place}.",
        "Hỏi địa chỉ trung tâm công tác xã hội gần nhất; đã cung cấp địa chỉ và số điện thoại.",
        "Hỏi chế độ trợ cấp cho trẻ mồ côi; cung cấp thông tin về chính sách trợ giúp xã hội.",
        "Phụ huynh hỏi cách dạy con tự bảo vệ khi đi học một mình; tư vấn viên gợi ý các quy tắc an toàn.",
    ),
    "information.thanks": (
        "Phụ huynh gọi cảm ơn tổng đài đã hỗ trợ con trong lần gọi trước; tình hình đã ổn.",
    ),
    "information.wrong_number": ("Gọi nhầm số; đã hướng dẫn số cần gọi.",),
    "violence": (
        "{Em} ({age} tuổi) kể thường xuyên bị {perp} đánh bằng roi mỗi khi học kém; trên tay còn vết bầm.",
        "Hàng xóm báo nghe tiếng {em} khóc và bị {perp} quát mắng, đánh nhiều lần trong tuần.",
        "{Em} bị {perp} chửi bới, đuổi ra khỏi nhà lúc tối muộn; hiện đang ở nhà bà ngoại.",
        "{Em} bị nhóm bạn ở trường {school} trêu chọc, đánh sau giờ học và quay video đăng lên mạng.",
    ),
    "sexual_abuse": (
        "{Mother} phát hiện {em} ({age} tuổi) có dấu hiệu bị {perp} sờ soạng nhiều lần; đề nghị hỗ trợ.",
        "{Em} chia sẻ bị người quen qua mạng dụ dỗ gửi ảnh nhạy cảm rồi đe doạ phát tán.",
        "Giáo viên báo {em} thay đổi hành vi, sợ hãi khi về nhà; nghi bị xâm hại tình dục.",
    ),
    "exploitation": (
        "{Em} ({age} tuổi) phải bỏ học đi bán vé số đến khuya, bị người thuê giữ tiền.",
        "Người dân báo có nhóm trẻ em bị đưa đi xin ăn ở chợ {place}.",
    ),
    "trafficking": (
        "Gia đình báo {em} ({age} tuổi) được người lạ hứa giới thiệu việc làm rồi mất liên lạc.",
        "Nghi {em} bị đưa sang biên giới; gia đình nhận được cuộc gọi đòi tiền chuộc.",
    ),
    "neglect": (
        "Hàng xóm báo {em} ({age} tuổi) thường bị để ở nhà một mình nhiều ngày, thiếu ăn.",
        "{Em} ốm nhưng không được đưa đi khám; bố mẹ đi làm ăn xa, ông bà già yếu.",
    ),
    "child_marriage": (
        "Giáo viên báo {em} ({age} tuổi) nghỉ học để gia đình tổ chức đám cưới theo phong tục.",
    ),
    "other_harm": (
        "{Em} nghiện trò chơi trực tuyến, bỏ học nhiều buổi; gia đình nhờ tư vấn cách hỗ trợ.",
        "Ảnh riêng tư của {em} bị bạn đăng lên mạng xã hội; em rất xấu hổ, không muốn đi học.",
    ),
    "missing": (
        "{Mother} báo {em} ({age} tuổi) bỏ nhà đi từ tối qua sau khi bị mắng, chưa liên lạc được.",
        "{Em} đi lạc ở chợ {place}; người dân đang giữ em và gọi nhờ tìm gia đình.",
    ),
    "mental_health": (
        "{Em} ({age} tuổi) buồn chán kéo dài, mất ngủ, có ý nghĩ tự làm hại bản thân; tư vấn viên trò chuyện và kết nối hỗ trợ tâm lý.",
        "{Em} lo âu trước kỳ thi vào lớp 10, thường xuyên đau đầu, khóc một mình.",
        "{Em} chia sẻ cảm thấy cô đơn, không ai hiểu mình; tư vấn viên lắng nghe và hẹn gọi lại.",
    ),
    "physical_health": (
        "{Mother} hỏi nơi khám dinh dưỡng cho {em} chậm lớn; giới thiệu trạm y tế {place}.",
        "{Em} ({age} tuổi) lo lắng về thay đổi cơ thể tuổi dậy thì; đã giải thích và trấn an.",
    ),
    "access_to_services": (
        "Gia đình khó khăn chưa làm được giấy khai sinh cho {em}; hướng dẫn thủ tục tại UBND {place}.",
        "Hỏi cách xin học bổng và miễn học phí cho {em} thuộc hộ nghèo.",
    ),
    "discrimination": (
        "{Em} bị bạn bè xa lánh vì gia đình có người nhiễm HIV; tư vấn em và liên hệ nhà trường.",
        "{Em} là người dân tộc thiểu số, bị trêu chọc về giọng nói; tư vấn cách ứng phó.",
    ),
    "family_relationships": (
        "{Em} ({age} tuổi) buồn vì bố mẹ thường xuyên cãi nhau và sắp ly hôn; tư vấn viên lắng nghe, chia sẻ.",
        "{Mother} xin tư vấn vì {em} không nghe lời, hay cãi lại, dùng điện thoại đến khuya.",
        "{Em} muốn ở với mẹ sau khi bố mẹ ly hôn; tư vấn về quyền được bày tỏ ý kiến của trẻ.",
    ),
    "peer_relationships": (
        "{Em} giận bạn thân, bị cả nhóm tẩy chay; tư vấn cách nói chuyện lại với bạn.",
        "{Em} ({age} tuổi) có tình cảm với bạn cùng lớp, gia đình cấm đoán; tư vấn em.",
    ),
    "education": (
        "{Em} áp lực học tập, bố mẹ đặt kỳ vọng cao, sợ không đỗ lớp 10.",
        "{Em} ({age} tuổi) muốn nghỉ học để đi làm phụ giúp gia đình; tư vấn về các lựa chọn học nghề.",
    ),
    "sexuality": (
        "{Em} hỏi về sức khoẻ sinh sản tuổi dậy thì; tư vấn viên cung cấp thông tin phù hợp lứa tuổi.",
        "{Em} lo lắng vì nghi mình có thai; tư vấn và giới thiệu cơ sở y tế thân thiện.",
    ),
    "legal": (
        "Hỏi quyền nuôi con sau ly hôn và nghĩa vụ cấp dưỡng cho {em}.",
        "Gia đình hỏi thủ tục khi {em} ({age} tuổi) bị công an triệu tập; hướng dẫn quyền của người chưa thành niên.",
    ),
}

INTAKE_NOTES = (
    "Đã hướng dẫn cách giữ an toàn và số điện thoại khẩn cấp.",
    "Hẹn gọi lại để theo dõi.",
    "Đã thông báo cho cán bộ phụ trách địa bàn.",
    "Người gọi đồng ý cung cấp thông tin liên hệ.",
    "",
    "",
)

ENTRY_TEXTS: dict[str, tuple[str, ...]] = {
    "assessment": (
        "Đã xác minh với UBND {place} và gia đình; trẻ đang ở với bà ngoại, an toàn tạm thời.",
        "Gặp trẻ tại trường; trẻ có vết thương cũ, sợ hãi khi nhắc tới người gây hại.",
        "Đánh giá ban đầu: nguy cơ cao nếu trẻ tiếp tục ở cùng người gây hại.",
    ),
    "needs": (
        "Họp với gia đình, giáo viên và cán bộ xã: trẻ cần hỗ trợ tâm lý, tiếp tục đi học, gia đình cần kỹ năng nuôi dạy.",
        "Nhu cầu: khám sức khoẻ, tư vấn tâm lý, trợ giúp pháp lý cho gia đình.",
    ),
    "plan": (
        "Kế hoạch: tư vấn tâm lý 8 buổi; làm việc với nhà trường; giám sát tại gia đình hằng tuần.",
        "Kế hoạch hỗ trợ: kết nối trợ cấp xã hội, học bổng, theo dõi hằng tháng trong 6 tháng.",
    ),
    "intervention": (
        "Buổi tư vấn tâm lý thứ {n}: trẻ cởi mở hơn, ngủ ngon hơn.",
        "Thăm gia đình: bố mẹ cam kết không dùng bạo lực; trẻ đi học đều.",
        "Đã làm việc với nhà trường để theo dõi, hỗ trợ trẻ trên lớp.",
    ),
    "review": (
        "Rà soát: trẻ ổn định, đi học đều, không còn dấu hiệu bị xâm hại.",
        "Rà soát: gia đình đã thay đổi cách ứng xử; cần theo dõi thêm một tháng.",
    ),
    "note": (
        "Gọi điện hỏi thăm; trẻ và gia đình hợp tác tốt.",
        "Trẻ chuyển chỗ ở tạm sang nhà dì ruột tại {place}.",
    ),
}

REFERRAL_REASONS: dict[str, tuple[str, ...]] = {
    "police": ("Đề nghị xác minh, xử lý hành vi xâm hại.",),
    "health": ("Khám và điều trị thương tích, giám định.", "Khám sức khoẻ, tư vấn tâm lý."),
    "education": ("Phối hợp theo dõi, hỗ trợ trẻ tại trường.",),
    "commune_committee": ("Đề nghị hỗ trợ, giám sát tại địa bàn.",),
    "shelter": ("Bố trí nơi tạm lánh an toàn cho trẻ.",),
    "ngo": ("Kết nối học bổng và hỗ trợ sinh kế cho gia đình.",),
    "court": ("Đề nghị hạn chế quyền của cha mẹ đối với con chưa thành niên.",),
}
REFERRAL_OUTCOMES = (
    "Đã tiếp nhận và xử lý.",
    "Đã khám, trẻ ổn định.",
    "Nhà trường cử giáo viên chủ nhiệm theo dõi.",
    "Đã bố trí chỗ ở tạm.",
)
