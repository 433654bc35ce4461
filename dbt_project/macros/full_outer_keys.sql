{#- The keys of a full outer join, each taken from whichever side has the row: an invariant test reports the
    rows missing on either side under their key. -#}
{% macro full_outer_keys(left, right, keys) -%}
    {%- for key in keys %}
    coalesce({{ left }}.{{ key }}, {{ right }}.{{ key }}) as {{ key }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}
