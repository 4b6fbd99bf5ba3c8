"""Lift an admin sign-in lockout before it runs out (apps.accounts.login_throttle).

    python manage.py login_unlock --username admin
    python manage.py login_unlock --address 203.0.113.7
"""
from django.core.management.base import BaseCommand, CommandError

from apps.accounts.login_throttle import login_throttle_reset


class Command(BaseCommand):
    help = "Clear the failed sign-ins and lockout of a username and/or a client address."

    def add_arguments(self, parser):
        parser.add_argument("--username", help="The username that is locked out.")
        parser.add_argument("--address", help="The client address that is locked out (IPv6: any address of its /64).")

    def handle(self, *args, username, address, **options):
        if not username and not address:
            raise CommandError("Give --username, --address or both.")
        cleared = login_throttle_reset(username=username, address=address)
        self.stdout.write(f"Cleared {cleared} sign-in throttle record{'s' if cleared != 1 else ''}.")
