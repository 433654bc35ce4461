{# Generic test: none of the given columns is null (one query for a model's mandatory columns: each dbt test is a
   query, and each a check in Dagster). A failing row names the column and how many rows miss it. #}
{% test not_null_columns(model, columns) %}
{% for column in columns %}
select '{{ column }}' as colonne, count(*) as lignes_vides
from {{ model }}
where {{ column }} is null
having count(*) > 0
{% if not loop.last %}union all{% endif %}
{% endfor %}
{% endtest %}
