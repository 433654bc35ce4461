-- National and regional indicators, long format: one row per (annee, niveau, code_region, indicateur), with the
-- change from the year before where that year exists.
with indicators as (
    select * from {{ ref('int_indicators_aggregated') }}
),

with_previous as (
    select
        current_year.*,
        previous_year.valeur as valeur_annee_precedente
    from indicators as current_year
    left join indicators as previous_year
        on
            current_year.annee - 1 = previous_year.annee
            and current_year.niveau = previous_year.niveau
            and current_year.code_region is not distinct from previous_year.code_region
            and current_year.indicateur = previous_year.indicateur
)

select
    annee,
    niveau,
    code_region,
    indicateur,
    valeur,
    numerateur,
    denominateur,
    nb_pass_repondants,
    valeur_annee_precedente,
    valeur - valeur_annee_precedente as evolution,
    100 * (valeur - valeur_annee_precedente) / nullif(valeur_annee_precedente, 0) as evolution_pct
from with_previous
