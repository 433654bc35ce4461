-- « Activités complémentaires des PASS généralistes » : nombre de PASS généralistes par activité.
with printed as (
    {{ printed_rows([
        'nb_pass', 'nb_pass_generaliste', 'nb_pass_act_mere_enfant', 'nb_pass_act_mobile', 'nb_pass_act_bucco_dentaire',
        'nb_pass_act_psychologue', 'nb_pass_act_ophtalmologique'
    ]) }}
)

select
    annee as "Année",
    region_imprimee as "Régions",
    {{ indicator_count('nb_pass') }} as "Nombre de PASS par région",
    {{ indicator_count('nb_pass_generaliste') }} as "PASS généraliste",
    {{ indicator_count('nb_pass_act_mere_enfant') }} as "Activité mères-enfants et/ou pédiatriques",
    {{ indicator_count('nb_pass_act_mobile') }} as "Activité mobile",
    {{ indicator_count('nb_pass_act_bucco_dentaire') }} as "Activité buccodentaire",
    {{ indicator_count('nb_pass_act_psychologue') }} as "Activité psychologue dédié",
    {{ indicator_count('nb_pass_act_ophtalmologique') }} as "Activité ophtalmologique"
from printed
group by annee, region_imprimee, niveau
order by annee, niveau = 'national', region_imprimee
