from django.core.management.base import BaseCommand

from core.notifications import send_digests


class Command(BaseCommand):
    help = "Send the daily e-mail digest of notifications. Schedule it once a day (see README)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{sent} digest(s) sent.")
