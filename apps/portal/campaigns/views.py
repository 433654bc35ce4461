"""The coordinators' and the DGOS's pages. Every view that names a region first checks that the signed-in account
sees it, and answers 404 otherwise: a coordinator cannot even learn that another region's page or report exists.
Reads go to the published warehouse and the reports folder; writes go to the inbox and the requests folder, which
the pipeline takes in (it alone writes the warehouse)."""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from apps.portal.accounts.audit import record
from apps.portal.accounts.models import AuditEvent, Role
from apps.portal.campaigns import charts, published
from apps.portal.campaigns.forms import CloseForm, UploadForm
from apps.portal.campaigns.models import Deposit
from piramig.contract.reference import region_codes, region_name
from piramig.publishing.syntheses import NATIONAL_PERIMETER, syntheses_root
from piramig.publishing.syntheses.plan import document_paths
from piramig.reading.files import UnreadableFile
from piramig.reporting.campaign_pages import submission_report_folder, submission_verdict
from piramig.reporting.spreadsheets import neutralise_formulas
from piramig.reporting.submission_report import SubmissionInfo, render_fragment, verdict_sentence
from piramig.validation.file_check import check_bytes
from piramig.vocabulary import CampaignDecision, CampaignStatus, RegionStatus
from piramig.warehouse.intake import is_archived
from piramig.warehouse.requests import APPROVE, CampaignRequest, read_waiting_requests, write_request

HOME = settings.HOME
PLATFORM = settings.PLATFORM
UPLOADS = HOME.portal / "uploads"


def account_of(request):
    account = getattr(request.user, "account", None)
    if account is None:
        raise Http404("aucun compte PASS")
    return account


def visible_region(request, code: str) -> str:
    if code not in region_codes() or not account_of(request).sees(code):
        raise Http404("région introuvable")
    return code


