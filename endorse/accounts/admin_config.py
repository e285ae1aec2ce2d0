"""The admin app with the site's own admin site (see ``endorse.accounts.admin_site``).

Kept apart from that module: an app config is imported before the models are ready.
"""

from django.contrib.admin.apps import AdminConfig


class EndorseAdminConfig(AdminConfig):
    default_site = "endorse.accounts.admin_site.EndorseAdminSite"
