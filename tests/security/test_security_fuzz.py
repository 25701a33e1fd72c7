"""Central's API fuzzed from its own /openapi.json (schemathesis) against the real server
and a real database: valid and invalid requests, with a device's token and without one.
No answer may be a 5xx, and every documented answer must match its schema."""

from __future__ import annotations

import os
import time
from collections import Counter

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)
from sec_support import Api

from desktop import __version__
from desktop.sync import protocol as p

# Examples per (operation, valid/invalid, with/without token); sized to stay under a minute.
EXAMPLES = int(os.environ.get("CASELINE_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def device_token(central) -> str:
    code = central.enrolment_code("48")
    reply = Api(central.url, None).post("/v1/devices/enroll", {"code": code, "device_code": "FZZ"})
    assert reply.ok, reply.text
    return str(reply.json()["token"])


def fuzz(operation, mode: GenerationMode, headers: dict[str, str], tally: Counter) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def one(case) -> None:
        response = case.call(headers=headers, timeout=30)
        tally[response.status_code // 100 * 100] += 1
        tally["cases"] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    try:
        one()
    except Unsatisfiable:
        # Nothing to make invalid (no parameters, no body): the valid runs cover it.
        assert mode == GenerationMode.NEGATIVE


def test_fuzzing_the_api_from_its_own_schema_finds_no_server_error(backend, central_factory):
    # The anonymous caller is refused hundreds of times a minute: without a large allowance
    # the refusal tarpit (central.api.gate) would make each refusal wait a second.
    server = central_factory(refusal_free_per_minute=100_000)
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    versions = {p.PROTOCOL_HEADER: str(p.PROTOCOL_VERSION), p.APP_VERSION_HEADER: __version__}
    callers = {
        "device": {**versions, "Authorization": f"Bearer {device_token(server)}"},
        "anonymous": dict(versions),
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/sync/push", "/v1/sync/pull"}
    started = time.monotonic()
    tally: Counter = Counter()
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for headers in callers.values():
                fuzz(operation, mode, headers, tally)
    assert Api(server.url, None).get("/v1/health").ok, "the server died under fuzzing"
    assert tally[500] == 0
    assert tally["cases"] >= len(operations) * 2 * EXAMPLES  # both callers, every operation
    print(f"\nfuzz {backend}: {dict(tally)} in {time.monotonic() - started:.1f}s")
