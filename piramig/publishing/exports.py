"""Exports of the published warehouse for analysts, per activity year: Parquet for every public table (schema
marts), CSV that opens right in a French spreadsheet, and an open-data set with small counts masked.

Written into a new folder, then `published/exports` (a symbolic link) is switched to it in one rename: a
reader sees the previous exports or the new ones, never a mix. A file whose content did not change since the
previous generation (its table's columns and rows for the year, and the code that writes it) is not written
again: it is a hard link to the previous one. Small counts are masked in `donnees_ouvertes/` only; the other
exports, like the warehouse, keep the real values. The figures of an open campaign are provisional: its
folder's LISEZMOI.txt says so, its tables carry their status, and its open data leave the national totals out.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from piramig.contract.dictionary import block_members, breakdown_blocks
from piramig.publishing.disclosure import suppress
from piramig.reporting.spreadsheets import write_french_csv

NATIONAL = "Total national"
FINGERPRINTS = ".empreintes.json"
NOTICE = "LISEZMOI.txt"
OPEN_DATA = "donnees_ouvertes"
# The code that shapes the files: a change of it rewrites every year.
WRITERS = [Path(__file__), Path(suppress.__code__.co_filename), Path(write_french_csv.__code__.co_filename)]

# Open data: counts of patients per region, as tables with their totals (primary and secondary suppression).
OPEN_DATA_COLUMNS = {
    "file_active": ["file_active", "nouveaux_patients"],
    "femmes_suivi_grossesse": ["nb_femmes_repondants", "nb_femmes_suivi_grossesse"],
    "allophonie": ["nb_allophones"],
    "dossiers_cpam": ["nb_dossiers_cpam"],
}
# The breakdown blocks, each member by the name its share indicator has (pct_<member without nb_>).
OPEN_DATA_BLOCKS = {block: [member.removeprefix("nb_") for member in block_members(block)]
                    for block in breakdown_blocks()}


def public_tables(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str | None, list[str]]]:
    """(table, its year column or None, its columns) for every table and view of the marts schema."""
    return con.execute(
        """SELECT table_name, min(column_name) FILTER (WHERE column_name IN ('annee', 'Année')),
                  list(column_name ORDER BY ordinal_position)
           FROM information_schema.columns WHERE table_schema = 'marts' GROUP BY table_name ORDER BY 1"""
    ).fetchall()


def _rows_of_year(table: str, year_column: str | None, year: int) -> str:
    """The rows of a year (all rows of a table without a year)."""
    where = f' WHERE "{year_column}" = {int(year)}' if year_column else ""
    return f'marts."{table}" AS t{where}'


def _region_labels(con) -> dict[str, str]:
    return dict(con.execute("SELECT code_region, nom_region FROM marts.dim_regions").fetchall())


def _indicator_table(con, year: int, codes: list[str], column: str = "valeur") -> pd.DataFrame:
    frame = con.execute(
        f"""SELECT coalesce(code_region, 'national') AS ligne, indicateur, {column} AS v FROM marts.fct_indicators
            WHERE annee = ? AND indicateur IN ({', '.join('?' for _ in codes)})""",
        [year, *codes]).df()
    table = frame.pivot(index="ligne", columns="indicateur", values="v").reindex(columns=codes)
    return table


def campaign_is_closed(con: duckdb.DuckDBPyConnection, year: int) -> bool:
    return con.execute("SELECT count(*) FROM marts.dim_campagnes WHERE annee = ? AND statut = 'close'",
                       [year]).fetchall() == [(1,)]


def status_notice(con: duckdb.DuckDBPyConnection, year: int) -> str:
    """What a year's folder holds, in French: final or provisional figures, and what they rest on."""
    statut, closed_on, received, expected, pass_received = con.execute(
        """SELECT statut, close_le, regions_recues, regions_attendues, pass_recues FROM marts.dim_campagnes
           WHERE annee = ?""", [year]).fetchall()[0]
    if statut == "close":
        return (f"Campagne PIRAMIG {year} : close le {closed_on:%d/%m/%Y}. Chiffres définitifs, "
                f"{pass_received} PASS de {received} régions sur {expected} attendues.\n")
    return (f"Campagne PIRAMIG {year} : en cours. Chiffres PROVISOIRES, qui changeront avec les envois à venir : "
            f"ils reposent sur {pass_received} PASS de {received} régions sur {expected} attendues "
            f"(statut_campagne = 'provisoire' dans fct_indicators, colonne Statut des tableau_*). "
            f"Les totaux nationaux sont absents des données ouvertes tant que la campagne n'est pas close ; "
            f"pas de dotation avant la clôture.\n")


