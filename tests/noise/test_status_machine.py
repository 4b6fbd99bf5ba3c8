"""Noise declares its complaint machine; the core machine writes the timeline row and the event."""
import pytest

from apps.core.errors import ServiceError
from apps.events.models import Event
from apps.noise.models import Complaint, ComplaintUpdate
from apps.noise.services import COMPLAINT_STATUS, complaint_file, complaint_status_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(places, ordinances):
    return complaint_file(location="456 Oak Ave", noise_type="party", actor="t").complaint


def test_record_writes_a_timeline_row_and_announces_only_a_real_change(complaint):
    before = Event.objects.filter(type="complaint.status_changed").count()
    row = COMPLAINT_STATUS.record(complaint, status=complaint.status, actor="desk", note="Called back.")
    assert (row.complaint, row.status, row.note, row.actor) == (complaint, "filed", "Called back.", "desk")
    assert str(row).startswith(f"{complaint.case_number}: Filed at ")
    assert Event.objects.filter(type="complaint.status_changed").count() == before
    COMPLAINT_STATUS.record(complaint, status=Complaint.Status.ASSIGNED, actor="desk", old_status="filed")
    event = Event.objects.filter(type="complaint.status_changed").latest("id")
    assert event.data == {"case_number": complaint.case_number, "old_status": "filed", "status": "assigned"}


def test_the_service_refuses_through_the_machine_with_the_allowed_moves(complaint):
    complaint_status_update(case_number=complaint.case_number, status="closed", actor="desk")
    with pytest.raises(ServiceError) as refused:
        complaint_status_update(case_number=complaint.case_number, status="assigned", actor="desk")
    assert (refused.value.code, refused.value.field, refused.value.details) == ("invalid_transition", "status",
                                                                               {"allowed": []})
    assert list(ComplaintUpdate.objects.filter(complaint=complaint).values_list("status", flat=True)) \
        == ["filed", "closed"]
