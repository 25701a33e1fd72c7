"""Plausible contacts for one province's desk, made from a seeded random generator.

The mix follows what the line has published: most contacts are phone calls, most calls
are short (information, silent, prank) and few are emergencies; children are about half of
the callers and parents or carers about a sixth; a few callers ring again from the same
number and some children come back in later contacts. Pure: no database here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

from desktop.demo import stories
from desktop.demo.names import mobile_phone, person_name
from desktop.domain import places, times

VIETNAM = times.VN_TZ

CHANNELS = {
    "phone": 87.0, "chat": 4.5, "walk_in": 2.0, "email": 1.5, "agency_referral": 1.5,
    "letter": 1.2, "official_letter": 1.3, "radio_tv": 0.6, "press": 0.4,
}  # fmt: skip
CALL_TYPES = {
    "information": 36.0, "silent": 19.0, "prank": 13.0, "counselling": 24.0,
    "other": 6.5, "emergency": 1.5,
}  # fmt: skip
# Who calls when a child is involved: children > 48 %, parents and carers ~17 %.
CALLER_RELATIONS = {
    "self": 48.0, "mother": 13.0, "father": 5.0, "grandparent": 2.0, "sibling": 2.0,
    "relative": 3.0, "teacher": 4.0, "neighbour": 6.0, "friend": 5.0, "official": 2.5,
    "police": 0.5, "health_worker": 1.0, "other": 5.0, "unknown": 4.0,
}  # fmt: skip
COUNSELLING_FAMILIES = {
    "family_relationships": 22.0, "peer_relationships": 14.0, "education": 12.0,
    "mental_health": 12.0, "violence": 10.0, "sexuality": 6.0, "physical_health": 4.0,
    "sexual_abuse": 3.0, "legal": 4.0, "access_to_services": 4.0, "discrimination": 2.0,
    "neglect": 3.0, "other_harm": 3.0, "missing": 0.6, "exploitation": 0.7,
    "child_marriage": 0.5, "trafficking": 0.2,
}  # fmt: skip
EMERGENCY_FAMILIES = {
    "violence": 35.0, "sexual_abuse": 20.0, "missing": 10.0, "mental_health": 10.0,
    "neglect": 10.0, "trafficking": 4.0, "exploitation": 5.0, "child_marriage": 3.0,
    "other_harm": 3.0,
}  # fmt: skip
INFORMATION_SUBS = {"question": 80.0, "thanks": 12.0, "wrong_number": 8.0}
ADULT_BANDS = {"18_24": 15.0, "25_59": 75.0, "60_plus": 10.0}


_CUMULATIVE: dict[int, tuple[list[str], list[float]]] = {}


DEMO_CONSENT = {"purposes": {"referral": {"child": True, "representative": True}}}


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key of `weights`, drawn in proportion to its value."""
    table = _CUMULATIVE.get(id(weights))
    if table is None:
        table = _CUMULATIVE[id(weights)] = (list(weights), list(accumulate(weights.values())))
    return rng.choices(table[0], cum_weights=table[1])[0]


@dataclass
class Place:
    code: str
    name: str


