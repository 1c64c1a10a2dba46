"""The demo messages: made through the actions, idempotent."""

from messaging.models import InboundMessage, MessageAccess
from messaging.triage import Category


def test_the_demo_seeds_triaged_messages_once(db, practice, no_quiet_hours):
    from accounts import demo as accounts_demo
    from messaging import demo
    from profiles import demo as profiles_demo

    accounts = accounts_demo.seed()
    profiles_demo.seed(accounts)
    first = demo.seed(accounts)
    again = demo.seed(accounts)

    assert len(first) == 4 and {m.pk for m in again} == {m.pk for m in first}
    assert {m.category for m in first} == {Category.EMERGENCY, Category.MEDICAL_ADVICE, Category.ADMINISTRATIVE}
    assert InboundMessage.objects.filter(review_status=InboundMessage.ReviewStatus.ESCALATED).count() == 1
    assert MessageAccess.objects.count() == 2
    assert all(m.replies.count() == 2 for m in first)
