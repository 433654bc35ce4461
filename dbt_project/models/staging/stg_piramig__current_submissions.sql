-- The current submission of each (year, region): the rule lives in the warehouse view audit.current_submissions,
-- which the ingestion uses too, so that both agree on what "current" means.
select
    submission_id,
    fichier,
    recu_le,
    annee,
    code_region
from {{ source('piramig_audit', 'current_submissions') }}
