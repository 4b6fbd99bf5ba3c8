"""Inspections in the admin: results and cancellations go through the services."""
import datetime as dt

from django.urls import reverse

from apps.permits.models import Inspection
from apps.permits.services import inspection_schedule
from tests.permits.helpers import issued_deck


def test_mark_passed_failed_and_cancel(admin_client, deck_type, places, inspectors, frozen_today):
    frozen_today(dt.date(2026, 12, 4))
    bookings = [inspection_schedule(reference=issued_deck().reference, inspection_type="foundation").inspection
                for _ in range(3)]
    url = reverse("admin:permits_inspection_changelist")
    assert admin_client.get(url).status_code == 200
    for action, booking in zip(("mark_passed", "mark_failed", "cancel"), bookings, strict=True):
        # Issue 12: failing asks what failed (the applicant reads it in track_status).
        admin_client.post(url, {"action": action, "_selected_action": [booking.pk], "apply": "1",
                                "reason": "Footing depth under 12 in."}, follow=True)
    assert [Inspection.objects.get(pk=b.pk).status for b in bookings] == ["passed", "failed", "cancelled"]
    assert Inspection.objects.get(pk=bookings[1].pk).result_note == "Footing depth under 12 in."
    response = admin_client.post(url, {"action": "mark_passed", "_selected_action": [bookings[2].pk]}, follow=True)
    assert [m.message for m in response.context["messages"]] == [
        f"Inspection #{bookings[2].pk} is cancelled; only a scheduled inspection can be passed or failed."]
    assert Inspection.objects.get(pk=bookings[2].pk).status == "cancelled"
    assert admin_client.get(reverse("admin:permits_inspection_add")).status_code == 403
