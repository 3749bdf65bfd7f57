from django.core.management.base import BaseCommand, CommandError

from governance.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Send each lead, verifier and manager what is due, overdue or waiting for them, urgent flags "
        "still open included. "
        "Run it once a day (or let the worker run the send_reminders task)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue", action="store_true", help="Queue the task for the background worker instead of running it now."
        )

    def handle(self, *args, queue, **options):
        if queue:
            result = send_reminders.enqueue()
            self.stdout.write(f"Queued the reminders task ({result.id}).")
            return
        try:
            sent = send_reminders.call()
        except Exception as exc:  # noqa: BLE001 - reported as a command error with its reason
            raise CommandError(f"The reminders could not be sent: {exc}") from exc
        for name, count in sent.items():
            self.stdout.write(f"{name}: {count} reminder email{'s' if count != 1 else ''} sent")
