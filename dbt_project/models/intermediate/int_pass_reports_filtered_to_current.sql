-- The rows of the current submission of each (year, region): a resubmission replaces the earlier one.
select
    reports.*,
    current_submissions.fichier,
    current_submissions.recu_le
from {{ ref('stg_piramig__pass_reports') }} as reports
inner join {{ ref('stg_piramig__current_submissions') }} as current_submissions
    on reports.submission_id = current_submissions.submission_id
