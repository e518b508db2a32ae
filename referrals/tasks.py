from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Referral


@shared_task
def referral_confirmation_email(referral_id):
    """Send the referrer their tracking code. Runs after the commit, outside the request."""
    referral = Referral.objects.filter(pk=referral_id).first()
    if referral is None or not referral.referrer_email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "referrals/email_confirmation.txt", {"referral": referral, "site_url": settings.SITE_URL}
        )
        send_mail(_("Your referral has been received"), body, None, [referral.referrer_email])
    return True
