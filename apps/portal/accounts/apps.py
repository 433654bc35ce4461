from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.portal.accounts"
    label = "accounts"
    verbose_name = "Comptes et journal"

    def ready(self) -> None:
        from apps.portal.accounts import signals  # noqa: F401  (connects the login audit)
