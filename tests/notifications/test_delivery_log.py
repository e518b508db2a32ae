import pytest
from django.db import IntegrityError, transaction

from notifications.enums import Channel
from notifications.models import Delivery, Event
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_delivery_log_refuses_a_second_row_per_recipient_and_channel():
    user = factories.make_user("promotion_staff")
    event = Event.objects.create(kind="test", key="test:delivery-log")
    Delivery.objects.create(event=event, recipient=user, channel=Channel.EMAIL)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(event=event, recipient=user, channel=Channel.EMAIL)


def test_the_group_chat_message_of_an_event_is_logged_once():
    event = Event.objects.create(kind="test", key="test:delivery-log-chat")
    Delivery.objects.create(event=event, recipient=None, channel=Channel.WEBHOOK)
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(event=event, recipient=None, channel=Channel.WEBHOOK)
