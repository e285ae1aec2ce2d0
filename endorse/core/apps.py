from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "endorse.core"
    label = "core"
