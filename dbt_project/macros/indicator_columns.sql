{#- Pivot helpers for the tableau_* models: one column per indicator of fct_indicators. -#}
{% macro indicator_value(code) -%}
    max(valeur) filter (where indicateur = '{{ code }}')
{%- endmacro %}

{% macro indicator_count(code) -%}
    max(valeur) filter (where indicateur = '{{ code }}')::integer
{%- endmacro %}

{% macro indicator_percent(code) -%}
    round(max(valeur) filter (where indicateur = '{{ code }}'))::integer
{%- endmacro %}

{#- Rows of a printed table: the regions under their label in the webinar, then "Total général". -#}
{% macro printed_rows(indicators) -%}
    select
        indicators.annee,
        coalesce(regions.libelle_webinaire, regions.nom_region, 'Total général') as region_imprimee,
        indicators.code_region,
        indicators.niveau,
        indicators.indicateur,
        indicators.valeur
    from {{ ref('fct_indicators') }} as indicators
    left join {{ ref('dim_regions') }} as regions on indicators.code_region = regions.code_region
    where indicators.indicateur in ('{{ indicators | join("', '") }}')
{%- endmacro %}
