-- « PASS hospitalières - Etat des lieux : Activités 2021 » : PASS par type et par région.
with printed as (
    {{ printed_rows([
        'nb_pass', 'nb_pass_generaliste', 'pct_pass_generaliste', 'nb_pass_psychiatrique', 'nb_pass_bucco_dentaire',
        'nb_pass_ophtalmologique'
    ]) }}
)

select
    annee as "Année",
    region_imprimee as "Régions",
    {{ indicator_count('nb_pass') }} as "Nombre de PASS par région",
    {{ indicator_count('nb_pass_generaliste') }} as "PASS généraliste",
    {{ indicator_percent('pct_pass_generaliste') }} as "% généraliste",
    {{ indicator_count('nb_pass_psychiatrique') }} as "PASS exclusivement psychiatrique",
    {{ indicator_count('nb_pass_bucco_dentaire') }} as "PASS exclusivement buccodentaire",
    {{ indicator_count('nb_pass_ophtalmologique') }} as "PASS exclusivement ophtalmologique"
from printed
group by annee, region_imprimee, niveau
order by annee, niveau = 'national', region_imprimee
