-- Every submission received: one row per file and (year, region) it holds, rejected files included.
with source as (
    select * from {{ source('piramig_audit', 'submissions') }}
)

select
    submission_id,
    sha256,
    fichier,
    recu_le,
    enregistre_le,
    valide_le,
    annee,
    code_region,
    statut,
    motif,
    lignes_lues,
    lignes_acceptees,
    lignes_quarantaine
from source
