-- « Femmes venant en PASS avec une demande de suivi de grossesse », par région, de la plus forte part à la plus
-- faible, comme dans le webinaire.
with printed as (
    {{ printed_rows(['nb_femmes_repondants', 'nb_femmes_suivi_grossesse', 'pct_femmes_suivi_grossesse']) }}
)

select
    annee as "Année",
    region_imprimee as "Régions",
    {{ indicator_count('nb_femmes_repondants') }} as "Nombre total de femmes identifiées (répondants)",
    {{ indicator_count('nb_femmes_suivi_grossesse') }}
        as "Nombre de femmes venant en PASS avec une demande de suivi de grossesse",
    {{ indicator_percent('pct_femmes_suivi_grossesse') }} as "%"
from printed
group by annee, region_imprimee, niveau
order by annee, niveau = 'national', {{ indicator_value('pct_femmes_suivi_grossesse') }} desc
