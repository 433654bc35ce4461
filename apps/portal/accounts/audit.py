"""Writing the audit trail: every view that does something worth tracing calls record()."""

from __future__ import annotations

from apps.portal.accounts.models import AuditEvent


def client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def record(request, action: str, region: str = "", year: int | None = None, sha256: str = "",
           detail: str = "", username: str | None = None, user=None) -> AuditEvent:
    if user is None:
        signed_in = getattr(request, "user", None)
        user = signed_in if signed_in is not None and signed_in.is_authenticated else None
    return AuditEvent.objects.create(user=user, username=username or (user.username if user else ""),
                                     action=action, region=region, year=year, file_sha256=sha256,
                                     detail=detail[:500], address=client_address(request))
