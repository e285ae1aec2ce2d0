"""An Endorsement granted: the record certificates, the registry and renewals build on."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endorse.applications.models import Application
from endorse.associations.models import Association
from endorse.standards.models import Category


def new_verify_code() -> str:
    """128 random bits, URL-safe: nothing about the endorsement can be guessed from it."""
    return secrets.token_urlsafe(16)


class Endorsement(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="endorsements"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="endorsement"
    )
    number = models.CharField(_("number"), max_length=32)
    issued_on = models.DateField(_("issued on"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # The code in the public verification address /verify/<code>/.
    verify_code = models.CharField(max_length=32, unique=True, default=new_verify_code)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "number"], name="endorsement_number_unique_per_association"
            )
        ]

    def __str__(self) -> str:
        return self.number
