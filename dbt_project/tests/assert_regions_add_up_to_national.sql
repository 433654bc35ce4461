-- For every count and sum indicator, the regions add up to the national figure.
-- Shown in Dagster as a check of fct_indicators.
{{ config(meta={'dagster': {'ref': {'name': 'fct_indicators'}}}) }}
with regions as (
    select annee, indicateur, sum(valeur) as somme_regions
    from {{ ref('fct_indicators') }} as indicators
    inner join {{ ref('dim_indicators') }} as definitions on indicators.indicateur = definitions.code_indicateur
    where indicators.niveau = 'region' and definitions.agregation in ('comptage', 'somme')
    group by annee, indicateur
)

select regions.*, national.valeur as national
from regions
inner join {{ ref('fct_indicators') }} as national
    on national.niveau = 'national' and national.annee = regions.annee and national.indicateur = regions.indicateur
-- Sums of decimals in floating point: equal to a millionth of the national figure.
where abs(coalesce(regions.somme_regions, 0) - coalesce(national.valeur, 0)) > 1e-6 * (1 + abs(national.valeur))
