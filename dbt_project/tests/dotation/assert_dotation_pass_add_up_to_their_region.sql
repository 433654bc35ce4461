-- The PASS of a region add up to the region's amount minus its coordination, to the euro. A region without
-- PASS amounts, or PASS amounts without their region, fail too.
-- Shown in Dagster as a check of fct_dotation_pass.
{{ config(meta={'dagster': {'ref': {'name': 'fct_dotation_pass'}}}) }}
with pass as (
    select
        scenario,
        annee,
        code_region,
        sum(montant_total) as total_pass
    from {{ ref('fct_dotation_pass') }}
    group by scenario, annee, code_region
)

select
    {{ full_outer_keys('r', 'pass', ['scenario', 'annee', 'code_region']) }},
    r.montant,
    r.montant_coordination,
    pass.total_pass
from {{ ref('fct_dotation_region') }} as r
full outer join pass on r.scenario = pass.scenario and r.annee = pass.annee and r.code_region = pass.code_region
where pass.total_pass + r.montant_coordination is distinct from r.montant
