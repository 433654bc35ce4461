"""Django settings of the coordinators' web application, derived from the platform's one Settings object: the home
gives the accounts database (SQLite unless DATABASE_URL names a server), the secret key (from the environment, or
a file created in the home at first start, never from git), the uploads being checked and the static files."""

from __future__ import annotations

import secrets

import dj_database_url

from piramig.settings import REPO_ROOT, Settings

PLATFORM = Settings.from_environment()
HOME = PLATFORM.home


def _secret_key() -> str:
    if PLATFORM.secret_key:
        return PLATFORM.secret_key
    path = HOME.portal / "secret_key"
    if not path.exists():
        HOME.portal.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
DEBUG = PLATFORM.debug
ALLOWED_HOSTS = list(PLATFORM.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    "apps.portal.accounts",
    "apps.portal.campaigns",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "apps.portal.urls"
WSGI_APPLICATION = "apps.portal.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [REPO_ROOT / "apps" / "portal" / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "dsfr.context_processors.site_config",
        "apps.portal.accounts.context_processors.account",
    ]},
}]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

DATABASES = {"default": dj_database_url.parse(PLATFORM.database_url) if PLATFORM.database_url else {
    "ENGINE": "django.db.backends.sqlite3", "NAME": HOME.portal / "portal.sqlite3",
    # Two coordinators sending at once: the second write waits for the first instead of failing.
    "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "campaigns:home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
# Behind a TLS proxy in production (PIRAMIG_ENV=prod), cookies only travel over HTTPS.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PLATFORM.environment == "prod"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The pipeline's own limit on a submitted file, and no more in memory than that.
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE = PLATFORM.max_file_bytes + 1_000_000

LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME.portal / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}}}
