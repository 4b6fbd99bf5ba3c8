"""Make sure a staff login exists for the admin, and say what it is.

The password comes from CIVICMIND_ADMIN_PASSWORD, else one is generated once and kept in
var/admin_password (readable only by its owner) so every `make run` prints the same login.
"""
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from apps.core.url_hosts import url_host


class Command(BaseCommand):
    help = "Create the admin superuser if missing and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("CIVICMIND_ADMIN_USER", "admin"))

    def handle(self, *args, username, **options):
        password = os.environ.get("CIVICMIND_ADMIN_PASSWORD") or self.stored_password()
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            User.objects.create_superuser(username=username, email="", password=password)
        elif not user.check_password(password):
            self.stdout.write(
                f"Admin user {username!r} exists with another password; left unchanged "
                f"(set a new one with: python manage.py changepassword {username})."
            )
            return
        port = settings.CIVICMIND_ADMIN_PORT
        host = url_host(os.environ.get("CIVICMIND_HOST"))  # where `serve` binds (scripts/run.sh sets it)
        self.stdout.write(f"Admin: http://{host}:{port}/admin/  user {username}  password {password}")

    def stored_password(self) -> str:
        path = Path(settings.VAR_DIR) / "admin_password"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(12))
            path.chmod(0o600)
        return path.read_text().strip()
