-- Where each region with a current submission stands in its campaign: the rule lives in the warehouse view
-- audit.current_submission_states, which `piramig campaign` reads too, so that both say the same.
select
    annee,
    code_region,
    submission_id,
    recu_le,
    lignes_quarantaine,
    valide_par,
    valide_le,
    statut_region
from {{ source('piramig_audit', 'current_submission_states') }}
