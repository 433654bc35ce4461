-- The 18 INSEE regions (Mayotte included, which had no PASS in the published 2021 figures).
select
    code_region,
    nom_region,
    libelle_webinaire,
    campagne_attendue
from {{ ref('regions') }}
