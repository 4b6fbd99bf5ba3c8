"""Load one domain's demo data (and the gazetteer its rows point at) for fixture-integrity tests."""
import pytest
from django.conf import settings
from django.core.management import call_command


def demo_load(*domains: str) -> None:
    """Load fixtures/places/demo.json, then each domain's fixtures/<domain>/demo.json."""
    base = settings.BASE_DIR / "fixtures"
    call_command("loaddata", base / "places" / "demo.json", *(base / d / "demo.json" for d in domains),
                 verbosity=0)


def demo_fixture(domain: str):
    """Build a test module's `demo_<domain>` fixture: `demo_noise = demo_fixture("noise")`."""

    @pytest.fixture
    def demo(db):
        demo_load(domain)

    return demo
