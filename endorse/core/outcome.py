"""What a button that runs one service tells the person afterwards."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def say_outcome(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run ``action``: its refusal becomes the error message, else ``done`` is said.
    Whether it went through."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, done)
    return True


def attach_refusal(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal next to the field it names (or above the form, if the form has no
    such field: ``add_error`` would raise)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
