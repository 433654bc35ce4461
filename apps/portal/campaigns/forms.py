from django import forms
from dsfr.forms import DsfrBaseForm


class UploadForm(DsfrBaseForm):
    fichier = forms.FileField(
        label="Fichier de la région",
        help_text="Formats acceptés : CSV (séparateur point-virgule ou virgule), XLSX, XLS, ODS. Le contenu du "
                  "fichier décide de son format, pas son nom.",
    )


class CloseForm(DsfrBaseForm):
    forcer = forms.BooleanField(
        label="Clore malgré les régions sans envoi ou avec des lignes en quarantaine", required=False,
        help_text="Les PASS des régions sans données n'auront pas de dotation pour l'année.")
