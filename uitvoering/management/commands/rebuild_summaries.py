from django.core.management.base import BaseCommand
from django.db import transaction

from optimalisatie import summary as advice_summary
from uitvoering import summary as result_summary


class Command(BaseCommand):
    help = (
        "Rewrite the summary tables of the dashboard and the results from the advices, plans "
        "and savings. The services keep them up to date; run this after writing data past "
        "them (a repair in SQL) and once after an upgrade whose old processes still served "
        "while the new migrations ran (docs/deployment.md)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            advices = advice_summary.rebuild()
            results = result_summary.rebuild()
        self.stdout.write(
            f"Summaries rewritten: {advices} department(s) of advices, {results} of results."
        )
