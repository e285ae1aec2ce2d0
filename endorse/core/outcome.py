"""What a button that runs one service tells the person afterwards."""

from __future__ import annotations

from collections.abc import Callable

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
