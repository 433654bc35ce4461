-- A share is a percentage between 0 and 100.
-- Shown in Dagster as a check of fct_indicators.
{{ config(meta={'dagster': {'ref': {'name': 'fct_indicators'}}}) }}
select indicators.*
from {{ ref('fct_indicators') }} as indicators
inner join {{ ref('dim_indicators') }} as definitions on indicators.indicateur = definitions.code_indicateur
where definitions.unite = '%' and (indicators.valeur < 0 or indicators.valeur > 100)
