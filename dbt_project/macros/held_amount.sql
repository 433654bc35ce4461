{#- A region's amount for the common coefficient t of the variable parts, held between its floor and its cap
    (no floor: 0; no cap: unbounded). `region` is the alias of a row with fixe, part_variable, plancher, plafond. -#}
{% macro held_amount(region, t) -%}
    least(
        greatest({{ region }}.fixe + {{ region }}.part_variable * {{ t }}, coalesce({{ region }}.plancher, 0)),
        coalesce({{ region }}.plafond, 'infinity')
    )
{%- endmacro %}
