"""Create an API key for scripts and deployments; the key alone goes to stdout.

    KEY=$(python manage.py create_api_key --name "Parking tablets" --owner admin \
          --scopes parking --level staff --expires-in-days 90)
"""
import datetime
import re

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.accounts.models import AccessLevel
from apps.accounts.selectors import user_get_by_username
from apps.accounts.services import access_level_parse, api_key_create
from apps.core.errors import ServiceError

ALL_WORDS = {"all", "*"}


def parse_scopes(tokens: list[str]) -> tuple[list[str], str | None]:
    """Split `--scopes` tokens into domains and an optional level word ("parking,permits staff")."""
    domains, levels = [], set()
    for token in (t for chunk in tokens for t in re.split(r"[,\s]+", chunk) if t):
        word = token.lower()
        if word in ALL_WORDS:
            continue
        if word.upper() in AccessLevel.names:
            levels.add(word)
        else:
            domains.append(word)
    if len(levels) > 1:
        raise CommandError(f"--scopes names more than one level: {', '.join(sorted(levels))}.")
    return domains, (levels.pop() if levels else None)


class Command(BaseCommand):
    help = "Create an API key; prints the key (shown this once) on stdout and the details on stderr."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="What the key is for.")
        parser.add_argument("--owner", required=True, help="Username of the person answerable for the key.")
        parser.add_argument("--scopes", nargs="*", default=[],
                            help="Domains (comma- or space-separated; 'all' or none for every domain), "
                                 "optionally with a level word (public, resident, staff).")
        parser.add_argument("--level", default=None, help="public, resident (default) or staff.")
        parser.add_argument("--expires-in-days", type=int, default=None, help="Days until the key expires.")

    def handle(self, *args, name, owner, scopes, level, expires_in_days, **options):
        domains, scope_level = parse_scopes(scopes)
        if level and scope_level and level.lower() != scope_level:
            raise CommandError(f"--level {level} and --scopes {scope_level} disagree.")
        chosen_level = level or scope_level or "resident"
        user = user_get_by_username(username=owner)
        if user is None:
            raise CommandError(f"No user {owner!r}: create one first (python manage.py ensure_admin).")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be at least 1.")
        expires_at = timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
        try:
            issued = api_key_create(name=name, owner=user, domains=domains,
                                    access_level=access_level_parse(chosen_level), expires_at=expires_at)
        except ServiceError as error:
            raise CommandError(error.message) from None
        key = issued.api_key
        where = ", ".join(key.domains) or "every domain"
        until = f"until {key.expires_at:%Y-%m-%d %H:%M %Z}" if key.expires_at else "with no expiry"
        self.stderr.write(f"Created API key {key.name!r} ({key.prefix}…) for {user}: "
                          f"{AccessLevel(key.access_level).label.lower()} level on {where}, {until}. "
                          "Copy the key now; it is not shown again.")
        self.stdout.write(issued.raw_key)
