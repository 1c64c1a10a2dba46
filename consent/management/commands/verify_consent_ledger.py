from django.core.management.base import BaseCommand, CommandError

from consent.ledger import first_broken_link
from consent.models import ConsentEvent


class Command(BaseCommand):
    help = "Check the consent ledger's hash chain; report the first broken link and exit non-zero, or say it is whole."

    def handle(self, *args, **options):
        events = ConsentEvent.objects.order_by("seq", "pk")
        broken = first_broken_link(events.iterator(chunk_size=2000))
        if broken is not None:
            raise CommandError(f"Consent ledger BROKEN at {broken}")
        tip = events.last()
        count = events.count()
        self.stdout.write(self.style.SUCCESS(
            f"Consent ledger is whole: {count} event{'s' if count != 1 else ''}"
            + (f", tip seq {tip.seq}, hash {tip.hash}" if tip else "") + "."))
