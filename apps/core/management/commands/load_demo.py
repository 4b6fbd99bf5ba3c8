"""Load the demo city once: `loaddata demo` unless the database already holds it."""
from django.core.management import call_command
from django.core.management.base import BaseCommand

from apps.places.models import Place


class Command(BaseCommand):
    help = "Load the demo city (fixtures named demo) into an empty database; --force reloads it."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if data is present.")

    def handle(self, *args, force=False, **options):
        if Place.objects.exists() and not force:
            self.stdout.write("Demo city already loaded (use --force to reload).")
            return
        call_command("loaddata", "demo", verbosity=options.get("verbosity", 1))
