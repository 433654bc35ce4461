"""The two documents, made from their figures (piramig.publishing.syntheses.figures) only.

A region's synthesis: a title page (region, year, provisional or final), the key figures, then the national
restitution's sections at the region's scale, each figure beside the year before and the national one, each
section ending with the box where the coordinator writes the qualitative analysis. The national restitution: the
webinar's tables (regions under their printed label, in the slides' order) and charts, for any year."""

from __future__ import annotations

import datetime as dt

from piramig.contract.dictionary import block_members
from piramig.publishing.syntheses.charts import ChartCache, Series
from piramig.publishing.syntheses.figures import (
    ACTIVITIES,
    MEDICAL_BIN_LABELS,
    MEDICAL_BINS,
    PASS_TYPES,
    PROFESSIONS,
)
from piramig.publishing.syntheses.french import (
    MASKED,
    MISSING,
    SECRET,
    change,
    euros,
    is_missing,
    number,
    ordinal,
    percent,
)
from piramig.publishing.syntheses.word import BLEU_FRANCE, GRIS, GRIS_FONCE, ROUGE_MARIANNE, WordDocument

TYPE_LABELS = {"generaliste": "PASS généraliste", "psychiatrique": "PASS exclusivement psychiatrique",
               "bucco_dentaire": "PASS exclusivement buccodentaire",
               "ophtalmologique": "PASS exclusivement ophtalmologique"}
ACTIVITY_LABELS = {"act_mere_enfant": "Activité mères-enfants et/ou pédiatriques", "act_mobile": "Activité mobile",
                   "act_bucco_dentaire": "Activité buccodentaire", "act_psychologue": "Activité psychologue dédié",
                   "act_ophtalmologique": "Activité ophtalmologique"}
KEY_FIGURES = ["nb_pass", "taux_remplissage", "file_active", "nouveaux_patients", "pct_nouveaux_patients",
               "nb_consultations_medicales", "nb_entretiens_sociaux", "pct_femmes_suivi_grossesse", "pct_allophones",
               "nb_dossiers_cpam", "etp_total_moyen"]
NATIONAL_KEY_FIGURES = ["nb_pass", "taux_remplissage", "file_active", "nouveaux_patients", "pct_nouveaux_patients",
                        "pct_nouveaux_patients_methode_webinaire", "nb_femmes_suivi_grossesse",
                        "pct_femmes_suivi_grossesse", "pct_mna", "nb_allophones", "pct_allophones",
                        "nb_dossiers_cpam", "pct_dossiers_cpam_complexes", "etp_total_moyen", "etp_total_median"]
# Key figures' rows: the label a reader (and the tests) find them by.
KEY_LABELS = {"nb_pass": "Nombre de PASS", "taux_remplissage": "Taux moyen de remplissage",
              "file_active": "File active", "nouveaux_patients": "Nouveaux patients"}


def block_shares(block: str) -> list[str]:
    """The share indicators of a breakdown block, in the questionnaire's order."""
    return [f"pct_{member.removeprefix('nb_')}" for member in block_members(block)]


def source_line(year: int, statut: str) -> str:
    return f"Source : PIRAMIG, rapports d'activité {year}" + (" (chiffres provisoires)" if statut != "definitif"
                                                                else "")


def _date(iso: str | None) -> str:
    return dt.datetime.fromisoformat(iso).strftime("%d/%m/%Y") if iso else MISSING


def _share(part, whole) -> float | str | None:
    if part == SECRET or whole == SECRET:
        return SECRET
    if is_missing(part) or is_missing(whole) or not whole:
        return None
    return 100 * part / whole


class Formats:
    """How each indicator prints, from its unit (dim_indicators)."""

    def __init__(self, labels: dict[str, list[str]]):
        self.labels = labels

    def label(self, indicator: str) -> str:
        return KEY_LABELS.get(indicator, self.labels[indicator][0])

    def unit(self, indicator: str) -> str:
        return self.labels[indicator][1]

    def value(self, indicator: str, value) -> str:
        unit = self.unit(indicator)
        if unit == "%":
            return percent(value, 2 if indicator == "taux_remplissage" else 0)
        if unit == "ETP":
            return number(value, 2)
        if unit == "euros":
            return euros(value)
        return number(value)

    def change(self, indicator: str, now, before) -> str:
        if SECRET in (now, before):
            return MASKED
        if is_missing(now) or is_missing(before):
            return MISSING
        unit = self.unit(indicator)
        if unit == "%":
            return change(now - before, 1, "pts")
        if unit == "ETP":
            return change(now - before, 2)
        if not before:
            return change(now - before)
        return change(100 * (now - before) / before, 0, "%")


