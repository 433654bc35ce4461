-- Every validated submission of a (year, region) with the period it was the current one: from its reception
-- until the reception of the next one (the same order as the warehouse view audit.current_submissions).
select
    submission_id,
    annee,
    code_region,
    fichier,
    recu_le as valide_du,
    lead(recu_le) over (
        partition by annee, code_region order by recu_le, enregistre_le, submission_id
    ) as valide_au,
    lignes_lues,
    lignes_acceptees,
    lignes_quarantaine
from {{ ref('stg_piramig__submissions') }}
where statut = 'validée' and annee is not null
