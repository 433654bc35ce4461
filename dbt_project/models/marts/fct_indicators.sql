-- National and regional indicators, long format: one row per (annee, niveau, code_region, indicateur), with the
-- change from the year before where that year exists, whether the figure is final (its campaign is closed) or
-- provisional, and how many regions it rests on.
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

,

regions_received as (
    select
        annee,
        count(distinct code_region) as nb_regions
    from {{ ref('int_pass_years_filtered_to_current') }}
    group by annee
)

select
    with_previous.annee,
    with_previous.niveau,
    with_previous.code_region,
    with_previous.indicateur,
    with_previous.valeur,
    with_previous.numerateur,
    with_previous.denominateur,
    with_previous.nb_pass_repondants,
    with_previous.valeur_annee_precedente,
    with_previous.valeur - with_previous.valeur_annee_precedente as evolution,
    100 * (with_previous.valeur - with_previous.valeur_annee_precedente)
    / nullif(with_previous.valeur_annee_precedente, 0) as evolution_pct,
    case when campaigns.statut = 'close' then 'definitif' else 'provisoire' end as statut_campagne,
    case when with_previous.niveau = 'national' then regions_received.nb_regions else 1 end as nb_regions
from with_previous
left join {{ ref('int_campaigns_enumerated') }} as campaigns on with_previous.annee = campaigns.annee
left join regions_received on with_previous.annee = regions_received.annee
