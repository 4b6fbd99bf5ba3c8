"""Every reference kind reads the way residents type it."""
import pytest

from apps.core.references import reference_normalize
from apps.environmental.locks import NUMBERED as ENVIRONMENTAL
from apps.noise.locks import NUMBERED as NOISE
from apps.parking.locks import NUMBERED as PARKING
from apps.permits.locks import NUMBERED as PERMITS
from apps.safety.locks import NUMBERED as SAFETY
from apps.transportation.locks import NUMBERED as TRANSPORTATION
from apps.utilities.locks import NUMBERED as UTILITIES
from apps.zoning.locks import NUMBERED as ZONING


@pytest.mark.parametrize(("typed", "numbered", "stored"), [
    ("out-2026-9", UTILITIES, "OUT-2026-0009"),
    (" OUT 2026 0009 ", UTILITIES, "OUT-2026-0009"),
    ("sr-2026-12", UTILITIES, "SR-2026-000012"),
    ("vio-2025-1234", PARKING, "VIO-2025-001234"),
    ("nc-2026-7", NOISE, "NC-2026-000007"),
    ("inc-2026-000003", SAFETY, "INC-2026-000003"),
    ("rd-2026-41", TRANSPORTATION, "RD-2026-000041"),
    ("var-2026-105", ZONING, "VAR-2026-000105"),
    ("bp-2026-2", ENVIRONMENTAL, "BP-2026-000002"),
    ("env_2026_2", ENVIRONMENTAL, "ENV-2026-000002"),
    ("prm-2026-42", PERMITS, "PRM-2026-000042"),
])
def test_a_typed_reference_reads_as_stored(typed, numbered, stored):
    assert reference_normalize(typed, numbered) == stored


def test_text_that_is_no_reference_of_the_domain_comes_back_trimmed():
    assert reference_normalize("  var-2026-1 ", UTILITIES) == "VAR-2026-1"
    assert reference_normalize("hello", UTILITIES) == "HELLO"
