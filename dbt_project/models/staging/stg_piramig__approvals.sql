-- The coordinators' approvals, one per approved submission (the latest if approved again after a reopening).
select
    annee,
    code_region,
    submission_id,
    par as valide_par,
    valide_le
from {{ source('piramig_audit', 'approvals') }}
qualify row_number() over (partition by submission_id order by valide_le desc) = 1
