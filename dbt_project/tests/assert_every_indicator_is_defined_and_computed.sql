-- Every indicator of the seed is computed by int_pass_indicator_inputs_unpivoted, and nothing else is.
-- Shown in Dagster as a check of dim_indicators.
{{ config(meta={'dagster': {'ref': {'name': 'dim_indicators'}}}) }}
with defined as (select code_indicateur as indicateur from {{ ref('dim_indicators') }}),

computed as (select distinct indicateur from {{ ref('int_pass_indicator_inputs_unpivoted') }})

select
    coalesce(defined.indicateur, computed.indicateur) as indicateur,
    defined.indicateur is null as calcule_sans_definition,
    computed.indicateur is null as defini_sans_calcul
from defined
full outer join computed on defined.indicateur = computed.indicateur
where defined.indicateur is null or computed.indicateur is null