@dataclass
class ContactMaker:
    """Makes `record_contact` dicts in time order. `taxonomy` gives the subcategories."""

    rng: random.Random
    province_code: str
    communes: list[Place]
    subcategories: dict[str, list[str]]  # family -> ["violence.physical", ...]
    known_children: list[str] = field(default_factory=list)  # ids of children already saved
    known_phones: list[str] = field(default_factory=list)

    def times(self, count: int, end: datetime, days: int = 548) -> list[datetime]:
        """`count` receipt times over the `days` before `end`, more recent months busier,
        busier by day and in the evening after school, in time order."""
        start = end - timedelta(days=days)
        out = []
        for _ in range(count):
            # Busier over time: a ramp from 0.7 to 1.3 via the inverse of its CDF.
            u = self.rng.random()
            frac = (-0.7 + (0.49 + 1.2 * u) ** 0.5) / 0.6
            day = start + timedelta(days=int(frac * days))
            hour = self.rng.choices(range(24), weights=_HOUR_WEIGHTS)[0]
            moment = day.replace(
                hour=hour, minute=self.rng.randrange(60), second=self.rng.randrange(60)
            )
            out.append(min(moment, end - timedelta(seconds=1)))
        out.sort()
        return out

    def contact(self, received: datetime) -> dict[str, Any]:
        rng = self.rng
        channel = pick(rng, CHANNELS)
        call_type = pick(rng, CALL_TYPES) if channel in ("phone", "chat") else "counselling"
        if channel in ("official_letter", "agency_referral", "press") and rng.random() < 0.5:
            call_type = "emergency"
        categories, risk, services = self._coding(call_type)
        children = self._children(call_type, received.date())
        caller = self._caller(call_type, children, received.year)
        if channel not in ("phone", "chat"):
            caller["phone"] = caller["phone"] if rng.random() < 0.5 else ""
        text = self._summary(categories, children, call_type, received.year)
        return {
            "received_at": times.local_iso(received),
            "duration_s": _duration(rng, call_type) if channel in ("phone", "chat") else 0,
            "channel": channel,
            "call_type": call_type,
            "caller": caller,
            "children": children,
            "categories": categories,
            "services": services,
            "risk": risk,
            "summary": text,
            "follow_up": call_type == "emergency"
            or (risk in ("medium", "high") and rng.random() < 0.6),
            # The demo's callers agreed to a referral for the children they told of, so a
            # demo case prints in the referral profile (Law 91/2025: consent per purpose).
            **({"consent": DEMO_CONSENT} if children else {}),
        }

    # -- coding ---------------------------------------------------------------------

    def _coding(self, call_type: str) -> tuple[list[str], str, list[str]]:
        rng = self.rng
        if call_type in ("silent", "prank"):
            # The call type says it all (taxonomy 2027.1 retired information.silent/prank).
            return ["information"], "low", ["answer_question"]
        if call_type == "information":
            if rng.random() < 0.75:
                return (
                    [f"information.{pick(rng, INFORMATION_SUBS)}"],
                    "low",
                    ["answer_question", "information"][: rng.randint(1, 2)],
                )
            family = rng.choice(("legal", "access_to_services", "physical_health", "education"))
            return [self._sub(family)], "low", ["information"]
        if call_type == "emergency":
            family = pick(rng, EMERGENCY_FAMILIES)
            risk = "urgent" if rng.random() < 0.6 else "high"
            services = ["support_intervention", "forward_authorities"]
            if rng.random() < 0.5:
                services.append("connect_services")
            return [self._sub(family)], risk, services
        family = pick(rng, COUNSELLING_FAMILIES)
        categories = [self._sub(family)]
        if rng.random() < 0.15:
            second = self._sub(pick(rng, COUNSELLING_FAMILIES))
            if second.split(".")[0] != family:
                categories.append(second)
        abuse = family in EMERGENCY_FAMILIES
        risk = rng.choices(
            ("low", "medium", "high"), weights=(30, 50, 20) if abuse else (70, 25, 5)
        )[0]
        services = ["counselling"]
        if rng.random() < 0.3:
            services.append("information")
        if risk != "low" and rng.random() < 0.4:
            services.append("connect_services")
        if rng.random() < 0.03:
            services.append("psychotherapy")
        return categories, risk, services

    def _sub(self, family: str) -> str:
        subs = self.subcategories.get(family) or []
        if subs and self.rng.random() < 0.9:
            return self.rng.choice(subs)
        return family

    # -- people ---------------------------------------------------------------------

    def _children(self, call_type: str, day: date) -> list[dict[str, Any]]:
        rng = self.rng
        if call_type in ("silent", "prank"):
            return []
        if rng.random() >= _CHILD_RECORDED[call_type]:
            return []  # the caller would not say, or no particular child
        if self.known_children and rng.random() < 0.2:
            return [{"id": rng.choice(self.known_children)}]
        count = rng.choices((1, 2, 3), weights=(86, 11, 3))[0]
        family = None
        out = []
        for _ in range(count):
            out.append(self._new_child(day, family))
            family = out[0]["family_name"]  # siblings share the family name
        return out

    def _new_child(self, day: date, family: str | None) -> dict[str, Any]:
        rng = self.rng
        sex = rng.choices(("F", "M", "U"), weights=(54, 44, 2))[0]
        age = rng.choices(range(0, 16), weights=_AGE_WEIGHTS)[0]
        born = day.year - age
        name = person_name(rng, sex, born=born, family=family)
        commune = rng.choice(self.communes)
        child: dict[str, Any] = {
            "full_name": name.full,
            "family_name": name.family,
            "middle_name": name.middle,
            "given_name": name.given,
            "sex": sex,
            # the commune's own province: on the national desk ("00") children live anywhere
            "province_code": places.commune_province(commune.code) or self.province_code,
            "commune_code": commune.code,
            "address_text": f"{rng.choice(('Tổ', 'Thôn', 'Khu phố'))} {rng.randint(1, 40)}, {commune.name}",
        }
        if rng.random() < 0.3:
            birthday = day - timedelta(days=age * 365 + rng.randrange(1, 365))
            child["birth_date"] = birthday.isoformat()
        else:
            child["birth_year"] = born
            child["birth_estimated"] = rng.random() < 0.3
        if rng.random() < 0.04:
            child["ethnicity"] = rng.choice(("Cơ Tu", "Tày", "Mường", "Hoa", "Khmer", "Ê Đê"))
        if rng.random() < 0.05:
            child["special_groups"] = [rng.choice(("a", "c", "d", "h", "i", "n"))]
        return child

    def _caller(self, call_type: str, children: list[dict[str, Any]], year: int) -> dict[str, Any]:
        rng = self.rng
        if call_type in ("silent", "prank"):
            # Children make most silent and prank calls.
            child_share = 0.6 if call_type == "silent" else 0.75
            relation = "self" if rng.random() < child_share else "unknown"
            return {"relation": relation, "name": "", "phone": self._phone(), "anonymous": True,
                    "age_band": "11_15" if relation == "self" else "unknown", "sex": "U"}  # fmt: skip
        relation = pick(rng, CALLER_RELATIONS)
        if relation == "self":
            named = [c for c in children if "full_name" in c]
            if not children:
                return self._child_caller(year)
            if named and year - _birth_year(named[0]) >= 8:
                child = named[0]
                age = year - _birth_year(child)
                return {
                    "relation": "self", "name": child["full_name"], "phone": self._phone(),
                    "age_band": "under_11" if age < 11 else "11_15", "sex": child["sex"],
                    "anonymous": False,
                }  # fmt: skip
            relation = "mother"
        anonymous = rng.random() < (0.25 if relation in ("neighbour", "unknown", "other") else 0.08)
        sex = {"mother": "F", "father": "M"}.get(relation) or rng.choice("FM")
        born = year - rng.randint(20, 65)
        family = None
        if relation in ("father", "grandparent", "sibling") and children:
            family = children[0].get("family_name")
        name = "" if anonymous else person_name(rng, sex, born=born, family=family).full
        band = "11_15" if relation in ("self", "friend", "sibling") else pick(rng, ADULT_BANDS)
        return {
            "relation": relation, "name": name, "phone": "" if anonymous else self._phone(),
            "age_band": band, "sex": sex, "anonymous": anonymous,
        }  # fmt: skip

    def _child_caller(self, year: int) -> dict[str, Any]:
        """A child calling about themselves who gives at most a first name."""
        rng = self.rng
        sex = rng.choices(("F", "M"), (58, 42))[0]
        given = person_name(rng, sex, born=year - 13).given if rng.random() < 0.4 else ""
        return {"relation": "self", "name": given, "phone": self._phone(), "anonymous": not given,
                "age_band": rng.choices(("under_11", "11_15"), (20, 80))[0], "sex": sex}  # fmt: skip

    def _phone(self) -> str:
        rng = self.rng
        if self.known_phones and rng.random() < 0.15:
            return rng.choice(self.known_phones)
        phone = mobile_phone(rng)
        if len(self.known_phones) < 5000:
            self.known_phones.append(phone)
        else:
            self.known_phones[rng.randrange(5000)] = phone
        return phone

    # -- text -----------------------------------------------------------------------

    def _summary(
        self, categories: list[str], children: list[dict[str, Any]], call_type: str, year: int
    ) -> str:
        rng = self.rng
        code = categories[0]
        family = code.split(".")[0]
        texts = (
            stories.BY_CALL_TYPE.get(call_type)
            or stories.BY_CATEGORY.get(code)
            or stories.BY_CATEGORY.get(family)
        )
        if not texts:
            texts = stories.BY_CATEGORY["information.question"]
        child = children[0] if children and "given_name" in children[0] else None
        given = child["given_name"] if child else rng.choice(("Lan", "Minh", "Hà", "Nam"))
        born = (
            int(child.get("birth_year") or child.get("birth_date", "2012")[:4]) if child else 2014
        )
        text = rng.choice(texts).format(
            em=f"em {given}",
            Em=f"Em {given}",
            Mother=rng.choice(("Mẹ", "Bà", "Cô giáo")),
            age=max(1, year - born),
            place=rng.choice(self.communes).name,
            perp=rng.choice(stories.PERPETRATORS),
            school=rng.choice(stories.SCHOOL_LEVELS),
        )
        if call_type in ("counselling", "emergency", "other"):
            note = rng.choice(stories.INTAKE_NOTES)
            text = f"{text} {note}".strip()
        return text


# How often a contact of each type names a child (20k children per 100k contacts).
_CHILD_RECORDED = {"information": 0.05, "counselling": 0.55, "other": 0.3, "emergency": 0.95}
# Calls by hour of day (Vietnam time): quiet at night, busy late morning and after school.
_HOUR_WEIGHTS = (
    1, 0.6, 0.4, 0.3, 0.3, 0.6, 1.5, 3, 5, 6, 6.5, 6, 4.5, 4, 5, 6, 6.5, 7, 7, 7.5, 7, 5.5, 3.5, 2,
)  # fmt: skip
# Children involved by age: mostly 10–15.
_AGE_WEIGHTS = (1, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8, 9, 10, 10, 9)


def _birth_year(child: dict[str, Any]) -> int:
    return int(child.get("birth_year") or str(child.get("birth_date") or "2012")[:4])


def _duration(rng: random.Random, call_type: str) -> int:
    low, high = {
        "silent": (5, 45), "prank": (8, 90), "information": (60, 420),
        "counselling": (300, 2700), "emergency": (240, 1800), "other": (30, 600),
    }[call_type]  # fmt: skip
    return int(low + (high - low) * rng.random() ** 1.6)
