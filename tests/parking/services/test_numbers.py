"""Citation and receipt numbers: sequential per year, after what is on record, unique under concurrency."""
import pytest
from django.db import transaction
from django.utils import timezone

from apps.core.models import ReferenceSequence
from apps.parking.services.numbers import citation_number_next, receipt_number_next
from tests.concurrency import run_together


def year():
    return timezone.localdate().year


@pytest.mark.django_db
def test_a_new_sequence_starts_after_the_highest_number_on_record(make_citation):
    make_citation(number=f"VIO-{year()}-000041")
    make_citation(number=f"VIO-{year() - 1}-000999")
    with transaction.atomic():
        assert citation_number_next() == f"VIO-{year()}-000042"
        assert citation_number_next() == f"VIO-{year()}-000043"
        assert receipt_number_next() == f"RCP-{year()}-000001"
    assert ReferenceSequence.objects.get(prefix="VIO", year=year()).last_number == 43


@pytest.mark.django_db
def test_a_rolled_back_number_is_handed_out_again():
    try:
        with transaction.atomic():
            assert receipt_number_next() == f"RCP-{year()}-000001"
            raise RuntimeError
    except RuntimeError:
        pass
    with transaction.atomic():
        assert receipt_number_next() == f"RCP-{year()}-000001"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_numbers():
    def take(_):
        numbers = []
        for _ in range(5):
            with transaction.atomic():
                numbers.append(receipt_number_next())
        return numbers

    numbers = sorted(n for taken in run_together(take, count=4).results for n in taken)
    assert numbers == [f"RCP-{year()}-{n:06d}" for n in range(1, 21)]
