-- Every accepted PASS-year row of every submission, current or replaced, with the period its submission was
-- current: the figures of a region as they stood on any date.
select
    versions.valide_du,
    versions.valide_au,
    versions.est_courant,
    reports.* exclude (reports.avertissements)
from {{ ref('stg_piramig__pass_reports') }} as reports
inner join {{ ref('int_submissions_versioned') }} as versions
    on reports.submission_id = versions.submission_id
