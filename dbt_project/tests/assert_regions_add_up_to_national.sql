-- For a count indicator, the regions add up to the national figure.
with regions as (
    select annee, indicateur, sum(valeur) as somme_regions
    from {{ ref('fct_indicators') }}
    where niveau = 'region' and indicateur in ('file_active')
    group by annee, indicateur
)

select regions.*, national.valeur as national
from regions
inner join {{ ref('fct_indicators') }} as national
    on national.niveau = 'national' and national.annee = regions.annee and national.indicateur = regions.indicateur
where regions.somme_regions != national.valeur
