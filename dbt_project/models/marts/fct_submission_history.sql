-- One row per validated submission: when it was received, until when it was the current one, and whether
-- it still is. An analyst asks "which submission held a region's figures on date D" with
-- valide_du <= D and (valide_au is null or valide_au > D).
select
    versions.annee,
    versions.code_region,
    versions.submission_id,
    versions.fichier,
    versions.valide_du,
    versions.valide_au,
    versions.est_courant,
    versions.lignes_lues,
    versions.lignes_acceptees,
    versions.lignes_quarantaine
from {{ ref('int_submissions_versioned') }} as versions