class PortalMixin:
    """Every page: the account, and a friendly page instead of a crash before the first publication."""

    def dispatch(self, request, *args, **kwargs):
        self.account = account_of(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except published.NotPublished:
            return HttpResponse("<p>Aucun entrepôt publié pour l'instant : revenez après la première "
                                "publication.</p>", status=503)


class RegionMixin(PortalMixin):
    def dispatch(self, request, *args, **kwargs):
        self.region = visible_region(request, kwargs["code"])
        return super().dispatch(request, *args, **kwargs)


class DgosMixin(PortalMixin):
    def dispatch(self, request, *args, **kwargs):
        if not account_of(request).is_dgos:
            raise Http404("page réservée à la DGOS")
        return super().dispatch(request, *args, **kwargs)


class HomeView(PortalMixin, TemplateView):
    template_name = "campaigns/home.html"

    def get_context_data(self, **kwargs):
        regions = self.account.visible_regions()
        with published.reader(HOME.published) as con:
            rows = [r for r in published.completeness(con) if r["code_region"] in regions]
            years = published.campaigns(con)
        return {**super().get_context_data(**kwargs), "campaigns": years,
                "regions": [(code, region_name(code), [r for r in rows if r["code_region"] == code])
                            for code in regions] if not self.account.is_dgos else [],
                "title": "Accueil"}


def _format_of(table_format: str) -> str:
    return {"csv": "csv", "xlsx": "xlsx", "xls": "xls", "ods": "ods"}.get(table_format.lower(), "csv")


class UploadView(PortalMixin, FormView):
    """Drop a file: it is checked at once by the pipeline's rules, and the report shows in the page."""

    template_name = "campaigns/upload.html"
    form_class = UploadForm

    def form_valid(self, form):
        upload = form.cleaned_data["fichier"]
        if upload.size > PLATFORM.max_file_bytes:
            form.add_error("fichier", f"Fichier trop volumineux ({upload.size / 1e6:.1f} Mo) : la limite est "
                                      f"{PLATFORM.max_file_mb:g} Mo.")
            return self.form_invalid(form)
        data = upload.read()
        sha256 = hashlib.sha256(data).hexdigest()
        name = os.path.basename(upload.name or "fichier")[:255]
        try:
            with published.reader(HOME.published) as con:
                checked = check_bytes(data, PLATFORM.max_file_bytes, published.previous_year_rows(con))
        except UnreadableFile as error:
            record(self.request, AuditEvent.Action.UPLOAD, sha256=sha256, detail=f"illisible : {error}")
            form.add_error("fichier", f"{name} : fichier illisible : {error}")
            return self.form_invalid(form)
        regions = sorted({region for (_, region), _ in checked.parts if region})
        years = sorted({year for (year, _), _ in checked.parts if year})
        foreign = [r for r in regions if not self.account.sees(r)]
        reports = [(region, year, verdict_sentence(outcome)[0],
                    render_fragment(SubmissionInfo(name, year, region), outcome))
                   for (year, region), outcome in checked.parts]
        context = {"form": UploadForm(), "reports": reports, "file_name": name, "title": "Déposer un fichier"}
        if foreign:
            record(self.request, AuditEvent.Action.UPLOAD, region=",".join(regions), sha256=sha256,
                   detail="refusé : région d'un autre coordinateur")
            context["refusal"] = (f"Ce fichier contient des rapports de {', '.join(region_name(r) for r in foreign)} : "
                                  "vous ne pouvez déposer que les fichiers de votre région "
                                  f"({', '.join(region_name(r) for r in self.account.visible_regions())}).")
            context["reports"] = []
            return self.render_to_response(self.get_context_data(**context))
        if not regions:
            context["refusal"] = ("Aucune ligne de ce fichier n'indique une région et une année lisibles : corrigez "
                                  "les colonnes code_region et annee avant de l'envoyer.")
        outcomes = [outcome for _, outcome in checked.parts]
        deposit = Deposit.objects.create(
            user=self.request.user, original_name=name, sha256=sha256, file_format=_format_of(checked.table.format),
            size=len(data), regions=regions, year=years[0] if len(years) == 1 else None,
            verdict="; ".join(sentence for _, _, sentence, _ in reports)[:80],
            rows_read=sum(len(o.rows) for o in outcomes),
            rows_quarantined=sum(len(o.quarantined_rows) for o in outcomes))
        if regions:
            UPLOADS.mkdir(parents=True, exist_ok=True)
            (UPLOADS / deposit.staged_name).write_bytes(data)
            context["deposit"] = deposit
        record(self.request, AuditEvent.Action.UPLOAD, region=",".join(regions), year=deposit.year, sha256=sha256,
               detail=deposit.verdict)
        return self.render_to_response(self.get_context_data(**context))


class SendView(PortalMixin, View):
    """"Envoyer à la DGOS": the checked file goes into the inbox, written beside then renamed, so that the intake
    never sees half of it. Two coordinators sending at once make two files: both kept, the later one current."""

    def post(self, request, pk):
        deposit = get_object_or_404(Deposit, pk=pk, user=request.user)
        if not all(self.account.sees(r) for r in deposit.regions) or not deposit.regions:
            raise Http404("dépôt introuvable")
        if deposit.sent_at is None:
            staged = UPLOADS / deposit.staged_name
            stamp = timezone.localtime().strftime("%Y%m%dT%H%M%S")
            inbox_name = (f"portail_{'-'.join(deposit.regions)}_{deposit.year or 'annees'}_{stamp}_"
                          f"{uuid.uuid4().hex[:8]}.{deposit.file_format}")
            HOME.inbox.mkdir(parents=True, exist_ok=True)
            partial = HOME.inbox / f"{inbox_name}.part"
            partial.write_bytes(staged.read_bytes())
            os.replace(partial, HOME.inbox / inbox_name)
            staged.unlink(missing_ok=True)
            deposit.sent_at, deposit.inbox_name = timezone.now(), inbox_name
            deposit.save(update_fields=["sent_at", "inbox_name"])
            record(request, AuditEvent.Action.SEND, region=",".join(deposit.regions), year=deposit.year,
                   sha256=deposit.sha256, detail=inbox_name)
            messages.success(request, f"{deposit.original_name} est envoyé à la DGOS : il sera chargé et publié à la "
                                      "prochaine exécution du pipeline.")
        target = deposit.regions[0]
        if deposit.year:
            return HttpResponseRedirect(reverse("campaigns:region_year", args=[target, deposit.year]))
        return HttpResponseRedirect(reverse("campaigns:region", args=[target]))


def _progress(deposit: Deposit, known: dict[str, list[dict]]) -> str:
    """Where a sent file stands: dropped in the inbox, taken in by the pipeline, or in the published warehouse."""
    if deposit.sha256 in known:
        return "publié"
    if is_archived(HOME, deposit.sha256):
        return "chargé"
    return "déposé"


class RegionView(RegionMixin, TemplateView):
    template_name = "campaigns/region.html"

    def get_context_data(self, **kwargs):
        with published.reader(HOME.published) as con:
            rows = published.completeness(con, region=self.region)
            series = published.series(con, self.region)
        return {**super().get_context_data(**kwargs), "code": self.region, "name": region_name(self.region),
                "years": rows, "title": region_name(self.region),
                "charts": [charts.column_chart(title, "patients", [(str(y), v) for y, v in series[code]])
                           for code, title in (("file_active", "File active"),
                                               ("nouveaux_patients", "Nouveaux patients"))]}


class RegionYearView(RegionMixin, TemplateView):
    template_name = "campaigns/region_year.html"

    def get_context_data(self, **kwargs):
        year = self.kwargs["year"]
        with published.reader(HOME.published) as con:
            campaign = published.campaign(con, year)
            subs = published.submissions(con, year, self.region)
            state = next(iter(published.completeness(con, year, self.region)), None)
            deposits = [d for d in Deposit.objects.filter(year=year, sent_at__isnull=False)
                        if self.region in d.regions]
            if campaign is None and not subs and not deposits:  # a year sent from here shows before it is published
                raise Http404("campagne inconnue")
            known = published.known_hashes(con, [d.sha256 for d in deposits])
            indicators = published.indicators(con, year, self.region)
            missing = published.missing_pass(con, year, self.region)
            fill = published.fill_rates(con, year, self.region)
            refused = [r for r in published.requests(con, year, self.region) if not r["acceptee"]]
        waiting = [r for r in read_waiting_requests(HOME) if r.year == year and r.region == self.region]
        subs.sort(key=lambda s: not s["courant"])  # the current one first, then the others newest first
        for s in subs:
            s["verdict"] = str(submission_verdict(s))
        current = next((s for s in subs if s["courant"]), None)
        can_approve = (self.account.role == Role.COORDINATOR and campaign is not None
                       and campaign["statut"] == CampaignStatus.OPEN and state is not None
                       and state["statut_region"] == RegionStatus.RECEIVED and current is not None and not waiting)
        return {**super().get_context_data(**kwargs), "code": self.region, "name": region_name(self.region),
                "year": year, "campaign": campaign, "state": state,
                "state_label": state["statut_libelle"] if state else "attendu",
                "submissions": subs, "current": current, "can_approve": can_approve, "waiting": waiting,
                "refused": refused[:3],
                "deposits": [(d, _progress(d, known)) for d in deposits], "missing": missing,
                "indicators": [(i, *(charts.french_value(v) for v in (i.region, i.national, i.region_before)))
                               for i in indicators],
                "fill_chart": charts.bar_chart(f"Taux de remplissage par PASS, {year}", "%",
                                               [(r["raison_sociale"] or r["finess_et"], r["taux_remplissage"])
                                                for r in fill]) if fill else None,
                "synthesis": [ext for ext in ("docx", "pdf") if synthesis_file(year, self.region, ext)],
                "title": f"{region_name(self.region)} — {year}"}


class ReportView(RegionMixin, View):
    """A submission's report file (HTML or XLSX), only under its own region: an id guessed from another region is
    not found."""

    def get(self, request, code, year, submission_id, extension):
        if extension not in ("html", "xlsx"):
            raise Http404("rapport introuvable")
        with published.reader(HOME.published) as con:
            found = published.submission(con, submission_id)
        if found is None or found["code_region"] != self.region or found["annee"] != year:
            raise Http404("rapport introuvable")
        path = submission_report_folder(HOME.reports, year, self.region) / f"{submission_id}.{extension}"
        if not path.is_file():
            raise Http404("rapport introuvable")
        record(request, AuditEvent.Action.DOWNLOAD, region=self.region, year=year,
               detail=f"{submission_id}.{extension}")
        if extension == "html":
            response = FileResponse(open(path, "rb"), content_type="text/html; charset=utf-8")
            # The report is a page of its own: no script may run in it, whatever a cell held.
            response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
            return response
        return FileResponse(open(path, "rb"), as_attachment=True, filename=f"rapport_{year}_{self.region}.xlsx")


def synthesis_file(year: int, perimeter: str, extension: str) -> Path | None:
    """The internal synthesis of a (year, region or national) the publication wrote, if it did."""
    docx, pdf = document_paths(syntheses_root(HOME.published_dir), year, perimeter)["interne"]
    path = {"docx": docx, "pdf": pdf}.get(extension)
    return path if path is not None and path.is_file() else None


def serve_synthesis(request, year: int, perimeter: str, extension: str, region: str = "") -> FileResponse:
    path = synthesis_file(year, perimeter, extension)
    if path is None:
        raise Http404("synthèse introuvable")
    record(request, AuditEvent.Action.DOWNLOAD, region=region, year=year, detail=f"synthèse {perimeter}.{extension}")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"synthese_{year}_{perimeter}.{extension}")


