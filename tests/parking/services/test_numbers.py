"""Citation and receipt numbers: sequential per year, after what is on record, unique under concurrency."""
import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from apps.parking.models import NumberSequence
from apps.parking.services.numbers import citation_number_next, receipt_number_next, sequence_next


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
    assert NumberSequence.objects.get(prefix=f"VIO-{year()}").last_value == 43


@pytest.mark.django_db
def test_a_rolled_back_number_is_handed_out_again():
    try:
        with transaction.atomic():
            assert sequence_next(prefix="T", start_after=lambda: 0) == 1
            raise RuntimeError
    except RuntimeError:
        pass
    with transaction.atomic():
        assert sequence_next(prefix="T", start_after=lambda: 0) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_get_distinct_numbers():
    barrier = threading.Barrier(4)
    numbers, failures = [], []

    def take():
        try:
            barrier.wait()
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(sequence_next(prefix="RACE", start_after=lambda: 0))
        except Exception as error:  # pragma: no cover - reported below
            failures.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert sorted(numbers) == list(range(1, 21))
