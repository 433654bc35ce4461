-- The PASS behind each campaign's completeness, by FINESS and name: expected and received, missing, or
-- received without being expected; for the campaigns with a closed campaign before them.
select
    annee,
    code_region,
    finess_et,
    type_pass,
    raison_sociale,
    attendue,
    recue,
    case
        when attendue and recue then 'recue'
        when attendue then 'manquante'
        else 'non_attendue'
    end as statut_pass
from {{ ref('int_campaign_pass_compared') }}
