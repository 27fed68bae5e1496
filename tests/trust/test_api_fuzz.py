"""API fuzzing with schemathesis against the live OpenAPI schema.

The test server serves ``/api/schema/``; schemathesis generates requests for
every operation (random path ids, and the ids of real seeded objects) as a
member and as the leader, and checks each response: never a server error, and
a documented status must have a body that matches the schema. Bounded number
of examples per operation so the run stays within a few minutes on 2 cores.
"""

import os

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token

from tests.trust.world import build_world

schemathesis = pytest.importorskip("schemathesis")

from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.core.failures import FailureGroup  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EXAMPLES = int(os.environ.get("KONGSI_FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]

# Path prefix → the world id used for ``{id}`` (longest prefix first).
ID_FOR_PREFIX = [
    ("/api/v1/charity/programs/", "program"),
    ("/api/v1/training/enrollments/", "enrollment"),
    ("/api/v1/training/stages/", "stage"),
    ("/api/v1/orders/", "order"),
    ("/api/v1/settlements/", "settlement_open"),
    ("/api/v1/returns/", "return"),
    ("/api/v1/products/", "product"),
    ("/api/v1/variants/", "variant"),
    ("/api/v1/shops/", "shop"),
    ("/api/v1/members/", "member"),
]


def _real_ids(path: str, ids: dict) -> dict | None:
    if "{" not in path:
        return None
    params = {}
    for prefix, key in ID_FOR_PREFIX:
        if path.startswith(prefix):
            params["id"] = ids[key]
            break
    if "{item_id}" in path:
        params["item_id"] = ids["item_ticked"]
    return params or None


def _fuzz(operation, *, base_url, headers, path_parameters=None) -> list[str]:
    failures: list[str] = []
    strategy = operation.as_strategy(path_parameters=path_parameters)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        try:
            case.call_and_validate(
                base_url=base_url, headers=headers, checks=CHECKS, timeout=60
            )
        except (AssertionError, FailureGroup) as error:
            text = [line for line in str(error).strip().splitlines() if line.strip()]
            failures.append(
                f"{operation.method.upper()} {case.formatted_path}: "
                + " | ".join(text[:8])
            )

    run()
    return failures


def test_api_survives_fuzzing_from_its_own_schema(live_server):
    world = build_world()
    tokens = {
        role: Token.objects.get_or_create(user=world.users[role])[0].key
        for role in ("a", "leader")
    }
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40, "the schema lost its operations"
    failures: list[str] = []
    for operation in operations:
        for role, key in tokens.items():
            headers = {"Authorization": f"Token {key}"}
            failures += _fuzz(operation, base_url=live_server.url, headers=headers)
            real = _real_ids(operation.path, world.ids)
            if real:
                failures += [
                    f"[{role}, real ids] {failure}"
                    for failure in _fuzz(
                        operation,
                        base_url=live_server.url,
                        headers=headers,
                        path_parameters=real,
                    )
                ]
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} fuzzing failures:\n" + "\n".join(unique[:40])
