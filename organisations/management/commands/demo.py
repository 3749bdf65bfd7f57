from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from core.bulk import refresh_statistics
from feedback.demo import feedback_demo_build
from organisations.demo import DEMO_PASSWORD, demo_build
from organisations.demo.records import demo_records_build


class Command(BaseCommand):
    help = "Build the demo organisations (replacing any earlier demo data) and print the logins to use."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same demo.")
        parser.add_argument("--services", type=int, default=0, help="Extra services to add, for benchmarks.")
        parser.add_argument("--people", type=int, default=0, help="Extra staff to add, for benchmarks.")
        parser.add_argument(
            "--feedback",
            type=int,
            default=None,
            help="Pieces of feedback for the main demo organisation (default: 18 months at a realistic rate).",
        )
        parser.add_argument("--force", action="store_true", help="Build it even with production settings.")

    def handle(self, *args, seed, services, people, feedback, force, **options):
        if not settings.HEARD_ALLOW_DEMO and not force:
            raise CommandError(
                "The demo sets known passwords, so production settings refuse it. Use --force to insist."
            )
        if services < 0 or people < 0 or (feedback is not None and feedback < 0):
            raise CommandError("--services, --people and --feedback must be 0 or more.")
        # The demo replays months of history through the services, which email people as things
        # change (a new due date, say). Those emails are about the past, to made-up addresses: none is sent.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            self._build(seed=seed, services=services, people=people, feedback=feedback)

    def _build(self, *, seed, services, people, feedback):
        results = demo_build(seed=seed, extra_services=services, extra_people=people)
        for i, result in enumerate(results):
            made = feedback_demo_build(
                organisation=result.organisation,
                seed=seed + i,
                total=feedback if i == 0 else None,
                per_service_month=14 if i == 0 else 4,
            )
            self.stdout.write(
                f"{result.organisation.name}: {result.services} services, {result.people} people, {made} pieces of feedback"
            )
            if i == 0:
                parts = demo_records_build(organisation=result.organisation, seed=seed)
                known, coding, replies, flags = parts["known"], parts["coding"], parts["replies"], parts["flags"]
                governance, planned, audited = parts["governance"], parts["planned"], parts["audited"]
                evidence, told, privacy = parts["evidence"], parts["told"], parts["privacy"]
                model = coding["model"]
                self.stdout.write(
                    f"  {coding['coded']} comments coded, {coding['waiting']} waiting; "
                    f"suggestions model {model.number}: {model.get_status_display().lower()}"
                )
                self.stdout.write(
                    f"  {replies['asked']} people asked for a reply: {replies['replied']} replied to, "
                    f"{replies['waiting']} waiting"
                )
                self.stdout.write(
                    f"  urgent flags: {flags['closed']} closed saying what was done, {flags['in_hand']} in hand, "
                    f"{flags['waiting']} with nothing recorded yet"
                )
                self.stdout.write(f"  {governance['meetings']} meetings with their decisions, actions and challenges")
                ledger = governance["activities"] + planned["sessions"] + audited["sessions"] + privacy["activities"]
                self.stdout.write(
                    f"  {ledger} co-production "
                    f"activities; {planned['priorities']} quality priorities with {planned['reviews']} reviews; "
                    f"{audited['audits']} audits; {evidence['items']} incidents and other evidence, "
                    f"{evidence['readings']} monthly figures; {told['published']} changes published as "
                    "'You said, we did'"
                )
                done = [
                    words
                    for key, words in (
                        ("withdrawn", "consent to quote withdrawn"),
                        ("anonymised", "a piece made anonymous"),
                        ("removed", "a former tenant's details removed"),
                        ("new_link", "a feedback link replaced"),
                    )
                    if privacy[key] is not None
                ]
                self.stdout.write(
                    f"  {sum(known.values())} pieces of feedback given by co-production partners; "
                    f"{', '.join(done) or 'no data protection requests'}; "
                    f"{privacy['contacts_removed']} contact details removed after their reply, "
                    f"{privacy['contacts_kept']} kept"
                )
        refresh_statistics()  # the demo is a bulk load: plan its first pages from real statistics
        self.stdout.write("\nSign in at /sign-in/ with any of these (password for all: " + DEMO_PASSWORD + "):")
        for result in results:
            for login in result.logins:
                self.stdout.write(f"  {login.email:<40} {login.name} — {login.what}")
