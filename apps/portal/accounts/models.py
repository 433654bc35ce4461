"""Who may see what (a role and, for a coordinator, regions), and the audit trail of what they did."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from piramig.contract.reference import region_codes


class Role(models.TextChoices):
    COORDINATOR = "coordinateur", "coordination régionale"
    ANALYST = "analyste_dgos", "analyste DGOS"
    ADMIN = "admin_dgos", "administration DGOS"


class Account(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account")
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    # INSEE region codes; meaningful for a coordinator only (the DGOS reads every region).
    regions = models.JSONField("régions", default=list, blank=True)

    class Meta:
        verbose_name = "compte"

    def __str__(self) -> str:
        return f"{self.user.username} ({self.get_role_display()})"

    @property
    def is_dgos(self) -> bool:
        return self.role in (Role.ANALYST, Role.ADMIN)

    @property
    def can_close_campaigns(self) -> bool:
        return self.role == Role.ADMIN

    def visible_regions(self) -> list[str]:
        """The regions whose pages, reports and uploads this account may reach, in the reference order."""
        if self.is_dgos:
            return region_codes()
        return [code for code in region_codes() if code in self.regions]

    def sees(self, region: str) -> bool:
        return region in self.visible_regions()


class AuditEvent(models.Model):
    """One line per login, upload, sending, approval, closing and download; never updated."""

    class Action(models.TextChoices):
        LOGIN = "connexion", "connexion"
        LOGIN_FAILED = "connexion_refusee", "connexion refusée"
        LOGOUT = "deconnexion", "déconnexion"
        UPLOAD = "depot", "dépôt d'un fichier"
        SEND = "envoi", "envoi à la DGOS"
        APPROVE = "validation", "validation d'un envoi"
        CLOSE = "cloture", "clôture d'une campagne"
        DOWNLOAD = "telechargement", "téléchargement"

    at = models.DateTimeField("le", auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    username = models.CharField("identifiant", max_length=254, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    region = models.CharField("région", max_length=3, blank=True)
    year = models.IntegerField("année", null=True, blank=True)
    file_sha256 = models.CharField("empreinte du fichier", max_length=64, blank=True)
    detail = models.CharField("détail", max_length=500, blank=True)
    address = models.GenericIPAddressField("adresse", null=True, blank=True)

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "journal"
        ordering = ["-at"]


def valid_regions(codes: list[str]) -> list[str]:
    unknown = [c for c in codes if c not in region_codes()]
    if unknown:
        raise ValueError(f"région(s) inconnue(s) : {', '.join(unknown)} ; codes possibles {', '.join(region_codes())}")
    return sorted(set(codes), key=region_codes().index)