class Synthesis:
    """What both documents share: the figures, the formats, the charts and the Word document."""

    def __init__(self, figures: dict, charts: ChartCache, title: str, footer: str):
        self.f = figures
        self.year = figures["annee"]
        self.before = figures["annee_precedente"]
        self.statut = figures["campagne"]["statut_chiffres"]
        self.formats = Formats(figures["libelles"])
        self.charts = charts
        self.source = source_line(self.year, self.statut)
        self.doc = WordDocument(title, footer)

    def title_page(self, kicker: str, title: str, subtitle: str) -> None:
        doc, campaign = self.doc, self.f["campagne"]
        doc.paragraph(space_after=60)
        doc.paragraph("PERMANENCES D'ACCÈS AUX SOINS DE SANTÉ (PASS) — PIRAMIG", bold=True, size=10, color=GRIS)
        doc.paragraph(kicker, size=16, color=GRIS_FONCE, space_after=2)
        doc.paragraph(title, bold=True, size=30, color=BLEU_FRANCE, space_after=2)
        doc.paragraph(subtitle, bold=True, size=20, color=BLEU_FRANCE, space_after=24)
        if self.statut == "definitif":
            doc.paragraph("Chiffres définitifs", bold=True, size=14, color=BLEU_FRANCE, space_after=2)
            doc.paragraph(f"Campagne {self.year} close le {_date(campaign.get('close_le'))} : les chiffres ne "
                          "changeront plus, sauf réouverture de la campagne.", size=10)
        else:
            doc.paragraph("Chiffres provisoires", bold=True, size=14, color=ROUGE_MARIANNE, space_after=2)
            doc.paragraph(f"Campagne {self.year} en cours : {campaign.get('regions_recues') or 0} région(s) reçue(s) "
                          f"sur {campaign.get('regions_attendues') or MISSING} attendues ; ces chiffres changeront "
                          "avec les envois à venir.", size=10)
        doc.paragraph(space_after=18)
        if self.f["ouvert"]:
            doc.paragraph("Version diffusable (données ouvertes)", bold=True, size=11, color=GRIS_FONCE,
                          space_after=2)
            doc.paragraph("Les effectifs de patients de 1 à 10 sont masqués (« s »), ainsi que ceux qui permettraient "
                          "de les retrouver par différence, et les parts calculées sur eux (secret statistique, comme "
                          "dans les données ouvertes de PIRAMIG). Les nombres de PASS, ETP et montants sont donnés.",
                          size=9)
        else:
            doc.paragraph("Document de travail interne", bold=True, size=11, color=GRIS_FONCE, space_after=2)
            doc.paragraph("Les effectifs ne sont pas masqués : ne pas diffuser tel quel. La version diffusable, avec "
                          "le secret statistique appliqué, est dans le dossier donnees_ouvertes.", size=9)
        doc.paragraph(space_after=18)
        doc.paragraph("Projet généré automatiquement à partir de l'entrepôt PIRAMIG publié. Les encadrés « Analyse "
                      "qualitative : à compléter » attendent le commentaire de la coordination.", italic=True,
                      size=9, color=GRIS)
        doc.source(self.source)
        doc.page_break()

    def value(self, indicator: str, value) -> str:
        return self.formats.value(indicator, value)

    def chart(self, kind: str, *args, **kwargs) -> None:
        self.doc.chart(self.charts.get(kind, *args, **kwargs))

    def closing(self) -> None:
        self.doc.analysis()

    def table(self, *args, **kwargs) -> None:
        """A table, then its source line."""
        self.doc.table(*args, **kwargs)
        self.doc.source(self.source)


