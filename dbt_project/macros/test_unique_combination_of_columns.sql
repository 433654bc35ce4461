{# Generic test: no two rows share the same values of the given columns (written here: no dbt packages offline). #}
{% test unique_combination_of_columns(model, combination) %}
select {{ combination | join(', ') }}, count(*) as nb_lignes
from {{ model }}
group by {{ combination | join(', ') }}
having count(*) > 1
{% endtest %}
