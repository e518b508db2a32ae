"""Channel adapters: each turns one delivery into a message on its channel.

`send(delivery, message)` returns True when sent, False when there was nothing to send (e.g. no
email address), and raises when the channel failed (the delivery is then retried with backoff).
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

from xianju_invest.text import single_line

from .enums import Channel
from .models import Notification


class ChannelError(Exception):
    pass


class InAppChannel:
    def send(self, delivery, message):
        Notification.objects.get_or_create(
            event_id=delivery.event_id,
            user_id=delivery.recipient_id,
            defaults={"title": message.title[:300], "body": message.body, "url": message.url[:500]},
        )
        return True


class EmailChannel:
    def send(self, delivery, message):
        address = delivery.recipient.email
        if not address:
            return False
        body = message.body
        if message.url:
            body = f"{body}\n\n{message.absolute_url}"
        # A title carrying a name from a form must not break the header (nor every retry).
        send_mail(single_line(message.title), body, None, [address], fail_silently=False)
        return True


def webhook_enabled():
    return bool(settings.CHAT_WEBHOOK_URL)


def signed_webhook_url(url, secret, timestamp_ms=None):
    """DingTalk robot signing: HMAC-SHA256 over "timestamp\\nsecret", base64, URL-encoded."""
    if not secret:
        return url
    timestamp = str(timestamp_ms or int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}timestamp={timestamp}&sign={sign}"


class WebhookChannel:
    """A DingTalk group robot (WeCom robots accept the same text message and ignore the signature)."""

    timeout = 10

    def send(self, delivery, message):
        if not webhook_enabled():
            return False
        mobiles = [
            u.mobile
            for u in delivery.event.recipients.exclude(notification_preference__chat=False).exclude(mobile="")
        ]
        content = f"{message.title}\n{message.body}"
        if message.url:
            content = f"{content}\n{message.absolute_url}"
        if mobiles:
            content = content + "\n" + " ".join(f"@{m}" for m in mobiles)
        data = json.dumps(
            {
                "msgtype": "text",
                # "at" is DingTalk's way to mention people, "mentioned_mobile_list" WeCom's.
                "text": {"content": content, "mentioned_mobile_list": mobiles},
                "at": {"atMobiles": mobiles},
            },
            ensure_ascii=False,
        ).encode()
        url = signed_webhook_url(settings.CHAT_WEBHOOK_URL, settings.CHAT_WEBHOOK_SECRET)
        if not url.startswith(("https://", "http://")):
            raise ChannelError("CHAT_WEBHOOK_URL must be an http(s) address")
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
            url,
            data=data,
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - as above
            answer = json.loads(response.read() or b"{}")
        if answer.get("errcode", 0) != 0:
            raise ChannelError(f"robot answered {answer.get('errcode')}: {answer.get('errmsg', '')}")
        return True


CHANNELS = {
    Channel.IN_APP: InAppChannel(),
    Channel.EMAIL: EmailChannel(),
    Channel.WEBHOOK: WebhookChannel(),
}
