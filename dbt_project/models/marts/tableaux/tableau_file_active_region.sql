-- « File active régionale et nouveaux patients » : file active, nouveaux patients et leur part.
-- La part est calculée sur les PASS répondantes : vide pour une région sans réponse (0 % dans le webinaire).
with printed as (
    {{ printed_rows(['nb_pass', 'file_active', 'nouveaux_patients', 'pct_nouveaux_patients']) }}
)

select
    annee as "Année",
    region_imprimee as "Régions",
    {{ indicator_count('nb_pass') }} as "NB PASS",
    {{ indicator_count('file_active') }} as "File active",
    {{ indicator_count('nouveaux_patients') }} as "Nouveaux patients",
    {{ indicator_percent('pct_nouveaux_patients') }} as "% nouveaux patients"
from printed
group by annee, region_imprimee, niveau
order by annee, niveau = 'national', region_imprimee
