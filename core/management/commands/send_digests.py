from django.core.management.base import BaseCommand

from core.jobs import claim
from core.notifications import deliver_digests, offer_pending_mail


class Command(BaseCommand):
    help = (
        "Send the daily e-mail digest of notifications, and offer again immediate mails that "
        "waited over an hour. Schedule it once a day on every host (see README): the first "
        "host runs it, the others find the day taken."
    )

    def handle(self, *args, **options):
        from core.exports import purge_exports

        purged = purge_exports()  # exports past EXPORT_KEEP_DAYS, on every host (idempotent)
        if purged:
            self.stdout.write(f"{purged} old export(s) removed.")
        if not claim("send_digests"):
            self.stdout.write("The digests of today were already sent (by this or another host).")
            return
        offered = offer_pending_mail()
        result = deliver_digests.enqueue()
        self.stdout.write(f"Digests queued ({result.status}); {offered} waiting mail(s) offered.")
