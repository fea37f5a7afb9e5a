from django.core.management.base import BaseCommand, CommandError

from accounts.csv_import import ImportKind, organisation_import


class Command(BaseCommand):
    help = "Import people, departments or mandates from a CSV file: all rows, or none."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportKind.values)
        parser.add_argument("file")

    def handle(self, *args, kind, file, **options):
        with open(file, "rb") as handle:
            result = organisation_import(kind=kind, data=handle.read())
        if not result.ok:
            for error in result.errors:
                self.stderr.write(f"rij {error.row}, kolom {error.column}: {error.reason}")
            raise CommandError(f"Niets geïmporteerd: {len(result.errors)} fout(en).")
        self.stdout.write(
            self.style.SUCCESS(f"{result.created} toegevoegd, {result.updated} bijgewerkt.")
        )