class SynthesisView(RegionMixin, View):
    """The region's draft synthesis of a year (DOCX to complete, PDF to read)."""

    def get(self, request, code, year, extension):
        return serve_synthesis(request, year, self.region, extension, self.region)


class NationalSynthesisView(DgosMixin, View):
    """The national restitution: every region's figures, for the DGOS."""

    def get(self, request, year, extension):
        return serve_synthesis(request, year, NATIONAL_PERIMETER, extension)


class IndicatorsDownloadView(RegionMixin, View):
    """The region's indicators of a year beside the national ones, as a CSV for a French spreadsheet."""

    def get(self, request, code, year):
        with published.reader(HOME.published) as con:
            lines = published.indicators(con, year, self.region)
        if not lines:
            raise Http404("aucun indicateur")
        frame = neutralise_formulas(pd.DataFrame(
            [(i.label, i.unit, i.region, i.region_before, i.national) for i in lines],
            columns=["indicateur", "unité", region_name(self.region), f"{region_name(self.region)} {year - 1}",
                     "national"]))
        record(request, AuditEvent.Action.DOWNLOAD, region=self.region, year=year, detail="indicateurs.csv")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="indicateurs_{year}_{self.region}.csv"'
        response.write("\ufeff" + frame.to_csv(sep=";", decimal=",", index=False))
        return response


