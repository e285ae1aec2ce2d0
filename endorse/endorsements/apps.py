from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EndorsementsConfig(AppConfig):
    name = "endorse.endorsements"
    verbose_name = _("Endorsements")

    def ready(self) -> None:
        from endorse.endorsements import signals  # noqa: F401  (connects the receivers)
