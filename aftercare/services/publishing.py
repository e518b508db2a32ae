"""Resolved requests published, anonymised, as answers staff and enterprises can search."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions as can
from ..enums import RequestState
from .requests import _locked, _text
from .transitions import request_record


def anonymised(request, text):
    """The text with the company's and the project's names blanked out."""
    for name in (request.project.investor_name, request.project.name):
        if name:
            text = text.replace(name, _("(the enterprise)"))
    return text


def answer_publish(*, request, by, question, answer):
    """The centre publishes a solved request as a question and its answer, without names."""
    if not can.is_centre(by):
        raise PermissionDenied(_("Only the promotion centre publishes answers."))
    question = _text(question, "question", _("Write the question as the public will read it."))
    answer = _text(answer, "answer", _("Write the answer as the public will read it."))
    with transaction.atomic():
        request = _locked(request)
        if request.state != RequestState.SOLVED:
            raise ValidationError(_("Only a request the enterprise confirmed as solved can be published."))
        request.published = True
        request.public_question = anonymised(request, question)
        request.public_answer = anonymised(request, answer)
        request_record(
            request=request,
            action="aftercare.published",
            by=by,
            fields=["published", "public_question", "public_answer"],
        )
    return request
