-- Nothing is lost: for every validated submission, rows read = rows accepted + rows quarantined, and the
-- ingestion tables hold exactly those rows; no accepted or quarantined row belongs to a submission missing
-- from the register.
-- Shown in Dagster as a check of stg_piramig__submissions.
{{ config(meta={'dagster': {'ref': {'name': 'stg_piramig__submissions'}}}) }}
with accepted as (
    select
        submission_id,
        count(*) as nb
    from {{ source('piramig_ingest', 'pass_reports') }}
    group by submission_id
),

quarantined as (
    select
        submission_id,
        count(*) as nb
    from {{ source('piramig_validation', 'quarantine') }}
    group by submission_id
),

counted as (
    select
        submissions.submission_id as submission_enregistree,
        coalesce(submissions.submission_id, accepted.submission_id) as submission_id,
        submissions.statut,
        submissions.lignes_lues,
        submissions.lignes_acceptees,
        submissions.lignes_quarantaine,
        coalesce(accepted.nb, 0) as acceptees_en_table
    from {{ ref('stg_piramig__submissions') }} as submissions
    full outer join accepted on submissions.submission_id = accepted.submission_id
)

select
    coalesce(counted.submission_id, quarantined.submission_id) as submission_id,
    counted.submission_enregistree is null as absente_du_registre,
    counted.statut,
    counted.lignes_lues,
    counted.lignes_acceptees,
    counted.lignes_quarantaine,
    coalesce(counted.acceptees_en_table, 0) as acceptees_en_table,
    coalesce(quarantined.nb, 0) as quarantaine_en_table
from counted
full outer join quarantined on counted.submission_id = quarantined.submission_id
where
    counted.submission_enregistree is null
    or (
        counted.statut = 'validée'
        and (
            counted.lignes_lues != counted.lignes_acceptees + counted.lignes_quarantaine
            or counted.lignes_acceptees != counted.acceptees_en_table
            or counted.lignes_quarantaine != coalesce(quarantined.nb, 0)
        )
    )
