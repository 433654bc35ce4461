-- The current PASS-years: the accepted rows of the current submission of each (year, region), one per PASS and
-- year (a resubmission replaces the earlier one). fct_pass_activity publishes them; the indicators and the
-- funding model read them here, never from the mart.
select
    reports.*,
    current_submissions.fichier,
    current_submissions.recu_le
from {{ ref('stg_piramig__pass_reports') }} as reports
inner join {{ ref('stg_piramig__current_submissions') }} as current_submissions
    on reports.submission_id = current_submissions.submission_id
