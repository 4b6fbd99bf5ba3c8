"""Fill the database with a city's worth of synthetic records, in bulk.

    python manage.py loaddata demo
    python manage.py generate_city --scale 1000000              # 1M citations, 200 facilities, 100k applications
    python manage.py generate_city --citations 5000 --facilities 20 --applications 500 --seed 7

Records are consistent with the demo city (its streets, landmarks, violation types and
permit catalogue), deterministic for a given --seed and --end-date, and added to what is
there: run it on a database that has the demo city loaded.
"""
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.business.generate.applications import generate_applications
from apps.business.generate.citations import CitationPlan, generate_citations
from apps.business.generate.facilities import generate_facilities
from apps.business.generate.sources import city_sources
from apps.business.generate.writer import analyze, reset_sequences
from apps.parking.models import Citation, ParkingFacility, Payment, PaymentItem
from apps.permits.models import AssessedFee, PermitApplication, TimelineEntry


def scaled(scale: int) -> dict:
    """Per-entity counts for --scale N: N citations, N/10 applications, up to 200 facilities."""
    return {"citations": scale, "applications": scale // 10, "facilities": min(200, scale // 5000)}


class Command(BaseCommand):
    help = "Generate synthetic citations, payments, facilities and permit applications in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=None,
                            help="Citations to make; the other counts follow (see --citations etc. to override).")
        parser.add_argument("--citations", type=int, default=None, help="Citations to make.")
        parser.add_argument("--facilities", type=int, default=None, help="Extra parking facilities to make.")
        parser.add_argument("--applications", type=int, default=None, help="Permit applications to make.")
        parser.add_argument("--years", type=int, default=4, help="Years of history the citations span (default 4).")
        parser.add_argument("--seed", type=int, default=0, help="Random seed: the same seed makes the same city.")
        parser.add_argument("--end-date", type=date.fromisoformat, default=None,
                            help="Last day of the generated history (YYYY-MM-DD; default today).")

    def handle(self, *args, scale, citations, facilities, applications, years, seed, end_date, **options):
        counts = scaled(scale) if scale is not None else {"citations": 0, "applications": 0, "facilities": 0}
        for name, value in (("citations", citations), ("facilities", facilities), ("applications", applications)):
            if value is not None:
                counts[name] = value
        if any(value < 0 for value in counts.values()):
            raise CommandError("Counts must be zero or more.")
        if not any(counts.values()):
            raise CommandError("Nothing to generate: give --scale N or --citations/--facilities/--applications.")
        if years < 1:
            raise CommandError("--years must be at least 1.")
        sources = city_sources()
        if not sources.violation_types or not sources.places:
            raise CommandError("The demo city is not loaded: run `python manage.py loaddata demo` first.")
        started = time.monotonic()
        try:
            with transaction.atomic():
                self.generate(counts, sources, years=years, seed=seed, end_date=end_date)
        except ValueError as error:
            raise CommandError(str(error)) from None
        analyze(Citation, Payment, PaymentItem, ParkingFacility, PermitApplication, TimelineEntry, AssessedFee)
        self.stdout.write(f"Done in {time.monotonic() - started:.1f}s.")

    def generate(self, counts: dict, sources, *, years: int, seed: int, end_date) -> None:
        if counts["facilities"]:
            made = generate_facilities(counts["facilities"], places=sources.places,
                                       taken_names=sources.facility_names, seed=seed)
            reset_sequences(ParkingFacility)
            self.stdout.write(f"{made.facilities:,} parking facilities")
        if counts["citations"]:
            plan = CitationPlan(count=counts["citations"], years=years, end_date=end_date, seed=seed)
            made = generate_citations(plan, violation_types=sources.violation_types, places=sources.places,
                                      taken_plates=sources.plates)
            reset_sequences(Citation, Payment, PaymentItem)
            statuses = ", ".join(f"{status} {n:,}" for status, n in sorted(made.by_status.items()))
            self.stdout.write(f"{made.citations:,} citations on {made.plates:,} plates ({statuses}); "
                              f"{made.payments:,} payments")
        if counts["applications"]:
            made = generate_applications(counts["applications"], permit_types=sources.permit_types,
                                         places=sources.places, end_date=end_date, seed=seed)
            reset_sequences(PermitApplication, TimelineEntry, AssessedFee)
            statuses = ", ".join(f"{status} {n:,}" for status, n in sorted(made.by_status.items()))
            self.stdout.write(f"{made.applications:,} permit applications ({statuses})")
