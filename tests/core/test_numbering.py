"""One counter table for every domain: prefixes never clash, numbers never repeat, even when raced."""
from importlib import import_module

import pytest
from django.db import transaction

from apps.core.models import ReferenceSequence
from apps.core.numbering import reference_advance, reference_last, reference_next
from tests.concurrency import THREADS, run_together

DOMAINS = ["parking", "permits", "noise", "safety", "utilities", "transportation", "zoning", "environmental"]


def numbered_of(domain: str) -> dict:
    return import_module(f"apps.{domain}.locks").NUMBERED


PREFIXES = [(domain, prefix) for domain in DOMAINS for prefix in numbered_of(domain)]


def test_no_two_domains_number_under_one_prefix():
    # The counter is keyed by (prefix, year) alone: a shared prefix would make two domains share numbers.
    prefixes = [prefix for _, prefix in PREFIXES]
    assert len(prefixes) == len(set(prefixes)) == 12  # bill payment receipts (UP) too
    assert {domain for domain, _ in PREFIXES} == set(DOMAINS)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("domain, prefix", PREFIXES)
def test_concurrent_allocations_in_every_domain_get_consecutive_numbers(domain, prefix):
    allocate = import_module(f"apps.{domain}.locks").reference_allocate
    digits = numbered_of(domain)[prefix][2]

    def allocate_in_a_transaction(_):
        with transaction.atomic():
            return allocate(prefix=prefix, year=2031)

    numbers = sorted(run_together(allocate_in_a_transaction).results)
    assert numbers == [f"{prefix}-2031-{n:0{digits}d}" for n in range(1, THREADS + 1)]
    assert ReferenceSequence.objects.get(prefix=prefix, year=2031).last_number == THREADS


@pytest.mark.django_db
def test_a_counter_continues_and_years_count_apart():
    numbered = numbered_of("zoning")
    ReferenceSequence.objects.create(prefix="VAR", year=2031, last_number=122)
    assert reference_next(numbered=numbered, prefix="VAR", year=2031) == "VAR-2031-000123"
    assert reference_next(numbered=numbered, prefix="VAR", year=2032) == "VAR-2032-000001"
    assert reference_last(prefix="VAR", year=2031) == 123


@pytest.mark.django_db
def test_a_bulk_import_moves_a_counter_up_never_down():
    reference_advance(prefix="BP", year=2031, last_number=40)
    reference_advance(prefix="BP", year=2031, last_number=12)
    assert reference_last(prefix="BP", year=2031) == 40
    assert reference_last(prefix="ENV", year=2031) == 0
