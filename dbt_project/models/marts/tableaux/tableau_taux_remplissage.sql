-- « Taux moyen de remplissage depuis 2019 » : une colonne par année présente dans l'entrepôt, et le nombre de
-- PASS de la dernière année.
{%- set years = [] -%}
{%- if execute -%}
    {%- set result = run_query("select distinct annee from " ~ ref('fct_indicators') ~ " order by annee") -%}
    {%- set years = result.columns[0].values() | list -%}
{%- endif %}

with printed as ({{ printed_rows(['nb_pass', 'taux_remplissage']) }}),

latest as (select max(annee) as annee from printed)

select
    region_imprimee as "Régions",
    max(valeur) filter (where indicateur = 'nb_pass' and annee = (select annee from latest))::integer
        as "Nombre de PASS",
    {%- for year in years %}
    round(max(valeur) filter (where indicateur = 'taux_remplissage' and annee = {{ year }}), 2) as "{{ year }}"
    {%- if not loop.last %},{% endif %}
    {%- endfor %}
from printed
group by region_imprimee, niveau
order by niveau = 'national', region_imprimee
