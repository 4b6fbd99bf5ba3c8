"""The unsubscribe page: GET asks, POST records, a forged token is refused."""
import pytest

from apps.notifications.models import NotificationOptOut
from apps.notifications.unsubscribe import unsubscribe_scope, unsubscribe_token, unsubscribe_url

pytestmark = pytest.mark.django_db
SCOPE = {"email": "jane@example.com", "domain": "permits", "reference": "PRM-2026-000001"}


def path():
    return unsubscribe_url(**SCOPE).removeprefix("http://127.0.0.1:8000")


def test_the_token_round_trips_and_a_changed_one_is_refused():
    token = unsubscribe_token(**SCOPE)
    assert unsubscribe_scope(token) == SCOPE
    assert unsubscribe_scope(token[:-2] + "xx") is None


def test_get_asks_without_unsubscribing(client):
    response = client.get(path())
    assert response.status_code == 200
    assert b"Stop emails about PRM-2026-000001" in response.content
    assert not NotificationOptOut.objects.exists()


def test_post_records_the_opt_out_once(client):
    for _ in range(2):
        response = client.post(path(), {"scope": "reference"})
        assert response.status_code == 200
    assert b"no more emails about PRM-2026-000001" in response.content
    assert list(NotificationOptOut.objects.values_list("email", "domain", "reference")) == [
        ("jane@example.com", "permits", "PRM-2026-000001")]


def test_the_second_button_stops_everything(client):
    client.post(path(), {"scope": "all"})
    assert list(NotificationOptOut.objects.values_list("email", "domain", "reference")) == [
        ("jane@example.com", "", "")]


def test_a_forged_token_is_404_and_records_nothing(client):
    response = client.post("/notifications/unsubscribe/not-a-token/")
    assert response.status_code == 404
    assert not NotificationOptOut.objects.exists()