def open_data_tables(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, pd.DataFrame]:
    """The open-data tables of a year, masked: regions in rows, then the national total, which an open campaign
    leaves out (masked with it all the same, so that the regions' cells hide exactly as they will once closed)."""
    labels = _region_labels(con)
    tables = {}
    for name, codes in OPEN_DATA_COLUMNS.items():
        tables[name] = (_indicator_table(con, year, codes), None)
    for block, members in OPEN_DATA_BLOCKS.items():
        shares = [f"pct_{m}" for m in members]
        counts = _indicator_table(con, year, shares, "numerateur")
        counts.columns = [f"nb_{m}" for m in members]
        # Every share of a block has the same denominator: the patients for whom the block was answered.
        total = f"patients_renseignes_{block}"
        counts[total] = _indicator_table(con, year, shares[:1], "denominateur")[shares[0]]
        tables[f"repartition_{block}"] = (counts, total)
    closed = campaign_is_closed(con, year)
    masked = {}
    for name, (table, total_column) in tables.items():
        if "national" not in table.index:
            continue
        hidden = suppress(table, "national", total_column)
        hidden.columns.name = None
        hidden.index = [NATIONAL if code == "national" else labels.get(code, code) for code in hidden.index]
        hidden.index.name = "region"
        national_last = [i for i in hidden.index if i != NATIONAL] + ([NATIONAL] if closed else [])
        masked[name] = hidden.loc[national_last].reset_index()
    return masked


def _fingerprints(con, tables: list, year: int, code: str) -> dict[str, str]:
    """What each file of a year's exports is made of: a table's columns and rows for the year, the tables the
    open data and the notice read, and `code`, the fingerprint of the code that writes them all."""
    prints = {}
    for table, year_column, columns in tables:
        rows = con.execute(f"SELECT count(*), sum(hash(t)) FROM {_rows_of_year(table, year_column, year)}").fetchall()
        prints[table] = hashlib.sha256(repr((code, columns, rows)).encode()).hexdigest()
    for name, tables in ((OPEN_DATA, ("fct_indicators", "dim_regions", "dim_campagnes")),
                         (NOTICE, ("dim_campagnes",))):
        prints[name] = hashlib.sha256(repr([code, *(prints[t] for t in tables)]).encode()).hexdigest()
    return prints


def _write_year(con, folder: Path, tables: list, year: int, prints: dict[str, str], before: dict[str, str],
                previous: Path) -> None:
    """A year's files; a file whose fingerprint has not changed since the previous generation is a hard link to
    it: nothing written."""
    folder.mkdir(parents=True)

    def reuse(*names: str) -> bool:
        return all((previous / name).exists() for name in names)

    if before.get(NOTICE) == prints[NOTICE] and reuse(NOTICE):
        os.link(previous / NOTICE, folder / NOTICE)
    else:
        (folder / NOTICE).write_text(status_notice(con, year), encoding="utf-8")
    for table, year_column, _ in tables:
        files = (f"{table}.parquet", f"{table}.csv")
        if before.get(table) == prints[table] and reuse(*files):
            for name in files:
                os.link(previous / name, folder / name)
            continue
        relation = con.sql(f"SELECT t.* FROM {_rows_of_year(table, year_column, year)}")
        relation.write_parquet(str(folder / files[0]))
        write_french_csv(relation.df(), folder / files[1])
    if before.get(OPEN_DATA) == prints[OPEN_DATA] and reuse(OPEN_DATA):
        _reuse(previous / OPEN_DATA, folder / OPEN_DATA)
        return
    open_data = folder / OPEN_DATA
    open_data.mkdir()
    for name, frame in open_data_tables(con, year).items():
        con.from_df(frame).write_parquet(str(open_data / f"{name}.parquet"))
        write_french_csv(frame, open_data / f"{name}.csv")


def _reuse(previous: Path, folder: Path) -> None:
    """A folder's files of the previous generation, as hard links: nothing copied, nothing written."""
    for path in previous.rglob("*"):
        if path.is_file():
            (folder / path.relative_to(previous)).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, folder / path.relative_to(previous))


def write_exports(published: Path, published_dir: Path) -> Path:
    """Export every year of the published warehouse, then switch `exports` to the new folder. Returns the link."""
    target = published_dir / f"exports-{uuid.uuid4().hex[:12]}"
    link = published_dir / "exports"
    before = json.loads((link / FINGERPRINTS).read_text()) if (link / FINGERPRINTS).exists() else {}
    fingerprints = {}
    target.mkdir(parents=True)
    with duckdb.connect(str(published), read_only=True) as con:
        years = [y for (y,) in con.execute("SELECT DISTINCT annee FROM marts.fct_indicators ORDER BY 1").fetchall()]
        tables = public_tables(con)
        code = hashlib.sha256(b"".join(path.read_bytes() for path in WRITERS)).hexdigest()
        for year in years:
            fingerprints[str(year)] = _fingerprints(con, tables, year, code)
            previous = before.get(str(year))
            _write_year(con, target / str(year), tables, year, fingerprints[str(year)],
                        previous if isinstance(previous, dict) else {}, link / str(year))
    (target / FINGERPRINTS).write_text(json.dumps(fingerprints, indent=1))
    for leftover in published_dir.glob(".exports-*"):  # links of a publication killed before its switch
        leftover.unlink(missing_ok=True)
    temporary_link = published_dir / f".exports-{uuid.uuid4().hex[:8]}"
    temporary_link.symlink_to(target.name)
    previous = os.path.realpath(link) if link.is_symlink() else None
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)  # an exports folder from before the switch to links
    os.replace(temporary_link, link)
    # The previous generation stays until the next publication: a reader may still be copying from it.
    keep = {target.name, Path(previous).name if previous else None}
    for old in published_dir.glob("exports-*"):
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)
    return link
