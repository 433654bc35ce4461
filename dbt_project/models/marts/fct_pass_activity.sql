-- One row per current PASS-year with every validated measure.
select
    * exclude (ligne_fichier, fichier, recu_le, avertissements),
    fichier as fichier_source,
    ligne_fichier,
    recu_le as recu_le_source,
    avertissements
from {{ ref('int_pass_years_filtered_to_current') }}
