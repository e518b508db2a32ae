"""One shape for errors, on pages and in the API, whichever app raised them.

A service refuses bad input with Django's `ValidationError` (a message, a list, or a dict by field).

- Pages: `add_service_errors(form, exc)` puts each message next to the field it names, the rest
  (and anything naming a field the form does not have) on top of the form.
- API (`REST_FRAMEWORK["EXCEPTION_HANDLER"]`): invalid input answers 400 with
  `{"<field>": ["message", ...], "non_field_errors": ["message", ...]}` (only the keys that apply),
  whether a serializer or a service refused it; every other refusal answers
  `{"detail": "message"}` with its status (401, 403, 404, 405, 415, 429...). Messages are in the
  request's language, Chinese unless the client asks for English.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"


def service_errors(exc):
    """A Django ValidationError as {field or "non_field_errors": [messages]}."""
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): msgs for field, msgs in exc.message_dict.items()
        }
    return {NON_FIELD: exc.messages}


def add_service_errors(form, exc):
    """Put a service's ValidationError on a bound form: next to its fields, else on top."""
    for field, messages in service_errors(exc).items():
        form.add_error(field if field in form.fields else None, messages)


def _translated(detail):
    """DRF leaves a few messages untranslated; say them in the request's language."""
    if isinstance(detail, dict):
        return {key: _translated(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_translated(value) for value in detail]
    if getattr(detail, "code", None) == "null" and str(detail) == "No data provided":
        return exceptions.ErrorDetail(_("No data was sent."), code="null")
    return detail


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(service_errors(exc))
    elif isinstance(exc, Http404):  # get_object_or_404 says "No Project matches the given query."
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.ParseError):
        exc = exceptions.ParseError(
            _("The request body could not be read: it is not valid JSON or form data.")
        )
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.ValidationError):
        return response
    data = _translated(response.data)
    if not isinstance(data, dict):  # ValidationError("message") or a list: not about one field
        data = {NON_FIELD: data if isinstance(data, list) else [data]}
    response.data = data
    return response
