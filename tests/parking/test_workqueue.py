"""Issue 12: parking's line of the admin work queue, overdue by the desk's review target."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_citation_report_past_the_review_target_is_flagged_overdue(admin_client, make_citation):
    make_citation(status="reported", observed_at=timezone.now() - timedelta(hours=2))
    make_citation(status="reported", observed_at=timezone.now() - timedelta(days=4))
    make_citation(status="issued")
    page = admin_client.get("/admin/").content.decode()
    row = re.search(r'<a href="/admin/parking/citation/\?status__exact=reported">Citations awaiting review</a>'
                    r'.*?</tr>', page, re.S)[0]
    assert 'data-count="2"' in row
    assert 'class="overdue"' in row and 'data-overdue="1"' in row
    assert "1 overdue (reviewed within 3 days of the observation)" in " ".join(row.split())
