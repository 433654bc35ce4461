from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "apps.portal.campaigns"
    label = "campaigns"
    verbose_name = "Campagnes et dépôts"
