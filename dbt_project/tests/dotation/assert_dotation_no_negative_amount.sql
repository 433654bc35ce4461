-- No amount is negative, for a PASS or a region.
select
    'pass' as niveau,
    scenario,
    annee,
    code_region,
    montant_total as montant
from {{ ref('fct_dotation_pass') }}
where montant_total < 0 or montant_socle < 0 or montant_variable < 0 or dont_frais_structure < 0
union all
select
    'region' as niveau,
    scenario,
    annee,
    code_region,
    montant
from {{ ref('fct_dotation_region') }}
where montant < 0