class RegionalSynthesis(Synthesis):
    def __init__(self, figures: dict, charts: ChartCache):
        name, year = figures["nom"], figures["annee"]
        final = figures["campagne"]["statut_chiffres"] == "definitif"
        super().__init__(figures, charts, f"Synthèse régionale PASS {name} {year}",
                         f"Synthèse PASS {name} {year} ({'définitive' if final else 'provisoire'})")
        self.name = name

    def v(self, indicator: str) -> list:
        return self.f["valeurs"][indicator]

    def comparison(self, indicators: list[str]) -> None:
        before = self.before
        header = ["Indicateur", f"{self.name} {self.year}", f"{self.name} {before or self.year - 1}", "Évolution",
                  f"France {self.year}"]
        rows = []
        for indicator in indicators:
            now, previous, national = self.v(indicator)
            rows.append([self.formats.label(indicator), self.value(indicator, now), self.value(indicator, previous),
                         self.formats.change(indicator, now, previous), self.value(indicator, national)])
        self.table(header, rows, [6.2, 2.7, 2.7, 2.2, 2.9])

    def build(self) -> WordDocument:
        self.title_page("Synthèse régionale annuelle", self.name, f"Activité {self.year}")
        self.key_figures()
        self.structures()
        self.completeness()
        self.activity()
        self.profile()
        self.pregnancy()
        self.interpreting()
        self.cpam()
        self.team()
        self.funding()
        return self.doc

    def key_figures(self) -> None:
        self.doc.heading("Chiffres clés", 1)
        self.doc.paragraph(f"{self.name} en {self.year}, à côté de l'année précédente et de la France entière.")
        self.comparison(KEY_FIGURES)

    def structures(self) -> None:
        doc = self.doc
        doc.heading("1. Les PASS de la région", 1)
        count, generalists, share = (self.v(i)[0] for i in ("nb_pass", "nb_pass_generaliste", "pct_pass_generaliste"))
        doc.paragraph(f"En {self.year}, {number(count)} PASS de la région ont transmis leur rapport d'activité, dont "
                      f"{number(generalists)} PASS généralistes ({percent(share)}).")
        self.comparison(["nb_pass", "nb_pass_generaliste", "pct_pass_generaliste",
                         *(f"nb_pass_{t}" for t in PASS_TYPES[1:])])
        doc.heading("Activités complémentaires des PASS généralistes", 2)
        rows = []
        for activity in ACTIVITIES:
            now, previous, national = self.v(f"nb_pass_{activity}")
            generalists = self.v("nb_pass_generaliste")
            rows.append([ACTIVITY_LABELS[activity]] + [
                f"{number(n)} ({percent(_share(n, g))})" for n, g in
                ((now, generalists[0]), (previous, generalists[1]), (national, generalists[2]))])
        self.table(["Activité (PASS généralistes, part des généralistes)", f"{self.name} {self.year}",
                   f"{self.name} {self.before or self.year - 1}", f"France {self.year}"], rows, [7.5, 3.2, 3.2, 3.2])
        self.closing()

    def completeness(self) -> None:
        doc, completeness = self.doc, self.f["completude"] or {}
        doc.heading("2. Taux de remplissage et complétude", 1)
        doc.paragraph("Le taux de remplissage d'une PASS est la part des questions applicables de son rapport "
                      "auxquelles elle a répondu ; celui de la région est la moyenne de ses PASS.")
        self.comparison(["taux_remplissage"])
        doc.heading("Complétude de la campagne", 2)
        if completeness.get("pass_attendues") is None:
            doc.paragraph(f"Aucune campagne close ne précède {self.year} : les PASS attendues ne sont pas connues ; "
                          f"{number(completeness.get('pass_recues'))} PASS ont transmis leur rapport.")
        else:
            doc.paragraph(f"{number(completeness['pass_recues'])} PASS reçues pour "
                          f"{number(completeness['pass_attendues'])} attendues (PASS de la campagne close précédente "
                          f"et ouvertures déclarées) : {number(completeness['pass_manquantes'])} manquante(s), "
                          f"{number(completeness['pass_non_attendues'])} non attendue(s).")
        on_time = completeness.get("recu_a_temps")
        if completeness.get("recu_le"):
            doc.paragraph(f"Fichier de la région reçu le {_date(completeness['recu_le'])}"
                          + (" (dans les délais)." if on_time else " (après la date limite)." if on_time is False
                             else "."))
        missing = [p for p in self.f["pass_hors_envoi"] if p["statut_pass"] == "manquante"]
        unexpected = [p for p in self.f["pass_hors_envoi"] if p["statut_pass"] == "non_attendue"]
        if completeness.get("pass_attendues") is not None:
            if missing:
                doc.paragraph("PASS attendues sans rapport :", bold=True)
                for p in missing:
                    doc.bullet(f"{p['raison_sociale']} (FINESS {p['finess_et']}, {TYPE_LABELS[p['type_pass']]})")
            else:
                doc.paragraph("Aucune PASS attendue ne manque.")
            for p in unexpected:
                doc.bullet(f"Non attendue : {p['raison_sociale']} (FINESS {p['finess_et']}, "
                           f"{TYPE_LABELS[p['type_pass']]})")
        doc.heading("Taux de remplissage par PASS", 2)
        doc.paragraph("Du taux le plus bas au plus haut : les premières lignes disent où l'aide au remplissage est "
                      "la plus utile.")
        passes = sorted(self.f["pass"], key=lambda p: (p["taux_remplissage"] is None, p["taux_remplissage"] or 0,
                                                       p["raison_sociale"]))
        self.table(["FINESS", "Établissement", "Type", "Taux de remplissage"],
                  [[p["finess_et"], p["raison_sociale"], TYPE_LABELS[p["type_pass"]].removeprefix("PASS "),
                    percent(p["taux_remplissage"], 2)] for p in passes], [2.2, 8.3, 3.9, 2.6], numeric_from=3)
        self.closing()

    def activity(self) -> None:
        doc = self.doc
        doc.heading("3. File active et nouveaux patients", 1)
        doc.paragraph("La file active compte les patients vus au moins une fois dans l'année ; la part de nouveaux "
                      "patients est calculée sur les PASS qui ont renseigné les deux.")
        self.comparison(["file_active", "nouveaux_patients", "pct_nouveaux_patients", "nb_consultations_medicales",
                         "nb_entretiens_sociaux"])
        doc.heading("Évolution sur les années disponibles", 2)
        rows = [[str(year), number(fa), number(new), percent(pct), number(national), percent(_share(fa, national), 1)]
                for year, fa, new, pct, national in self.f["serie"]]
        self.table(["Année", "File active", "Nouveaux patients", "% nouveaux patients", "File active France",
                   "Part de la région"], rows, [2, 3, 3, 3, 3, 3])
        years = [str(row[0]) for row in self.f["serie"]]
        self.chart("bars", f"File active et nouveaux patients — {self.name}, {years[0]}-{years[-1]}"
                   if len(years) > 1 else f"File active et nouveaux patients — {self.name}, {self.year}",
                   years, [Series("File active", [row[1] for row in self.f["serie"]], "principal"),
                           Series("Nouveaux patients", [row[2] for row in self.f["serie"]], "secondaire")],
                   "patients", "Patients", self.source)
        self.closing()

    def profile(self) -> None:
        doc = self.doc
        doc.heading("4. Profil des patients", 1)
        doc.paragraph("Parts calculées sur les patients pour lesquels la PASS a répondu à la question (patients "
                      "renseignés).")
        panels = []
        for block, title in self.f["blocs"].items():
            members = block_shares(block)
            doc.heading(title, 2)
            answered = self.f["renseignes"][block]
            doc.paragraph(f"Patients renseignés : {number(answered[0])} dans la région en {self.year}, "
                          f"{number(answered[1])} l'année précédente, {number(answered[2])} en France.", size=9,
                          color=GRIS)
            self.comparison(members + (["pct_mna"] if block == "age" else []))
            panels.append((title, [self.formats.label(m).removeprefix("% ") for m in members],
                           [Series(f"{self.name} {self.year}", [self.v(m)[0] for m in members], "principal"),
                            Series(f"France {self.year}", [self.v(m)[2] for m in members], "national")]))
        doc.page_break()
        self.chart("panels", f"Profil des patients — {self.name} et France, {self.year}", panels, "%",
                   "% des patients renseignés", self.source)
        self.closing()

    def pregnancy(self) -> None:
        doc = self.doc
        doc.heading("5. Suivi de grossesse", 1)
        doc.paragraph("Femmes identifiées et femmes venant en PASS avec une demande de suivi de grossesse, sur les "
                      "PASS qui ont renseigné les deux.")
        self.comparison(["nb_femmes_repondants", "nb_femmes_suivi_grossesse", "pct_femmes_suivi_grossesse"])
        rank = self.f["rang_grossesse"]
        if rank:
            doc.paragraph(f"Avec {percent(self.v('pct_femmes_suivi_grossesse')[0])}, la région se classe au "
                          f"{ordinal(rank[0])} rang des {rank[1]} régions (de la plus forte part à la plus faible, "
                          "comme dans la restitution nationale).")
        self.closing()

    def interpreting(self) -> None:
        self.doc.heading("6. Allophonie et interprétariat", 1)
        self.doc.paragraph("Personnes allophones de la file active des PASS qui ont répondu ; actes d'interprétariat "
                           "et financements valorisés.")
        self.comparison(["nb_allophones", "pct_allophones", "nb_actes_interpretariat_presentiel",
                         "nb_actes_interpretariat_distance", "montant_interpretariat_eur",
                         "nb_pass_encadrement_interpretariat_oui", "nb_pass_encadrement_interpretariat_non"])
        self.closing()

    def cpam(self) -> None:
        self.doc.heading("7. Dossiers adressés à la CPAM", 1)
        self.doc.paragraph("Dossiers d'ouverture de droits, de prise en charge à 100 %, de régularisation de "
                           "prestations... adressés à la CPAM, et la part de ceux que la PASS juge complexes.")
        self.comparison(["nb_dossiers_cpam", "nb_dossiers_cpam_moyen", "pct_dossiers_cpam_complexes"])
        self.closing()

    def team(self) -> None:
        doc = self.doc
        doc.heading("8. Équipes (ETP)", 1)
        self.comparison(["etp_total_moyen", "etp_total_median", "nb_pass_etp_internes"])
        doc.heading("ETP moyen par PASS et par profession", 2)
        self.table(["Profession", f"{self.name} {self.year}", f"France {self.year}"],
                  [[self.f["professions"][p], number(self.f["equipe"][p][0], 2), number(self.f["equipe"][p][1], 2)]
                   for p in PROFESSIONS], [9.5, 3.6, 3.6])
        doc.heading("ETP médical déclaré (hors internes et étudiants)", 2)
        counts = [self.v(f"nb_pass_etp_medical_{b}") for b in MEDICAL_BINS]
        totals = [sum(c[i] for c in counts if not is_missing(c[i])) for i in range(3)]
        rows = [[label] + [f"{number(c[i])} ({percent(_share(c[i], totals[i]))})" for i in range(3)]
                for label, c in zip(MEDICAL_BIN_LABELS, counts, strict=True)]
        self.table(["ETP médical déclaré (PASS, part des PASS)", f"{self.name} {self.year}",
                   f"{self.name} {self.before or self.year - 1}", f"France {self.year}"], rows, [7.5, 3.2, 3.2, 3.2])
        self.closing()

    def funding(self) -> None:
        doc, funding = self.doc, self.f["dotation"]
        doc.heading("9. Dotation de la région", 1)
        if self.statut != "definitif":
            doc.paragraph(f"La campagne {self.year} est en cours : la dotation n'est calculée qu'une fois la "
                          "campagne close, sur ses chiffres définitifs.")
        elif not funding:
            doc.paragraph(f"Aucune dotation n'est calculée pour la région sur l'activité {self.year}.")
        else:
            doc.paragraph(f"Modèle de répartition, scénario « {self.f['scenario']} » (paramètres : "
                          "seeds/allocation/dotation_scenarios.csv).")
            self.table(["Dotation", "Montant"], [
                ["Montant de la région", euros(funding["montant"])],
                ["Part de l'enveloppe nationale", percent(funding["part_nationale"], 2)],
                ["Montant de l'année précédente", euros(funding["montant_annee_precedente"])],
                ["Évolution", change(funding["evolution_pct"], 1, "%")],
                ["Encadrement appliqué", funding["encadrement"] or "aucun"],
                ["PASS éligibles / non éligibles",
                 f"{number(funding['nb_pass_eligibles'])} / {number(funding['nb_pass_non_eligibles'])}"],
            ], [9.5, 7.2])
            doc.paragraph(funding["explication"] or "", size=9)
        self.closing()


