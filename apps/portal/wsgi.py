"""The WSGI entry point gunicorn serves (`piramig portal`). Loaded once before the workers fork (--preload): the
rules' imports, Great Expectations' among them, are paid there, so that the first upload is as fast as the next."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apps.portal.settings")
application = get_wsgi_application()

from piramig.validation.dataset_rules import gx_context  # noqa: E402

gx_context()
