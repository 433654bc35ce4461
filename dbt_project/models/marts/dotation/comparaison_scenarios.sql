-- Each region's funding in every scenario, beside the reference scenario's (seed: est_scenario_de_reference).
with regions as (
    select * from {{ ref('fct_dotation_region') }}
),

reference as (
    select
        regions.annee,
        regions.code_region,
        regions.montant
    from regions
    inner join {{ ref('dotation_scenarios') }} as s on regions.scenario = s.scenario
    where s.est_scenario_de_reference
)

select
    regions.annee,
    regions.code_region,
    regions.scenario,
    regions.montant,
    reference.montant as montant_reference,
    regions.montant - reference.montant as ecart_reference,
    100 * (regions.montant - reference.montant) / reference.montant as ecart_reference_pct
from regions
left join reference on regions.annee = reference.annee and regions.code_region = reference.code_region
