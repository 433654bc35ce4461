"""Starting Django for a home, from the command line or the tests: the settings module reads the platform's
settings, whose home the command line may have given (--home)."""

from __future__ import annotations

import os

from piramig.settings import Settings

SETTINGS_MODULE = "apps.portal.settings"


def configure(settings: Settings, migrate: bool = True) -> None:
    """Django, set up once per process for this home, its accounts database migrated."""
    import django
    from django.conf import settings as django_settings

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    if not django_settings.configured:
        previous = os.environ.get("PIRAMIG_HOME")
        os.environ["PIRAMIG_HOME"] = str(settings.home.root)
        try:
            django.setup()
        finally:  # the home is read once, at set-up: the environment stays as it was
            if previous is None:
                os.environ.pop("PIRAMIG_HOME", None)
            else:
                os.environ["PIRAMIG_HOME"] = previous
    elif django_settings.HOME != settings.home:
        raise RuntimeError(f"Django est déjà configuré pour {django_settings.HOME.root}")
    if migrate:
        from django.core.management import call_command

        (settings.home.portal / "static").mkdir(parents=True, exist_ok=True)
        call_command("migrate", verbosity=0, interactive=False)