class ApproveView(RegionMixin, View):
    """The coordinator approves the current submission they read; the next run applies it (and may still refuse
    it, if another submission became current meanwhile: the page then says why)."""

    def post(self, request, code, year):
        if self.account.role != Role.COORDINATOR:
            raise PermissionDenied("seule la coordination régionale valide l'envoi de sa région")
        submission_id = request.POST.get("submission_id", "")
        with published.reader(HOME.published) as con:
            found = published.submission(con, submission_id)
            campaign = published.campaign(con, year)
            state = next(iter(published.completeness(con, year, self.region)), None)
        if found is None or found["code_region"] != self.region or found["annee"] != year:
            raise Http404("envoi introuvable")
        back = HttpResponseRedirect(reverse("campaigns:region_year", args=[self.region, year]))
        if campaign is None or campaign["statut"] != CampaignStatus.OPEN:
            messages.error(request, f"La campagne {year} est close : aucun envoi ne peut plus y être validé.")
            return back
        if state is None or state["submission_id"] != submission_id or state["statut_region"] != RegionStatus.RECEIVED:
            messages.error(request, "Cet envoi ne peut pas être validé : il n'est pas l'envoi courant, ou il a des "
                                    "lignes en quarantaine, ou il est déjà validé.")
            return back
        write_request(HOME, CampaignRequest(APPROVE, year, request.user.username, self.region, submission_id))
        record(request, AuditEvent.Action.APPROVE, region=self.region, year=year, detail=submission_id)
        messages.success(request, f"Validation de {found['fichier']} enregistrée : elle sera prise en compte à la "
                                  "prochaine exécution du pipeline.")
        return back


class CampaignTableView(DgosMixin, TemplateView):
    """Every region of a campaign: status, completeness, deadline."""

    template_name = "campaigns/campaign.html"

    def get_context_data(self, **kwargs):
        with published.reader(HOME.published) as con:
            years = published.campaigns(con)
            year = self.kwargs.get("year") or (years[0]["annee"] if years else None)
            campaign = published.campaign(con, year) if year else None
            if campaign is None:
                raise Http404("campagne inconnue")
            rows = published.completeness(con, year)
            refused = [r for r in published.requests(con, year, None) if not r["acceptee"]]
        waiting = [r for r in read_waiting_requests(HOME) if r.year == year and r.region is None]
        return {**super().get_context_data(**kwargs), "years": years, "year": year, "campaign": campaign,
                "rows": rows, "waiting": waiting, "refused": refused[:3],
                "can_close": self.account.can_close_campaigns and campaign["statut"] == CampaignStatus.OPEN
                and not waiting, "close_form": CloseForm(), "title": f"Campagne {year}",
                "synthesis": [ext for ext in ("docx", "pdf") if synthesis_file(year, NATIONAL_PERIMETER, ext)]}


class CloseView(DgosMixin, FormView):
    form_class = CloseForm
    template_name = "campaigns/campaign.html"

    def dispatch(self, request, *args, **kwargs):
        account = account_of(request)
        if account.is_dgos and not account.can_close_campaigns:
            raise PermissionDenied("seule l'administration DGOS clôt une campagne")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(reverse("campaigns:campaign_year", args=[kwargs["year"]]))

    def form_valid(self, form):
        year = self.kwargs["year"]
        with published.reader(HOME.published) as con:
            campaign = published.campaign(con, year)
        if campaign is None:
            raise Http404("campagne inconnue")
        if campaign["statut"] != CampaignStatus.OPEN:
            messages.error(self.request, f"La campagne {year} est déjà close.")
            return HttpResponseRedirect(reverse("campaigns:campaign_year", args=[year]))
        write_request(HOME, CampaignRequest(CampaignDecision.CLOSE, year, self.request.user.username,
                                            force=form.cleaned_data["forcer"]))
        record(self.request, AuditEvent.Action.CLOSE, year=year,
               detail="forcée" if form.cleaned_data["forcer"] else "")
        messages.success(self.request, f"Clôture de la campagne {year} demandée : elle sera appliquée à la prochaine "
                                       "exécution du pipeline.")
        return HttpResponseRedirect(reverse("campaigns:campaign_year", args=[year]))

