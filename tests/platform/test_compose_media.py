"""Issue 12: every CivicMind container writes uploads to one shared, persistent volume.

Before, each container wrote its own /app/var/media: a photo taken over MCP on the parking
listener was invisible to the admin and lost when the container was re-created.
"""
import re

from civicmind.domains import DOMAINS
from tests.platform.deployfiles import BASE_DIR, load_compose

MEDIA_ROOT = "/app/var/media"  # CIVICMIND_VAR_DIR=/app/var in the image; MEDIA_ROOT defaults under it


def test_the_admin_and_every_listener_mount_the_one_media_volume():
    compose = load_compose()
    for name in ("admin", *DOMAINS):
        assert compose["services"][name]["volumes"] == [f"media:{MEDIA_ROOT}"], name
    assert "media" in compose["volumes"]  # named: survives `docker compose up --force-recreate`
    # nginx never sees uploads: only the admin's permission-checked view serves them.
    assert not any("media" in volume for volume in compose["services"]["nginx"].get("volumes", []))


def test_the_image_owns_the_mount_point_so_a_new_volume_is_writable():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()
    assert re.search(r"mkdir -p var/media", dockerfile)
    assert re.search(r"chown civicmind var var/media", dockerfile)
    assert "CIVICMIND_VAR_DIR=/app/var" in dockerfile
