"""The funding report of a scenario, in French, for the ARS that must justify each amount: per year, the
regions (amount, change, bound applied, why) then, region by region, every PASS with its explanation."""

from __future__ import annotations

from pathlib import Path

import duckdb

from piramig.reporting.html import escape, write_page


def _euros(value) -> str:
    return f"{int(value):,}".replace(",", "\u202f") + " €"


def scenarios(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    return {code: (label, description) for code, label, description in con.execute(
        "SELECT scenario, libelle, description FROM reference.dotation_scenarios ORDER BY 1").fetchall()}


def write_allocation_report(published: Path, reports: Path, scenario: str) -> list[Path]:
    written = []
    with duckdb.connect(str(published), read_only=True) as con:
        known = scenarios(con)
        if scenario not in known:
            raise ValueError(f"scénario inconnu « {scenario} » ; scénarios : {', '.join(known)}")
        label, description = known[scenario]
        years = [y for (y,) in con.execute(
            "SELECT DISTINCT annee FROM marts.fct_dotation_region WHERE scenario = ? ORDER BY 1", [scenario]
        ).fetchall()]
        for year in years:
            regions = con.execute(
                """SELECT d.code_region, r.nom_region, d.montant, d.part_nationale, d.evolution_pct, d.encadrement,
                          d.explication
                   FROM marts.fct_dotation_region d JOIN marts.dim_regions r USING (code_region)
                   WHERE d.scenario = ? AND d.annee = ? ORDER BY r.nom_region""", [scenario, year]).fetchall()
            body = [f"<p class='verdict ok'>Dotation {escape(label)}, activité {year} : "
                    f"{_euros(sum(r[2] for r in regions))} répartis entre {len(regions)} régions.</p>",
                    f"<h1>Modèle de dotation des PASS — {escape(label)} — {year}</h1>",
                    f"<p class='meta'>{escape(description)} Paramètres : seeds/allocation/dotation_scenarios.csv "
                    f"(scénario « {escape(scenario)} »).</p>",
                    "<h2>Régions</h2><table><thead><tr><th>Région</th><th>Montant</th><th>Part nationale</th>"
                    "<th>Évolution</th><th>Encadrement</th><th>Pourquoi</th></tr></thead><tbody>"]
            for code, name, amount, share, change, bound, why in regions:
                body.append(f"<tr><td><a href='#r{code}'>{escape(name)}</a></td><td>{_euros(amount)}</td>"
                            f"<td>{share:.2f} %</td><td>{'' if change is None else f'{change:+.1f} %'}</td>"
                            f"<td>{escape(bound)}</td><td>{escape(why)}</td></tr>")
            body.append("</tbody></table>")
            for code, name, *_ in regions:
                rows = con.execute(
                    """SELECT finess_et, raison_sociale, type_pass, eligible, montant_total, dont_frais_structure,
                              explication
                       FROM marts.fct_dotation_pass WHERE scenario = ? AND annee = ? AND code_region = ?
                       ORDER BY montant_total DESC, finess_et""", [scenario, year, code]).fetchall()
                body.append(f"<h2 id='r{code}'>{escape(name)}</h2><table><thead><tr><th>FINESS</th>"
                            "<th>Établissement</th><th>Type</th><th>Montant</th><th>dont frais de structure</th>"
                            "<th>Pourquoi</th></tr></thead><tbody>")
                body += [f"<tr><td>{f}</td><td>{escape(n)}</td><td>{escape(t)}</td><td>{_euros(m)}</td>"
                         f"<td>{_euros(s)}</td><td>{escape(why)}</td></tr>" for f, n, t, _, m, s, why in rows]
                body.append("</tbody></table>")
            path = reports / "dotation" / scenario / f"{year}.html"
            written.append(write_page(path, f"Dotation {label} {year}", "".join(body)))
        for year, received, expected in con.execute(
                """SELECT annee, regions_recues, regions_attendues FROM marts.dim_campagnes
                   WHERE statut = 'en_cours' ORDER BY 1""").fetchall():
            body = (f"<p class='verdict warn'>Campagne {year} en cours : pas de dotation {escape(label)} "
                    f"pour l'activité {year}.</p>"
                    f"<h1>Modèle de dotation des PASS — {escape(label)} — {year}</h1>"
                    f"<p>La dotation n'est calculée que pour une campagne close : tant que la campagne est "
                    f"ouverte, ses chiffres sont provisoires ({received} région(s) reçue(s) sur {expected} "
                    f"attendues) et chaque nouvel envoi déplacerait les montants de toutes les régions. Elle "
                    f"sera calculée quand la DGOS clôturera la campagne (piramig campaign close {year}).</p>")
            path = reports / "dotation" / scenario / f"{year}.html"
            written.append(write_page(path, f"Dotation {label} {year}", body))
    return written
