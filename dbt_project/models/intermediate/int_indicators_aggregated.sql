-- Each indicator per region and nationally (grouping sets), aggregated as its definition says. Ratios are
-- computed on respondents only: a region without respondent gets null, never 0.
with inputs as (
    select
        inputs.*,
        definitions.agregation
    from {{ ref('int_pass_indicator_inputs_unpivoted') }} as inputs
    inner join {{ ref('indicateurs') }} as definitions
        on inputs.indicateur = definitions.code_indicateur
),

aggregated as (
    select
        annee,
        case when grouping(code_region) = 1 then 'national' else 'region' end as niveau,
        code_region,
        indicateur,
        any_value(agregation) as agregation,
        count(*) filter (where repondant) as nb_pass_repondants,
        sum(numerateur) filter (where repondant) as somme_numerateur,
        sum(denominateur) filter (where repondant) as somme_denominateur,
        median(numerateur) filter (where repondant) as mediane
    from inputs
    group by grouping sets ((annee, indicateur, code_region), (annee, indicateur))
)

select
    annee,
    niveau,
    code_region,
    indicateur,
    case agregation
        when 'comptage' then coalesce(somme_numerateur, 0)
        when 'somme' then somme_numerateur
        when 'ratio' then 100 * somme_numerateur / nullif(somme_denominateur, 0)
        when 'moyenne' then somme_numerateur / nullif(somme_denominateur, 0)
        when 'mediane' then mediane
    end as valeur,
    case
        when agregation = 'mediane' then null
        when agregation = 'comptage' then coalesce(somme_numerateur, 0)
        else somme_numerateur
    end as numerateur,
    case when agregation in ('ratio', 'moyenne') then somme_denominateur end as denominateur,
    nb_pass_repondants
from aggregated
