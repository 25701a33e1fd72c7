"""Whatever a desk holds prints (issue 14): cases built through the services with random
texts up to 50,000 characters (Vietnamese in NFC and NFD, emoji, `<` and `&`, right-to-left
words, line breaks, words longer than a line) and random numbers of steps, entries and
referrals; months with random numbers of contacts over random categories, channels and
communes. Every report renders, and the text read back from the PDF holds what went in."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pdf_text import flows_through, page_texts, squeeze

from desktop.domain import places
from desktop.domain.periods import shift
from desktop.services import Workspace

ADMIN_PW = "Admin-pass-2026!"
MANAGER_PW = "Manager-pass-2026!"
WORDS = (
    "Đặng Thị Hoà hòa thuỷ thủy nghiêng Người trẻ em bạo lực được giúp đỡ ở nhà trường "
    "Quảng Ngãi Đà Nẵng Huế Nguyễn Ánh Nhàn ngày tháng năm khẩn cấp tư vấn ĐỒNG Ý"
).split()
EMOJI = ["😀", "🙏", "❤", "👍", "🌧", "📞", "🧒"]
MARKUP = ["<", "&", "<b>", "&amp;", "</para>", ">", "<br/>", '"x"', "a<b", "&lt;"]
HEBREW = "אבגדהוזחטיכלמנסעפצקרשת"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\t", "  "]
PROFILES = ("full", "referral", "anonymous")
SETTINGS = settings(
    max_examples=6,
    deadline=None,
    # Each example prints up to hundreds of pages and takes up to a minute here: no
    # shrinking (it ran over 5 minutes; the failing example is printed as it was drawn)
    # and no line-coverage tracing ("explain"). Derandomized: `make test` draws the same
    # examples every run, so a failure in CI reproduces as it is; new inputs come from
    # the strategies changing or from a run with `--hypothesis-seed` and derandomize off.
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _nfd_or_nfc(word: str, nfd: bool) -> str:
    return unicodedata.normalize("NFD" if nfd else "NFC", word)


word = st.one_of(
    st.builds(_nfd_or_nfc, st.sampled_from(WORDS), st.booleans()),
    st.sampled_from(EMOJI),
    st.sampled_from(MARKUP),
    st.text(alphabet=HEBREW, min_size=1, max_size=6),
    st.text(alphabet=ARABIC, min_size=1, max_size=6),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12),
    st.text(alphabet="abcdefghij", min_size=80, max_size=300),  # longer than a line
)


@st.composite
def typed_text(draw, max_length: int = 50_000) -> str:
    """A text as someone might type or paste it: up to `max_length` characters, mostly
    short, sometimes very long."""
    words = draw(st.lists(word, min_size=1, max_size=30))
    separators = draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=5))
    length = draw(st.one_of(st.integers(1, 400), st.integers(1, max_length)))
    pieces, total = [], 0
    for i in itertools.count():
        piece = words[i % len(words)] + separators[i % len(separators)]
        pieces.append(piece)
        total += len(piece)
        if total >= length:
            break
    # the last piece may run past `max_length` (the store refuses a longer text)
    return "".join(pieces)[:max_length].strip() or words[0]


@st.composite
def case_story(draw) -> dict:
    return {
        "summary": draw(typed_text()),
        "steps": draw(st.integers(0, 4)),
        "assessment": draw(typed_text(3000)),
        "plan": draw(typed_text()),
        "entries": draw(
            st.lists(
                st.tuples(st.sampled_from(["note", "intervention", "follow_up"]), typed_text(5000)),
                max_size=4,
            )
        ),  # fmt: skip
        "referrals": draw(st.lists(st.tuples(typed_text(2000), typed_text(2000)), max_size=3)),
    }


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("desk")
    Workspace.init(
        data_dir,
        centre="Trung tâm Công tác xã hội Đà Nẵng",
        province_code="48",
        admin_username="admin",
        admin_password=ADMIN_PW,
    )
    with Workspace.open(data_dir, "admin", ADMIN_PW) as admin:
        admin.add_user("quanly", "manager", MANAGER_PW, full_name="Lê Văn Quản")
    workspace = Workspace.open(data_dir, "quanly", MANAGER_PW)
    yield workspace
    workspace.close()


def _contact(summary: str, received_at: str, **more) -> dict:
    return {
        "received_at": received_at,
        "channel": "letter",
        "call_type": "counselling",
        "caller": {"relation": "mother"},
        "children": [
            {"full_name": "Đặng Thị Hoà", "sex": "F", "birth_year": 2014, "province_code": "48"}
        ],  # fmt: skip
        "categories": ["violence.physical"],
        "services": ["counselling"],
        "risk": "high",
        "summary": summary,
        "consent": {
            "purposes": {"referral": {"child": True, "representative": True}}
        },  # a referral print needs it
        **more,
    }


def _build_case(ws: Workspace, story: dict) -> tuple[str, list[str]]:
    """The case the story tells, through the services; returns its number and the texts
    the full summary must print."""
    saved = ws.record_contact(_contact(story["summary"], "2026-10-03T14:05:00+07:00"))
    case = ws.open_case(saved.number)
    printed = [story["summary"]]
    moves = [
        ("initial_assessment", {}),
        ("needs_assessment", {"assessment": story["assessment"], "risk": "high"}),
        ("plan", {"assessment": story["assessment"]}),
        (
            "intervention",
            {
                "plan": story["plan"],
                "approved_by": "Chủ tịch UBND phường",
                "decision_no": "12/QĐ-UBND",
                "approved_at": "2026-10-09T10:00:00+07:00",
            },
        ),
    ]
    for step, data in moves[: story["steps"]]:
        ws.move_case(case.id, step, data)
    if story["steps"] >= 2:
        printed.append(story["assessment"])
    if story["steps"] >= 4:
        printed.append(story["plan"])
    for kind, note in story["entries"]:
        ws.add_entry(case.id, kind, note)
        printed.append(note)
    for reason, outcome in story["referrals"]:
        referral = ws.add_referral(case.id, "police", reason, "2026-10-04T09:00:00+07:00")
        ws.update_referral(referral.id, "accepted", outcome)
        printed += [reason, outcome]
    return case.number, printed


def _every_kind_of_text(length: int) -> str:
    """One of each kind of word, NFC and NFD, over lines, to exactly `length` characters."""
    words = [*WORDS, *(unicodedata.normalize("NFD", w) for w in WORDS), *EMOJI, *MARKUP,
             HEBREW[:5], ARABIC[:5], "x" * 150]  # fmt: skip
    text = " ".join(f"{w}\n" if i % 17 == 16 else w for i, w in enumerate(words))
    return (text * (length // len(text) + 1))[:length].strip() + "."


LONGEST = {
    "summary": _every_kind_of_text(50_000),
    "steps": 4,
    "assessment": _every_kind_of_text(3000),
    "plan": _every_kind_of_text(5000),
    "entries": [("note", _every_kind_of_text(3000))] * 2,
    "referrals": [(_every_kind_of_text(2000), _every_kind_of_text(2000))],
}


@pytest.mark.timeout(900)  # a few hundred pages in all, on a shared machine
@SETTINGS
@given(story=case_story())
@example(story=LONGEST)
def test_any_case_prints_in_every_profile_with_all_its_text(ws, tmp_path_factory, story):
    number, printed = _build_case(ws, story)
    folder = tmp_path_factory.mktemp("case")
    for profile in PROFILES:
        out = ws.reports.case_summary(number, profile).save(folder / f"{profile}.pdf")
        pages = page_texts(out, None if profile == "full" else 1)
        assert pages and squeeze(number) in squeeze(pages[0])
        if profile == "full":
            for typed in printed:
                assert flows_through(typed, pages), typed[:200]


_months = itertools.count()
# Months only this test records in: the case test records in October 2026 in the same
# desk (`ws` is per module), and a counter that had run on into 2026 (hypothesis shrinking
# runs hundreds of examples) added that test's contacts to this month's total: "Tổng số
# cuộc liên hệ 7" then failed once and passed on the replay, a month later.
MONTHS_FROM, MONTHS_BEFORE = "2011-01", "2026-01"


def _fresh_month() -> str:
    """A month no other example or test of this module recorded in (every third month
    from 2011: its previous month is empty too)."""
    month = shift(MONTHS_FROM, 3 * next(_months))
    assert month < MONTHS_BEFORE, "out of months no other test records in"
    return month


@st.composite
def month_story(draw) -> dict:
    taxonomy_codes = ["violence.physical", "violence.emotional", "sexual_abuse", "neglect",
                      "education", "family_relationships", "mental_health", "information",
                      "trafficking", "child_marriage", "legal", "peer_relationships"]  # fmt: skip
    contact = st.fixed_dictionaries(
        {
            "day": st.integers(1, 28),
            "channel": st.sampled_from(
                [
                    "phone",
                    "walk_in",
                    "letter",
                    "official_letter",
                    "email",
                    "chat",
                    "radio_tv",
                    "agency_referral",
                    "press",
                ]
            ),  # fmt: skip
            "call_type": st.sampled_from(
                ["counselling", "information", "emergency", "silent", "prank", "other"]
            ),  # fmt: skip
            "relation": st.sampled_from(
                [
                    "self",
                    "mother",
                    "father",
                    "teacher",
                    "neighbour",
                    "grandparent",
                    "sibling",
                    "friend",
                    "other",
                ]
            ),  # fmt: skip
            "categories": st.lists(st.sampled_from(taxonomy_codes), max_size=3, unique=True),
            "children": st.lists(
                st.tuples(st.sampled_from("FMU"), st.integers(0, 15), st.integers(0, 400)),
                max_size=3,
            ),
        }
    )
    return {
        "contacts": draw(st.lists(contact, max_size=120)),
        "span": draw(st.integers(1, 130)),
    }


@pytest.mark.timeout(900)
@SETTINGS
@given(story=month_story())
def test_any_month_prints_its_figures_and_any_period_prints(ws, tmp_path_factory, story):
    month = _fresh_month()
    communes = [c.code for c in places.communes("48")]
    with ws.batch():
        for c in story["contacts"]:
            children = [
                {
                    "full_name": "Trẻ em",
                    "sex": sex,
                    "birth_year": int(month[:4]) - age,
                    "province_code": "48",
                    "commune_code": communes[k % len(communes)],
                }  # fmt: skip
                for sex, age, k in c["children"]
            ]
            ws.record_contact(
                {
                    **_contact("Cuộc gọi.", f"{month}-{c['day']:02d}T10:00:00+07:00"),
                    "channel": c["channel"],
                    "call_type": c["call_type"],
                    "caller": {"relation": c["relation"]},
                    "children": children,
                    "categories": c["categories"],
                }
            )
    text = squeeze(" ".join(page_texts(ws.reports.monthly(month).pdf)))
    assert squeeze(f"Tổng số cuộc liên hệ {len(story['contacts'])}") in text
    first = shift(month, -(story["span"] - 1))
    text = squeeze(" ".join(page_texts(ws.reports.thematic(first, month).pdf)))
    unit = "tháng" if story["span"] <= 24 else "quý" if story["span"] <= 96 else "năm"
    assert squeeze(f"Diễn biến theo {unit}") in text
