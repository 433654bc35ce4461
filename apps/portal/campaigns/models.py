"""A file a coordinator dropped on the upload page: checked there, kept aside under a name of ours (never the
user's), and sent to the pipeline's inbox when the coordinator says so."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Deposit(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="deposits")
    original_name = models.CharField("nom du fichier déposé", max_length=255)  # shown, never used as a path
    sha256 = models.CharField("empreinte", max_length=64, db_index=True)
    file_format = models.CharField("format", max_length=8)
    size = models.PositiveBigIntegerField("taille (octets)")
    regions = models.JSONField("régions du fichier", default=list)
    year = models.IntegerField("année d'activité", null=True)
    verdict = models.CharField(max_length=80)
    rows_read = models.PositiveIntegerField("lignes lues", default=0)
    rows_quarantined = models.PositiveIntegerField("lignes en quarantaine", default=0)
    created_at = models.DateTimeField("déposé le", auto_now_add=True)
    sent_at = models.DateTimeField("envoyé le", null=True, blank=True)
    inbox_name = models.CharField("nom dans la boîte de dépôt", max_length=120, blank=True)

    class Meta:
        verbose_name = "dépôt"
        ordering = ["-created_at"]

    @property
    def staged_name(self) -> str:
        return f"{self.id.hex}.{self.file_format}"
