-- Every validated submission of a (year, region) with the period it was the current one: from its reception
-- until the reception of the next one (the same order as the warehouse view audit.current_submissions), and
-- whether the figures rest on it now (in a closed campaign, the last one received before the close: one received
-- after is kept here without being current).
select
    submissions.submission_id,
    submissions.annee,
    submissions.code_region,
    submissions.fichier,
    submissions.recu_le as valide_du,
    lead(submissions.recu_le) over (
        partition by submissions.annee, submissions.code_region
        order by submissions.recu_le, submissions.enregistre_le, submissions.submission_id
    ) as valide_au,
    current_submissions.submission_id is not null as est_courant,
    submissions.lignes_lues,
    submissions.lignes_acceptees,
    submissions.lignes_quarantaine
from {{ ref('stg_piramig__submissions') }} as submissions
left join {{ ref('stg_piramig__current_submissions') }} as current_submissions
    on submissions.submission_id = current_submissions.submission_id
where submissions.statut = 'validée' and submissions.annee is not null
