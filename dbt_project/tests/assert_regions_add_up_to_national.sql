-- For every count and sum indicator and every year, the regions add up to the national figure. Regional rows
-- without their national row, or a national row without regional rows, fail too.
-- Shown in Dagster as a check of fct_indicators.
{{ config(meta={'dagster': {'ref': {'name': 'fct_indicators'}}}) }}
with additive as (
    select
        annee,
        niveau,
        indicateur,
        valeur
    from {{ ref('fct_indicators') }}
    where indicateur in (
        select definitions.code_indicateur from {{ ref('dim_indicators') }} as definitions
        where definitions.agregation in ('comptage', 'somme')
    )
),

regions as (
    select
        annee,
        indicateur,
        sum(valeur) as somme_regions
    from additive
    where niveau = 'region'
    group by annee, indicateur
),

national as (
    select
        annee,
        indicateur,
        valeur as valeur_nationale
    from additive
    where niveau = 'national'
)

select
    {{ full_outer_keys('regions', 'national', ['annee', 'indicateur']) }},
    regions.somme_regions,
    national.valeur_nationale,
    regions.annee is null as sans_ligne_regionale,
    national.annee is null as sans_ligne_nationale
from regions
full outer join national on regions.annee = national.annee and regions.indicateur = national.indicateur
where
    regions.annee is null
    or national.annee is null
    -- Sums of decimals in floating point: equal to a millionth of the national figure.
    or abs(coalesce(regions.somme_regions, 0) - coalesce(national.valeur_nationale, 0))
    > 1e-6 * (1 + abs(coalesce(national.valeur_nationale, 0)))
