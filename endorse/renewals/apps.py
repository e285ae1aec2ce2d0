from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RenewalsConfig(AppConfig):
    name = "endorse.renewals"
    verbose_name = _("Renewals")
