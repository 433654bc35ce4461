{#- Pivot helpers for the tableau_* models: one column per indicator of fct_indicators. -#}
{% macro indicator_value(code) -%}
    max(valeur) filter (where indicateur = '{{ code }}')
{%- endmacro %}

{#- A whole number: a count, or a percentage rounded to the unit as the webinar prints it. -#}
{% macro indicator_integer(code, form) -%}
    {%- if form == 'pourcentage' -%}
    round({{ indicator_value(code) }})::integer
    {%- else -%}
    {{ indicator_value(code) }}::integer
    {%- endif -%}
{%- endmacro %}

{#- Rows of a printed table: the regions under their label in the webinar, then "Total général". -#}
{% macro printed_rows(indicators) -%}
    select
        indicators.annee,
        coalesce(regions.libelle_webinaire, regions.nom_region, 'Total général') as region_imprimee,
        indicators.code_region,
        indicators.niveau,
        indicators.indicateur,
        indicators.valeur,
        indicators.statut_campagne
    from {{ ref('fct_indicators') }} as indicators
    left join {{ ref('dim_regions') }} as regions on indicators.code_region = regions.code_region
    where indicators.indicateur in ('{{ indicators | join("', '") }}')
{%- endmacro %}

{#- How a printed table says whether a figure is final: « provisoire » while its campaign is open. -#}
{% macro printed_status(statut_campagne) -%}
    case when {{ statut_campagne }} = 'definitif' then 'définitif' else 'provisoire' end
{%- endmacro %}

{#- A printed table, one row per region and year and "Total général": columns is a list of (indicator code,
    'nombre' or 'pourcentage', printed header); order_by, the SQL that orders the regions within a year. The
    last column, "Statut", says « provisoire » for the rows of an open campaign. -#}
{% macro printed_table(columns, order_by='region_imprimee') -%}
with printed as (
    {{ printed_rows(columns | map(attribute=0) | list) }}
)

select
    annee as "Année",
    region_imprimee as "Régions",
    {%- for code, form, header in columns %}
    {{ indicator_integer(code, form) }} as "{{ header }}",
    {%- endfor %}
    {{ printed_status('statut_campagne') }} as "Statut"
from printed
group by annee, region_imprimee, niveau, statut_campagne
order by annee, niveau = 'national', {{ order_by }}
{%- endmacro %}
