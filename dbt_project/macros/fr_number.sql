{#- A number as French text: a space between thousands, a decimal comma (« 12 345,67 »). -#}
{% macro fr_number(expression, decimals=0) -%}
    replace(replace(format('{:,.{{ decimals }}f}', ({{ expression }})::double), ',', ' '), '.', ',')
{%- endmacro %}
