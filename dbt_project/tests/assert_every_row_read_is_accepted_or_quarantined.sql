-- Nothing is lost: for every validated submission, rows read = rows accepted + rows quarantined, and the
-- Shown in Dagster as a check of stg_piramig__submissions.
{{ config(meta={'dagster': {'ref': {'name': 'stg_piramig__submissions'}}}) }}
-- ingestion tables hold exactly those rows.
with accepted as (
    select submission_id, count(*) as nb from {{ source('piramig_ingest', 'pass_reports') }} group by submission_id
),

quarantined as (
    select submission_id, count(*) as nb from {{ source('piramig_validation', 'quarantine') }} group by submission_id
)

select
    submissions.submission_id,
    submissions.lignes_lues,
    submissions.lignes_acceptees,
    submissions.lignes_quarantaine,
    coalesce(accepted.nb, 0) as acceptees_en_table,
    coalesce(quarantined.nb, 0) as quarantaine_en_table
from {{ ref('stg_piramig__submissions') }} as submissions
left join accepted on accepted.submission_id = submissions.submission_id
left join quarantined on quarantined.submission_id = submissions.submission_id
where submissions.statut = 'validée'
  and (submissions.lignes_lues != submissions.lignes_acceptees + submissions.lignes_quarantaine
       or submissions.lignes_acceptees != coalesce(accepted.nb, 0)
       or submissions.lignes_quarantaine != coalesce(quarantined.nb, 0))
