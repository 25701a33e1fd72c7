"""The encrypted store's speed: one save (FTS + outbox + audit + fsync), folded search on
a provincial desk (100k contacts, 20k children), and the same code on plain SQLite.

    .venv/bin/python -m bench.bench_store [--contacts 100000] [--children 20000]

Targets (DESIGN.md): save p95 <= 10 ms; search p95 <= 10 ms; SQLCipher / plain <= 1.25x.
The encrypted and plain desks are measured interleaved, so machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CASELINE_TEST_FAST_KDF", "1")  # the KDF is not what is measured here

from desktop.db import connection  # noqa: E402
from desktop.services import Workspace  # noqa: E402

PASSWORD = "bench-pass-2026"
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
FAMILY_WEIGHTS = [39, 11, 9.5, 7, 5, 5, 4.5, 3.9, 3.9, 2.1, 2, 1.4, 1.3, 1.3, 1, 0.5]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hữu", "Đức", "Thu", "Quốc", "Gia"]
GIVEN = [
    "An",
    "Anh",
    "Bình",
    "Châu",
    "Dũng",
    "Duy",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hoà",
    "Hòa",
    "Hùng",
    "Hương",
    "Khang",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "My",
    "Nam",
    "Ngân",
    "Nhi",
    "Phúc",
    "Quân",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thủy",
    "Thuỷ",
    "Trang",
    "Trí",
    "Tú",
    "Tuấn",
    "Uyên",
    "Việt",
    "Vy",
    "Yến",
    "Đạt",
    "Đông",
]
CHANNELS = ["phone"] * 8 + ["chat", "walk_in", "letter"]
CALL_TYPES = ["counselling", "information", "silent", "prank", "emergency"]
RISKS = ["low", "low", "medium", "high", "urgent"]
CATEGORIES = [
    "violence.physical",
    "violence.emotional",
    "neglect",
    "sexual_abuse",
    "family_relationships",
    "education",
    "mental_health",
    "information",
]


def name(rng: random.Random) -> str:
    family = rng.choices(FAMILY, FAMILY_WEIGHTS)[0]
    return f"{family} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def phone(rng: random.Random) -> str:
    return "09" + "".join(rng.choice("0123456789") for _ in range(8))


def contact(rng: random.Random, children: list[dict]) -> dict:
    day = rng.randrange(1, 28)
    return {
        "received_at": f"2026-{rng.randrange(1, 12):02d}-{day:02d}T{rng.randrange(0, 24):02d}:05:00+07:00",
        "channel": rng.choice(CHANNELS),
        "call_type": rng.choice(CALL_TYPES),
        "caller": {"relation": "mother", "name": name(rng), "phone": phone(rng)},
        "children": children,
        "categories": [rng.choice(CATEGORIES)],
        "services": ["counselling"],
        "risk": rng.choice(RISKS),
        "summary": "Người gọi trình bày hoàn cảnh của trẻ và được tư vấn. " * 3,
    }


def new_child(rng: random.Random) -> dict:
    return {
        "full_name": name(rng),
        "sex": rng.choice("FM"),
        "birth_year": rng.randrange(2010, 2024),
    }


def build_desk(
    data_dir: Path, engine: str, contacts: int, children: int, seed: int
) -> tuple[Workspace, float]:
    connection.ENGINE = engine
    Workspace.init(
        data_dir,
        centre="Bench",
        province_code="48",
        admin_username="admin",
        admin_password=PASSWORD,
    )
    with Workspace.open(data_dir, "admin", PASSWORD) as admin:
        admin.add_user("lan", "manager", PASSWORD)
    ws = Workspace.open(data_dir, "lan", PASSWORD)
    rng = random.Random(seed)
    child_ids: list[str] = []
    started = time.perf_counter()
    for start in range(0, contacts, 5000):
        with ws.batch():
            for i in range(start, min(contacts, start + 5000)):
                if len(child_ids) < children and (i * children) // contacts >= len(child_ids):
                    saved = ws.record_contact(contact(rng, [new_child(rng)]))
                    child_ids.append(
                        ws.conn.execute(
                            "SELECT child_id FROM contact_child WHERE contact_id = ?", (saved.id,)
                        ).fetchone()[0]
                    )
                else:
                    ws.record_contact(contact(rng, [{"id": rng.choice(child_ids)}]))
    return ws, time.perf_counter() - started


def queries(rng: random.Random, ws: Workspace) -> list[str]:
    from desktop.domain.text import fold

    picked: list[str] = []
    rows = ws.conn.execute(
        "SELECT c.number, c.caller_phone, ch.full_name FROM contact c JOIN contact_child cc"
        " ON cc.contact_id = c.id JOIN child ch ON ch.id = cc.child_id ORDER BY random() LIMIT 100"
    ).fetchall()
    for i, (number, caller_phone, full_name) in enumerate(rows):
        family, *_, given = full_name.split(" ")
        kind = i % 5
        if kind == 0:
            picked.append(fold(full_name))
        elif kind == 1:
            picked.append(fold(f"{given} {family}"))
        elif kind == 2:
            picked.append(f"{caller_phone[:4]} {caller_phone[4:7]} {caller_phone[7:]}")
        elif kind == 3:
            picked.append(number)
        else:
            picked.append(fold(given)[:3])
    return picked


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        desks = {}
        seed_s = {}
        for engine in (connection.ENCRYPTED, connection.PLAIN):
            print(f"seeding {args.contacts} contacts on {engine} …", file=sys.stderr, flush=True)
            desks[engine], seed_s[engine] = build_desk(
                Path(tmp) / engine, engine, args.contacts, args.children, seed=1
            )
        save_ms = {e: [] for e in desks}
        for i in range(args.saves):
            for engine, ws in desks.items():
                data = contact(random.Random(i), [new_child(random.Random(i))])
                save_ms[engine].append(timed(lambda ws=ws, data=data: ws.record_contact(data)))
        search_ms = {e: [] for e in desks}
        hits = {e: 0 for e in desks}
        enc_code = desks[connection.ENCRYPTED].device_code
        for text in queries(rng, desks[connection.ENCRYPTED]):
            for engine, ws in desks.items():
                if f"-{enc_code}-" in text:  # a number: the same one on the other desk
                    text = text.replace(f"-{enc_code}-", f"-{ws.device_code}-")
                found: list = []
                search_ms[engine].append(
                    timed(lambda ws=ws, t=text, f=found: f.extend(ws.search(t)))
                )
                hits[engine] += bool(found)
        sizes = {e: (Path(tmp) / e / "caseline.db").stat().st_size for e in desks}
        for ws in desks.values():
            ws.close()
    enc, plain = connection.ENCRYPTED, connection.PLAIN
    rows = [
        (
            "seed (batch) contacts/s",
            args.contacts / seed_s[enc],
            args.contacts / seed_s[plain],
            None,
        ),
        ("save one contact p50 ms", pct(save_ms[enc], 50), pct(save_ms[plain], 50), None),
        ("save one contact p95 ms", pct(save_ms[enc], 95), pct(save_ms[plain], 95), 10.0),
        ("search p50 ms", pct(search_ms[enc], 50), pct(search_ms[plain], 50), None),
        ("search p95 ms", pct(search_ms[enc], 95), pct(search_ms[plain], 95), 10.0),
        ("save mean ms", statistics.fmean(save_ms[enc]), statistics.fmean(save_ms[plain]), None),
        (
            "search mean ms",
            statistics.fmean(search_ms[enc]),
            statistics.fmean(search_ms[plain]),
            None,
        ),
        ("queries with hits /100", hits[enc], hits[plain], None),
        ("database MB", sizes[enc] / 1e6, sizes[plain] / 1e6, None),
    ]
    print(f"\nstore bench: {args.contacts} contacts, {args.children} children, {args.saves} saves")
    print(f"{'measure':28} {'sqlcipher':>10} {'plain':>10} {'ratio':>7} {'target':>8}  ok")
    failed = False
    for label, e, p, target in rows:
        ratio = e / p if p else float("nan")
        ok = "" if target is None else ("yes" if e <= target else "NO")
        failed |= ok == "NO"
        print(f"{label:28} {e:10.2f} {p:10.2f} {ratio:7.2f} {target or '':>8}  {ok}")
    mean_ratio = statistics.fmean(save_ms[enc]) / statistics.fmean(save_ms[plain])
    print(
        f"SQLCipher cost vs plain (save mean): {mean_ratio:.2f}x  target <= 1.25x "
        f"{'yes' if mean_ratio <= 1.25 else 'NO'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
