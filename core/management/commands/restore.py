from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: the database's tables and the uploaded "
        "files are replaced by the backup's. Stop the web processes and the worker first "
        "(docs/deployment.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="the .tar file written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask: everything now stored is replaced"
        )

    def handle(self, *args, **options):
        source = Path(options["backup"])
        if not source.is_file():
            raise CommandError(f"{source} does not exist.")
        if not options["yes"]:
            answer = input(
                "Everything stored now (database and files) is replaced by the backup. "
                "Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            manifest = restore(source)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup of {manifest['created']}: the database and "
            f"{manifest['files']} file(s). Start the web processes and the worker again."
        )
