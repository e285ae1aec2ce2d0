"""Demo data for `make run`: two associations and a staff login. Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from endorse.applications.demo.load import (
    DEMO_PASSWORD,
    load_agreements,
    load_fees,
    load_people,
    load_site_admin,
)
from endorse.associations.services import association_upsert
from endorse.eligibility.categories import CATEGORIES
from endorse.ratings.demo import load_rating_items
from endorse.standards.services import baseline_sync

# Each association's own words on how to pay (data it types on its settings page, so
# written here in both languages rather than translated).
CT_HOW_TO_PAY = {
    "payment_instructions_en": (
        "Make your check out to “Connecticut Association for Infant Mental Health” and write "
        "your name and the fee (for example “Registration fee”) on the memo line.\n"
        "Mail it to: Endorsement Coordinator, 230 Example Rd., New Haven, CT 06520.\n"
        "PayPal: send the amount to payments@ct.example.org, with your name in the note."
    ),
    "payment_instructions_es": (
        "Extienda su cheque a nombre de “Connecticut Association for Infant Mental Health” y "
        "escriba su nombre y la cuota (por ejemplo, “Cuota de inscripción”) en el concepto.\n"
        "Envíelo por correo a: Endorsement Coordinator, 230 Example Rd., New Haven, CT 06520.\n"
        "PayPal: envíe el importe a payments@ct.example.org, con su nombre en la nota."
    ),
    "payment_link": "https://ct.example.org/pay/",
}
NM_HOW_TO_PAY = {
    "payment_instructions_en": (
        "By check, to “New Mexico Association for Infant Mental Health”, mailed to 100 Example "
        "Ave., Albuquerque, NM 87101.\n"
        "By bank transfer: write to endorsement@nm.example.org for the account details, and "
        "put your name in the transfer's reference."
    ),
    "payment_instructions_es": (
        "Con cheque, a nombre de “New Mexico Association for Infant Mental Health”, enviado por "
        "correo a 100 Example Ave., Albuquerque, NM 87101.\n"
        "Por transferencia bancaria: escriba a endorsement@nm.example.org para recibir los "
        "datos de la cuenta, y ponga su nombre en la referencia de la transferencia."
    ),
    "payment_link": "",
}

DEMO_ADMIN_EMAIL = "admin@endorse.test"
DEMO_ADMIN_PASSWORD = "endorse-demo"  # noqa: S105 - a published demo login, local only


class Command(BaseCommand):
    help = "Load demo associations (ct, nm) and a demo administrator. Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default=None,
            help="Where the site runs, for the links the demo's emails and notifications "
            "carry (default: SITE_URL).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when DEBUG is off (never in production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo data (with a published password) while DEBUG is off."
            )
        site = (options["base_url"] or settings.SITE_URL).rstrip("/")
        # Links are built from SITE_URL (endorse.core.urls.site_url) as the demo's
        # notifications and emails are made: they must name the address the site runs at.
        default_site = settings.SITE_URL
        settings.SITE_URL = site
        try:
            self._load()
        finally:
            settings.SITE_URL = default_site
        self._print_logins(site)

    @transaction.atomic
    def _load(self) -> None:
        baseline_sync()
        ct = association_upsert(
            slug="ct",
            offered=[category.code for category in CATEGORIES],
            name="Connecticut Association for Infant Mental Health (demo)",
            time_zone="America/New_York",
            spanish_enabled=True,
            contact_email="endorsement@ct.example.org",
            contact_phone="+1 203 555 0100",
            address="230 Example Rd.\nNew Haven, CT 06520",
            website="https://ct.example.org/",
            renewal_model="yearly",
            review_days=30,
            accept_vetted_rsc_providers=True,
            **CT_HOW_TO_PAY,
        )
        nm = association_upsert(
            slug="nm",
            offered=["IFA", "ECFA", "IFS", "ECFS", "IMHS", "ECMHS", "IMHM-C", "ECMHM-C"],
            name="New Mexico Association for Infant Mental Health (demo)",
            time_zone="America/Denver",
            spanish_enabled=True,
            contact_email="endorsement@nm.example.org",
            contact_phone="+1 505 555 0100",
            address="100 Example Ave.\nAlbuquerque, NM 87101",
            website="https://nm.example.org/",
            renewal_model="three_year",
            review_days=45,
            accept_vetted_rsc_providers=False,
            **NM_HOW_TO_PAY,
        )
        load_fees(ct, 2000)
        load_fees(nm, 1500)
        load_agreements(ct)
        load_agreements(nm)
        load_rating_items(ct)
        load_rating_items(nm)
        load_people(ct)
        load_site_admin(DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD)

    def _print_logins(self, site: str) -> None:
        self.stdout.write("Demo data loaded.")
        self.stdout.write(f"  Admin:   {site}/admin/  {DEMO_ADMIN_EMAIL} / {DEMO_ADMIN_PASSWORD}")
        self.stdout.write(
            f"  Applicant (half-finished application at /ct/application/): "
            f"applicant@endorse.test / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"  Coordinator ({site}/ct/manage/): coordinator@ct.endorse.test / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            "  Reviewers (two-factor, Morgan's application waits at /ct/review/): "
            f"reviewer1@ct.endorse.test, reviewer2@ct.endorse.test / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            f"  Applicant in review (/ct/application/): ready@endorse.test / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            "  Endorsee (certificates on /me/, registry at /ct/registry/): "
            f"endorsed@endorse.test / {DEMO_PASSWORD}"
        )
        self.stdout.write(
            "  Exam candidate (a sitting open now at /ct/exam/): "
            f"exam@endorse.test / {DEMO_PASSWORD}"
        )
        self.stdout.write(f"  Site:    {site}/  (associations /ct/ and /nm/)")
