"""A campaign's life: an activity year is `en_cours` until the DGOS closes it, then `close`; each region's
coordinator approves the region's current submission. Decisions and approvals are rows added to
`audit.campaign_decisions` and `audit.approvals`, never updated, so the history stays.

The command line (`piramig campaign`) and the web application call these functions; a refused decision raises
CampaignError with a French message and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import duckdb

from piramig.contract.reference import campaign_deadlines, expected_regions, region_codes, region_name
from piramig.vocabulary import CampaignDecision, CampaignStatus, RegionStatus


class CampaignError(Exception):
    """A decision that cannot be taken, said in French."""


@dataclass(frozen=True)
class RegionState:
    code_region: str
    status: RegionStatus
    submission_id: str | None = None
    file_name: str | None = None
    received: dt.datetime | None = None
    quarantined: int = 0
    approved_by: str | None = None


def campaign_status(con: duckdb.DuckDBPyConnection, year: int) -> CampaignStatus:
    closed = con.execute("SELECT count(*) FROM audit.campaign_closings WHERE annee = ?", [year]).fetchone()[0]
    return CampaignStatus.CLOSED if closed else CampaignStatus.OPEN


def known_years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The campaigns the warehouse knows: a year with a submission or a decision."""
    return [y for (y,) in con.execute(
        "SELECT annee FROM audit.submissions WHERE annee IS NOT NULL UNION "
        "SELECT annee FROM audit.campaign_decisions ORDER BY 1").fetchall()]


def region_states(con: duckdb.DuckDBPyConnection, year: int) -> list[RegionState]:
    """The regions of the campaign (those expected, and any other that sent a file), with their current
    submission and where they stand (the warehouse view audit.current_submission_states, which dbt reads too)."""
    current = {row[0]: row[1:] for row in con.execute(
        """SELECT code_region, statut_region, submission_id, fichier, recu_le, lignes_quarantaine, valide_par
           FROM audit.current_submission_states WHERE annee = ?""", [year]).fetchall()}
    return [RegionState(region, RegionStatus(current[region][0]), *current[region][1:]) if region in current
            else RegionState(region, RegionStatus.EXPECTED)
            for region in region_codes() if region in current or region in expected_regions()]


def _known(con: duckdb.DuckDBPyConnection, year: int) -> None:
    if year not in known_years(con):
        raise CampaignError(f"Campagne {year} inconnue : aucun envoi reçu pour cette année.")


