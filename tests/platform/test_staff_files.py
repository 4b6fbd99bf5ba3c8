"""Issue 12: uploaded files open from the admin for staff who may view their owner, nobody else.

The permission rules run through Django's test client; the listener rules (admin port
only, never a domain port) and the logged-in answer through the real server.
"""
import shutil
import uuid
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from apps.accounts.files import stored_file_list
from apps.parking.models import Citation, ViolationType
from tests.platform.staff import staff_login

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 16 + b"IEND\xaeB`\x82"


def make_citation(photo_name: str, content: bytes = PNG) -> Citation:
    violation_type, _ = ViolationType.objects.get_or_create(
        code="expired_meter", defaults={"description": "Expired Meter", "fine": Decimal("25.00")})
    citation = Citation.objects.create(
        citation_number=f"VIO-2026-{uuid.uuid4().int % 10**6:06d}", license_plate="ABC123",
        violation_type=violation_type, location="123 Main St", observed_at=timezone.now(), fine=Decimal("25.00"))
    citation.photo.save(photo_name, ContentFile(content), save=True)
    return citation


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def citation(db, media_root):
    return make_citation("evidence.png")


def user_with(django_user_model, *permissions, staff=True):
    user = django_user_model.objects.create_user("clerk", "", "x", is_staff=staff)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def test_the_admin_link_is_the_protected_view(citation):
    assert citation.photo.url == reverse("staff-file", args=[citation.photo.name])
    assert citation.photo.url.startswith("/media/parking/evidence/")


def test_staff_with_view_permission_gets_the_file_inline_with_its_type(client, citation, django_user_model):
    client.force_login(user_with(django_user_model, "view_citation"))
    response = client.get(citation.photo.url)
    assert response.status_code == 200
    assert response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="evidence.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_type_that_could_run_in_the_browser_is_downloaded(client, db, media_root, django_user_model):
    citation = make_citation("note.html", b"<script>alert(1)</script>")
    client.force_login(user_with(django_user_model, "view_citation"))
    response = client.get(citation.photo.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html"
    assert response["Content-Disposition"] == 'attachment; filename="note.html"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_staff_without_the_view_permission_get_403(client, citation, django_user_model):
    client.force_login(user_with(django_user_model, "view_payment"))
    response = client.get(citation.photo.url)
    assert response.status_code == 403
    assert PNG not in response.content


def test_a_user_who_is_not_staff_is_sent_to_the_login(client, citation, django_user_model):
    client.force_login(user_with(django_user_model, "view_citation", staff=False))
    response = client.get(citation.photo.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=/media/")


def test_anonymous_is_sent_to_the_login_never_the_file(client, citation):
    response = client.get(citation.photo.url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={citation.photo.url}"


def test_a_name_no_row_stores_is_404_even_when_the_file_exists(client, citation, media_root, django_user_model):
    client.force_login(user_with(django_user_model, "view_citation"))
    stray = default_storage.save("parking/evidence/stray.png", ContentFile(PNG))
    assert client.get(f"/media/{stray}").status_code == 404
    assert client.get("/media/../settings.py").status_code == 404
    assert stored_file_list(name="parking/evidence/stray.png") == []


def test_a_recorded_file_missing_from_storage_is_404(client, citation, media_root, django_user_model):
    client.force_login(user_with(django_user_model, "view_citation"))
    shutil.rmtree(media_root)
    response = client.get(citation.photo.url)
    assert response.status_code == 404


def test_only_get_and_head(client, citation, django_user_model):
    client.force_login(user_with(django_user_model, "view_citation"))
    assert client.head(citation.photo.url).status_code == 200
    assert client.post(citation.photo.url).status_code in (403, 405)  # CSRF first, then the method


@pytest.fixture
def served_photo(server):
    """A citation whose photo is in the server's MEDIA_ROOT (the default one), removed afterwards."""
    citation = make_citation(f"served-{uuid.uuid4().hex[:8]}.png")
    yield citation
    default_storage.delete(citation.photo.name)


def test_over_the_real_server_staff_open_it_and_no_one_else_does(server, served_photo):
    url = served_photo.photo.url
    anonymous = httpx.get(f"{server.base()}{url}")
    assert anonymous.status_code == 302 and PNG not in anonymous.content
    for domain in server.ports:
        on_domain_port = httpx.get(f"{server.base(domain)}{url}")
        assert on_domain_port.status_code == 404 and PNG not in on_domain_port.content
    for client in staff_login(server, "clerk"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content == PNG
        assert response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"


def test_over_the_real_server_staff_without_permission_get_403(server, served_photo):
    for client in staff_login(server, "intern", superuser=False, permissions=["parking.view_payment"]):
        response = client.get(served_photo.photo.url)
        assert response.status_code == 403
        assert PNG not in response.content