class NationalSynthesis(Synthesis):
    def __init__(self, figures: dict, charts: ChartCache):
        year = figures["annee"]
        super().__init__(figures, charts, f"Restitution nationale PIRAMIG {year}",
                         f"Restitution nationale PIRAMIG {year}")
        self.regions = figures["regions"]

    def v(self, indicator: str) -> list:
        return self.f["valeurs"][indicator]

    def build(self) -> WordDocument:
        self.title_page("Restitution nationale des données PIRAMIG", "France entière", f"Activité {self.year}")
        self.key_figures()
        self.fill_rates()
        self.structures()
        self.activity()
        self.characteristics()
        self.breakdowns()
        self.access()
        self.team()
        self.funding()
        return self.doc

    def key_figures(self) -> None:
        doc = self.doc
        doc.heading("Chiffres clés", 1)
        doc.paragraph("Les tableaux et graphiques reprennent ceux de la restitution nationale de la DGOS (webinaire "
                      "du 26 mai 2023) : régions sous leur libellé et dans l'ordre des diapositives.")
        before = self.before or self.year - 1
        rows = [[self.formats.label(i), self.value(i, self.v(i)[0]), self.value(i, self.v(i)[1]),
                 self.formats.change(i, *self.v(i))] for i in NATIONAL_KEY_FIGURES]
        self.table(["Indicateur", f"France {self.year}", f"France {before}", "Évolution"], rows, [8.7, 2.8, 2.8, 2.4])

    def _region_rows(self, columns: list[str], order: list[list[str]] | None = None) -> list[list[str]]:
        per_region = self.f["par_region"]
        rows = [[label] + [self.value(c, per_region[c][code]) for c in columns] for code, label in
                (order or self.regions)]
        rows.append(["Total général"] + [self.value(c, self.v(c)[0]) for c in columns])
        return rows

    def fill_rates(self) -> None:
        doc, rates = self.doc, self.f["remplissage"]
        years = sorted(rates)
        doc.heading(f"Taux moyen de remplissage depuis {years[0]}", 1)
        rows = [[label, number(self.f["par_region"]["nb_pass"][code])] + [percent(rates[y].get(code), 2)
                                                                         for y in years]
                for code, label in self.regions]
        rows.append(["Total général", number(self.v("nb_pass")[0])]
                    + [percent(rates[y].get("national"), 2) for y in years])
        self.table(["Régions", "Nombre de PASS", *years], rows, [6.2] + [10.5 / (1 + len(years))] * (1 + len(years)),
                  bold_last=True)
        self.closing()

    def structures(self) -> None:
        doc = self.doc
        doc.heading(f"PASS hospitalières — État des lieux : activités {self.year}", 1)
        columns = ["nb_pass", "nb_pass_generaliste", "pct_pass_generaliste", *(f"nb_pass_{t}" for t in PASS_TYPES[1:])]
        self.table(["Régions", "Nombre de PASS", "PASS généraliste", "% généraliste", "Exclusivement psychiatrique",
                   "Exclusivement buccodentaire", "Exclusivement ophtalmologique"], self._region_rows(columns),
                  [4.6, 1.9, 2, 1.9, 2.1, 2.1, 2.1], bold_last=True)
        doc.heading("Activités complémentaires des PASS généralistes", 2)
        columns = ["nb_pass", "nb_pass_generaliste", *(f"nb_pass_{a}" for a in ACTIVITIES)]
        self.table(["Régions", "Nombre de PASS", "PASS généraliste", "Mères-enfants et/ou pédiatriques", "Mobile",
                   "Bucco-dentaire", "Psychologue dédié", "Ophtalmo-logique"], self._region_rows(columns),
                  [4.3, 1.7, 1.8, 2.1, 1.6, 1.8, 1.8, 1.6], bold_last=True)
        generalists = self.v("nb_pass_generaliste")
        series = [Series(f"France {self.year}", [_share(self.v(f"nb_pass_{a}")[0], generalists[0])
                                                 for a in ACTIVITIES], "principal")]
        if self.before:
            series.append(Series(f"France {self.before}", [_share(self.v(f"nb_pass_{a}")[1], generalists[1])
                                                           for a in ACTIVITIES], "precedent"))
        self.chart("panels", f"Répartition des activités complémentaires des PASS généralistes, {self.year}",
                   [("Part des PASS généralistes déclarant l'activité", [ACTIVITY_LABELS[a] for a in ACTIVITIES],
                     series)], "%", "% des PASS généralistes", self.source)
        self.closing()

    def activity(self) -> None:
        doc, series = self.doc, self.f["serie"]
        years = [str(row[0]) for row in series]
        doc.heading(f"File active nationale depuis {years[0]}", 1)
        self.chart("bars", f"File active nationale et nouveaux patients, {years[0]}-{years[-1]}", years,
                   [Series("File active", [row[1] for row in series], "principal"),
                    Series("Nouveaux patients", [row[2] for row in series], "secondaire")],
                   "patients", "Patients", self.source)
        first = self.f["premiere_annee"]
        if first != self.year:
            doc.heading(f"File active régionale : évolution {first}-{self.year}", 1)
            self.chart("panels", f"File active par région, {first} et {self.year}",
                       [("File active de chaque région", [label for _, label in self.regions],
                         [Series(f"{self.year}", [self.f["par_region"]["file_active"][code]
                                                  for code, _ in self.regions], "principal"),
                          Series(f"{first}", [self.f["file_active_premiere_annee"][code] for code, _ in self.regions],
                                 "precedent")])],
                       "patients", "Patients", self.source)
        doc.heading(f"File active régionale et nouveaux patients en {self.year}", 1)
        self.table(["Régions", "NB PASS", f"File active {self.year}", "Nouveaux patients", "% nouveaux patients"],
                  self._region_rows(["nb_pass", "file_active", "nouveaux_patients", "pct_nouveaux_patients"]),
                  [6.2, 2.2, 3, 3, 2.6], bold_last=True)
        doc.paragraph(f"Part de nouveaux patients calculée sur les PASS qui ont renseigné les deux : "
                      f"{percent(self.v('pct_nouveaux_patients')[0])} ; en gardant au dénominateur la file active des "
                      f"PASS qui n'ont pas renseigné leurs nouveaux patients (méthode du webinaire) : "
                      f"{percent(self.v('pct_nouveaux_patients_methode_webinaire')[0])}.", size=9)
        self.closing()

    def characteristics(self) -> None:
        doc = self.doc
        doc.heading("Principales caractéristiques de la file active des PASS", 1)
        self._breakdown_chart("sexe", f"Poids hommes/femmes dans la file active, {self.year}")
        mna = self.f["details"]["pct_mna"]
        doc.paragraph(f"À noter : {percent(self.v('pct_mna')[0])} de mineurs non accompagnés en moyenne au national "
                      f"parmi les moins de 18 ans de la file active (déclaratif, {number(mna[2])} PASS répondantes).")
        doc.heading("Femmes venant en PASS avec une demande de suivi de grossesse", 2)
        per_region = self.f["par_region"]["pct_femmes_suivi_grossesse"]
        order = sorted(self.regions, key=lambda r: (per_region[r[0]] in (None, SECRET),
                                                    -(per_region[r[0]] if isinstance(per_region[r[0]], float | int)
                                                      else 0), r[1]))
        self.table(["Régions", "Nombre total de femmes identifiées (répondants)",
                   "Femmes venant avec une demande de suivi de grossesse", "%"],
                  self._region_rows(["nb_femmes_repondants", "nb_femmes_suivi_grossesse",
                                     "pct_femmes_suivi_grossesse"], order), [5.5, 4.2, 4.8, 2.2], bold_last=True)
        doc.paragraph(f"En moyenne, {percent(self.v('pct_femmes_suivi_grossesse')[0])} des femmes identifiées viennent "
                      "en PASS pour une demande de suivi de grossesse"
                      + (f" ({percent(self.v('pct_femmes_suivi_grossesse')[1])} en {self.before})." if self.before
                         else "."))
        self.closing()

    def _breakdown_chart(self, block: str, title: str) -> None:
        members = block_shares(block)
        series = [Series(f"France {self.year}", [self.v(m)[0] for m in members], "principal")]
        if self.before:
            series.append(Series(f"France {self.before}", [self.v(m)[1] for m in members], "precedent"))
        self.chart("panels", title, [(self.f["blocs"][block], [self.formats.label(m).removeprefix("% ")
                                                               for m in members], series)],
                   "%", "% des patients renseignés", self.source)

    def breakdowns(self) -> None:
        doc = self.doc
        for block, heading in (("provenance", "Provenance géographique déclarée par les patients"),
                               ("hebergement", "Hébergement des patients PASS"),
                               ("couverture", "Situation vis-à-vis des droits à l'assurance maladie")):
            doc.heading(heading, 1)
            self._breakdown_chart(block, f"{heading}, {self.year}")
            doc.paragraph(f"Données sur une file active identifiée de {number(self.f['renseignes'][block][0])} "
                          "patients pour lesquels une réponse a été apportée.")
            self.closing()

    def access(self) -> None:
        doc, details = self.doc, self.f["details"]
        doc.heading("Dossiers adressés à la CPAM", 1)
        cpam, complex_ = details["nb_dossiers_cpam"], details["pct_dossiers_cpam_complexes"]
        doc.paragraph(f"En réponse à la question du nombre estimé de dossiers adressés à la CPAM, les "
                      f"{number(cpam[2])} PASS répondantes identifient {number(self.v('nb_dossiers_cpam')[0])} "
                      f"dossiers, soit {number(self.v('nb_dossiers_cpam_moyen')[0])} dossiers en moyenne par PASS. "
                      f"Parmi ces dossiers, {percent(self.v('pct_dossiers_cpam_complexes')[0])} sont considérés "
                      "comme complexes "
                      f"({number(complex_[0])} dossiers).")
        self.closing()
        doc.heading("Allophonie et interprétariat", 1)
        allophones = details["pct_allophones"]
        doc.bullet(f"Pour {number(allophones[2])} PASS (représentant une file active de {number(allophones[1])} "
                   f"patients), le nombre de personnes allophones dans leur file active est de "
                   f"{number(allophones[0])} personnes, soit {percent(self.v('pct_allophones')[0])}.")
        doc.bullet(f"{number(self.v('nb_actes_interpretariat_presentiel')[0])} actes d'interprétariat en présentiel "
                   f"et {number(self.v('nb_actes_interpretariat_distance')[0])} à distance ; les PASS répondantes "
                   f"valorisent {euros(self.v('montant_interpretariat_eur')[0])} de financements pour "
                   "l'interprétariat.")
        doc.bullet(f"{number(self.v('nb_pass_encadrement_interpretariat_oui')[0])} PASS répondent OUI à la question "
                   "des modalités d'encadrement de l'interprétariat (charte, formation, analyse de pratique...), "
                   f"{number(self.v('nb_pass_encadrement_interpretariat_non')[0])} répondent NON.")
        self.closing()

    def team(self) -> None:
        doc, team = self.doc, self.f["equipe"]
        doc.heading("Principales caractéristiques des équipes PASS", 1)
        total = sum(team[p] for p in PROFESSIONS if not is_missing(team[p]))
        self.chart("panels", f"Répartition des ETP moyens par profession — niveau national, {self.year}",
                   [("Part de chaque profession dans l'ETP moyen d'une PASS",
                     [self.f["professions"][p] for p in PROFESSIONS],
                     [Series(f"France {self.year}", [_share(team[p], total) for p in PROFESSIONS], "principal")])],
                   "%", "% des ETP moyens", self.source)
        doc.paragraph(f"Au total : {number(self.v('etp_total_moyen')[0], 1)} ETP en moyenne, "
                      f"{number(self.v('etp_total_median')[0], 2)} ETP médiane par PASS.", bold=True)
        doc.heading(f"ETP médicaux en PASS (hors internes et étudiants) — niveau national — données {self.year}", 2)
        self.table(["ETP médical déclaré", "Nombre de PASS"],
                  [[label, number(self.v(f"nb_pass_etp_medical_{b}")[0])]
                   for b, label in zip(MEDICAL_BINS, MEDICAL_BIN_LABELS, strict=True)], [9, 4])
        doc.paragraph(f"À noter : {number(self.v('nb_pass_etp_internes')[0])} PASS seulement déclarent du temps "
                      "d'internes et FFI.")
        self.closing()

    def funding(self) -> None:
        doc, funding = self.doc, self.f["dotation"]
        doc.heading("Dotation des régions", 1)
        if funding is None:
            doc.paragraph(f"La campagne {self.year} est en cours : la dotation n'est calculée qu'une fois la campagne "
                          "close.")
        else:
            labels = dict((code, label) for code, label in self.regions)
            doc.paragraph(f"Modèle de répartition, scénario « {self.f['scenario']} ».")
            rows = [[labels[code], euros(f["montant"]), percent(f["part_nationale"], 2),
                     change(f["evolution_pct"], 1, "%"), f["encadrement"] or ""] for code, f in funding]
            rows.append(["Total", euros(sum(f["montant"] for _, f in funding)), percent(100), "", ""])
            self.table(["Régions", "Montant", "Part nationale", "Évolution", "Encadrement"], rows,
                      [5.8, 3.4, 2.6, 2.4, 2.5], bold_last=True)
        self.closing()


def build_document(figures: dict, charts: ChartCache) -> WordDocument:
    builder = NationalSynthesis if figures["type"] == "national" else RegionalSynthesis
    return builder(figures, charts).build()
