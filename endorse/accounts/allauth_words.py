"""Words of django-allauth's code that people read here, whose Spanish in allauth's own
catalogue says "tú". Listed so that locale/es, which Django reads before any app's
catalogue, holds them with "usted" like the rest of the site. (allauth's templates that
people see are overridden in endorse/templates, whose words are ours already.)"""

from __future__ import annotations

from django.utils.translation import gettext_noop

ALLAUTH_WORDS = (
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Please select only one."),
    gettext_noop("Use authenticator app or code"),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
)
