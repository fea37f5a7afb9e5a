from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar file (docs/deployment.md). "
        "Without --output: backups/afsprakennota-<date and time>.tar under the project."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the .tar file to write")

    def handle(self, *args, **options):
        from django.conf import settings

        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = Path(
            options["output"] or settings.BASE_DIR / "backups" / f"afsprakennota-{stamp}.tar"
        )
        try:
            manifest = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backup written to {target}: the {manifest['database']} database and "
            f"{manifest['files']} file(s)."
        )
