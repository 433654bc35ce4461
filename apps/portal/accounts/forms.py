"""The login form, throttled: after too many failures for one identifier or from one address, refused for a while
without even checking the password."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from apps.portal.accounts.audit import client_address
from apps.portal.accounts.models import AuditEvent

MAX_FAILURES = 5
THROTTLE_WINDOW = dt.timedelta(minutes=15)


def recent_failures(username: str, address: str | None) -> int:
    since = timezone.now() - THROTTLE_WINDOW
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, at__gte=since)
    by_name = failures.filter(username=username).count()
    by_address = failures.filter(address=address).count() if address else 0
    return max(by_name, by_address // 4)  # an address may serve a whole office: a looser limit


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Identifiant ou mot de passe incorrect.",
        "inactive": "Ce compte est désactivé.",
        "throttled": "Trop d'essais de connexion manqués : réessayez dans 15 minutes.",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if recent_failures(username, client_address(self.request)) >= MAX_FAILURES:
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        return super().clean()
