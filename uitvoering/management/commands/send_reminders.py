from django.core.management.base import BaseCommand

from uitvoering.reminders import send_reminders
from uitvoering.summary import refresh_due


class Command(BaseCommand):
    help = (
        "Send today's implementation reminders (actions due or overdue, plans waiting for the "
        "manager, savings waiting for the financieel directeur). Run it daily; running it "
        "again on the same day sends nothing twice. Also refreshes the results' health "
        "figures that the calendar changed (uitvoering.summary)."
    )

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
        refreshed = refresh_due()
        self.stdout.write(f"{refreshed} department(s) of the results refreshed.")