def _by(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise CampaignError("Indiquez qui prend la décision (--by NOM).")
    return name


def approve(con: duckdb.DuckDBPyConnection, year: int, region: str, by: str,
            submission_id: str | None = None) -> RegionState:
    """The region's coordinator approves its current submission of an open campaign, free of quarantine. With
    `submission_id` (the one the coordinator read), refused if another submission has become current since."""
    by = _by(by)
    _known(con, year)
    if region not in region_codes():
        raise CampaignError(f"Région « {region} » inconnue : codes possibles {', '.join(region_codes())}.")
    if campaign_status(con, year) == CampaignStatus.CLOSED:
        raise CampaignError(f"La campagne {year} est close : rouvrez-la avant de valider un envoi.")
    state = next(s for s in region_states(con, year) if s.code_region == region)
    label = f"{region_name(region)} ({region})"
    if state.status == RegionStatus.EXPECTED:
        raise CampaignError(f"{label} n'a pas d'envoi validé pour {year} : rien à valider.")
    if submission_id is not None and state.submission_id != submission_id:
        raise CampaignError(f"L'envoi que vous avez validé pour {label} {year} n'est plus l'envoi courant : "
                            f"{state.file_name} l'a remplacé. Relisez son rapport avant de le valider.")
    if state.status == RegionStatus.APPROVED:
        raise CampaignError(f"L'envoi courant de {label} pour {year} ({state.file_name}) est déjà validé par "
                            f"{state.approved_by}.")
    if state.status == RegionStatus.IN_ANOMALY:
        raise CampaignError(f"L'envoi courant de {label} pour {year} ({state.file_name}) a {state.quarantined} "
                            "ligne(s) en quarantaine : corrigez le fichier et renvoyez-le avant de le valider.")
    con.execute("INSERT INTO audit.approvals VALUES (?, ?, ?, ?, ?)",
                [year, region, state.submission_id, by, dt.datetime.now()])
    return replace(state, status=RegionStatus.APPROVED, approved_by=by)


def record_decision(con: duckdb.DuckDBPyConnection, year: int, decision: CampaignDecision, by: str,
                    at: dt.datetime | None = None, forced: bool = False,
                    without_data: list[str] | None = None) -> None:
    """Records a decision as taken, without the checks of close() and reopen(): they call it, and so does an
    import of a history as it happened (the demo's campaigns, closed as the DGOS published them)."""
    con.execute("INSERT INTO audit.campaign_decisions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [year, decision, _by(by), at or dt.datetime.now(), dt.datetime.now(), forced, without_data])


def close(con: duckdb.DuckDBPyConnection, year: int, by: str, force: bool = False) -> list[str]:
    """Closes an open campaign. Refused while a region has no submission or rows in quarantine, unless forced:
    the regions without data are then recorded, and their PASS have no funding for the year. Returns them."""
    by = _by(by)
    _known(con, year)
    if campaign_status(con, year) == CampaignStatus.CLOSED:
        raise CampaignError(f"La campagne {year} est déjà close.")
    states = region_states(con, year)
    missing = [s for s in states if s.status == RegionStatus.EXPECTED]
    in_anomaly = [s for s in states if s.status == RegionStatus.IN_ANOMALY]
    if (missing or in_anomaly) and not force:
        reasons = []
        if missing:
            reasons.append("sans envoi : " + ", ".join(region_name(s.code_region) for s in missing))
        if in_anomaly:
            reasons.append("avec des lignes en quarantaine : " + ", ".join(
                f"{region_name(s.code_region)} ({s.quarantined})" for s in in_anomaly))
        raise CampaignError(f"Clôture de la campagne {year} refusée, des régions sont " + " ; ".join(reasons)
                            + ". Pour clore malgré tout, ajoutez --force.")
    without_data = [s.code_region for s in missing]
    record_decision(con, year, CampaignDecision.CLOSE, by, forced=force, without_data=without_data)
    return without_data


def reopen(con: duckdb.DuckDBPyConnection, year: int, by: str) -> None:
    """Reopens a closed campaign: its figures are provisional again and follow the regions' latest submissions."""
    by = _by(by)
    _known(con, year)
    if campaign_status(con, year) == CampaignStatus.OPEN:
        raise CampaignError(f"La campagne {year} n'est pas close : rien à rouvrir.")
    record_decision(con, year, CampaignDecision.REOPEN, by)


STATUS_LABELS = {RegionStatus.EXPECTED: "attendu", RegionStatus.RECEIVED: "reçu",
                 RegionStatus.IN_ANOMALY: "en anomalie", RegionStatus.APPROVED: "validé par la coordination"}


def status_table(con: duckdb.DuckDBPyConnection, year: int) -> str:
    """Where a campaign stands, in French: its state and deadline, then each region."""
    _known(con, year)
    closing = con.execute("SELECT close_le, close_par FROM audit.campaign_closings WHERE annee = ?",
                          [year]).fetchone()
    deadline = campaign_deadlines().get(year)
    states = region_states(con, year)
    expected = [s for s in states if s.code_region in expected_regions()]
    received = [s for s in expected if s.status != RegionStatus.EXPECTED]
    lines = [f"Campagne {year} : " + (f"close le {closing[0]:%d/%m/%Y} par {closing[1]}" if closing else "en cours")
             + (f" ; date limite {deadline:%d/%m/%Y}" if deadline else " ; pas de date limite")
             + f" ; {len(received)} région(s) reçue(s) sur {len(expected)} attendue(s)",
             f"  {'région':<32} {'état':<27} {'reçu le':<11} {'à temps':<8} fichier"]
    for s in states:
        on_time = "" if s.received is None or deadline is None else (
            "oui" if s.received.date() <= deadline else "non")
        label = f"{region_name(s.code_region)} ({s.code_region})"
        lines.append(f"  {label:<32} {STATUS_LABELS[s.status]:<27} "
                     f"{f'{s.received:%d/%m/%Y}' if s.received else '':<11} {on_time:<8} {s.file_name or ''}")
    return "\n".join(lines)
