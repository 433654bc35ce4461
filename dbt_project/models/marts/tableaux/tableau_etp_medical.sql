-- « ETP médicaux en PASS (hors internes et étudiants) – Niveau national » : PASS par classe d'ETP médical.
{%- set classes = [
    ('aucun', 'Aucun ETP médical'), ('moins_0_2', 'Moins de 0,2 ETP'), ('0_2_0_5', 'Entre plus de 0,2 et 0,5'),
    ('0_5_1', 'Plus de 0,5 et de 1 ETP'), ('1_2', 'Plus de 1 et 2 ETP'), ('plus_2', 'Plus de 2 ETP'),
    ('non_disponible', 'Donnée non disponible')] %}

with classes as (
    {% for code, label in classes %}
    select {{ loop.index }} as ordre, 'nb_pass_etp_medical_{{ code }}' as indicateur, '{{ label }}' as classe
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    indicators.annee as "Année",
    classes.classe as "ETP médical déclaré",
    indicators.valeur::integer as "Nombre de PASS",
    {{ printed_status('indicators.statut_campagne') }} as "Statut"
from {{ ref('fct_indicators') }} as indicators
inner join classes on indicators.indicateur = classes.indicateur
where indicators.niveau = 'national'
order by indicators.annee, classes.ordre
