{#- The campaign years: from var first_campaign_year (dbt_project.yml) to the year the run started, as the
    contract's rule on annee says (2018..année courante). The list is the same whatever the data, so that no
    model queries the warehouse to shape its SQL. (Linting replaces this macro: see .sqlfluff.) -#}
{% macro campaign_years() -%}
    {{ return(range(var('first_campaign_year') | int, run_started_at.year + 1) | list) }}
{%- endmacro %}
