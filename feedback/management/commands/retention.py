from django.core.management.base import BaseCommand, CommandError

from feedback.retention import reply_contacts_remove_all


class Command(BaseCommand):
    help = (
        "Remove the contact details people gave for a reply once the reply is older than their "
        "organisation keeps them (90 days unless changed on its settings page). Run it once a day; the "
        "daily background task that sends reminders runs it too."
    )

    def handle(self, *args, **options):
        try:
            removed = reply_contacts_remove_all()
        except Exception as exc:  # noqa: BLE001 - reported as a command error with its reason
            raise CommandError(f"Contact details could not be removed: {exc}") from exc
        for name, count in removed.items():
            self.stdout.write(f"{name}: {count} reply contact detail{'s' if count != 1 else ''} removed")
