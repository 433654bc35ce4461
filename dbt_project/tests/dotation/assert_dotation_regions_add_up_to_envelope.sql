-- Every scenario and every closed campaign with PASS: the regions add up to the national envelope, to the euro. A
-- scenario or year without regional amounts, or amounts of an unknown scenario, fail too.
-- Shown in Dagster as a check of fct_dotation_region.
{{ config(meta={'dagster': {'ref': {'name': 'fct_dotation_region'}}}) }}
with years as (
    select distinct pass_years.annee from {{ ref('fct_pass_activity') }} as pass_years
    inner join {{ ref('dim_campagnes') }} as campaigns
        on pass_years.annee = campaigns.annee and campaigns.statut = 'close'
),

expected as (
    select
        scenarios.scenario,
        years.annee,
        scenarios.enveloppe_nationale_eur as enveloppe
    from {{ ref('dotation_scenarios') }} as scenarios
    cross join years
),

allocated as (
    select
        scenario,
        annee,
        sum(montant) as total
    from {{ ref('fct_dotation_region') }}
    group by scenario, annee
)

select
    {{ full_outer_keys('expected', 'allocated', ['scenario', 'annee']) }},
    allocated.total,
    expected.enveloppe
from expected
full outer join allocated on expected.scenario = allocated.scenario and expected.annee = allocated.annee
where allocated.total is distinct from expected.enveloppe
