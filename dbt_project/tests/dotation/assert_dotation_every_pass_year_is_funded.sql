-- Every current PASS-year of a closed campaign, and every expected PASS of a region closed without data, has
-- exactly one amount in every scenario, and nothing else has one (an open campaign is not funded): a PASS-year
-- outside the campaign years that int_region_dotations_bounded solves would otherwise drop out silently.
-- Shown in Dagster as a check of fct_dotation_pass.
{{ config(meta={'dagster': {'ref': {'name': 'fct_dotation_pass'}}}) }}
with pass_years as (
    select
        annee,
        finess_et,
        type_pass
    from {{ ref('fct_pass_activity') }}
    union all
    select
        missing.annee,
        missing.finess_et,
        missing.type_pass
    from {{ ref('fct_completude_pass') }} as missing
    inner join {{ ref('fct_completude') }} as regions
        on missing.annee = regions.annee and missing.code_region = regions.code_region
    where missing.statut_pass = 'manquante' and regions.statut_region = 'attendu'
),

expected as (
    select
        scenarios.scenario,
        pass_years.annee,
        pass_years.finess_et,
        pass_years.type_pass
    from pass_years
    cross join {{ ref('dotation_scenarios') }} as scenarios
    where pass_years.annee in (
        select campaigns.annee from {{ ref('dim_campagnes') }} as campaigns
        where campaigns.statut = 'close'
    )
),

funded as (
    select
        scenario,
        annee,
        finess_et,
        type_pass,
        count(*) as nb_montants
    from {{ ref('fct_dotation_pass') }}
    group by scenario, annee, finess_et, type_pass
)

select
    {{ full_outer_keys('expected', 'funded', ['scenario', 'annee', 'finess_et', 'type_pass']) }},
    expected.scenario is not null as attendue,
    coalesce(funded.nb_montants, 0) as nb_montants
from expected
full outer join funded
    on
        expected.scenario = funded.scenario
        and expected.annee = funded.annee
        and expected.finess_et = funded.finess_et
        and expected.type_pass = funded.type_pass
where expected.scenario is null or funded.nb_montants is distinct from 1
