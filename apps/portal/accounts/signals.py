"""Logins, failed logins and logouts go to the audit trail (the failures also feed the login throttle)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from apps.portal.accounts.audit import record
from apps.portal.accounts.models import AuditEvent


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(request, AuditEvent.Action.LOGIN, user=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditEvent.Action.LOGOUT, username=user.username)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    if request is not None:
        record(request, AuditEvent.Action.LOGIN_FAILED, username=(credentials.get("username") or "")[:254])
