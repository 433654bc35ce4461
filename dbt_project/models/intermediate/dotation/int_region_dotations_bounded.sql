{#- Regional amounts per scenario and year, bounded against the region's amount of the year before (floor and
    cap in % of the scenario), summing exactly to the national envelope in whole euros.

    A region's amount is its fixed part f (regional coordination + socles of its eligible PASS) plus its
    variable part v times a coefficient t common to all regions (t = 1 without bounds). With bounds, each
    region is held within [floor, cap], never below f, and t is the one value for which the held amounts add
    up to the envelope: the sum is piecewise linear in t, so t is found exactly between the breakpoints where
    a region reaches its floor or its cap. The amounts are then rounded to the euro by the largest remainder
    method. Years are solved in order: the bounds of a year use the final amounts of the year before (year - 1),
    and a region without an amount that year, or a scenario without a floor or cap, is not bounded.

    The years are the campaign years (macro campaign_years), whatever the data: a year without PASS yields no
    row, and the year after it is not bounded. -#}
{%- set years = campaign_years() %}

with scenarios as (
    select * from {{ ref('dotation_scenarios') }}
),

unbounded as (
    select
        scenario,
        annee,
        code_region,
        sum(montant_socle) as total_socles,
        sum(
            contribution_file_active + contribution_nouveaux_patients + contribution_sans_couverture
            + contribution_allophones
        ) as part_variable
    from {{ ref('int_pass_dotations_weighted') }}
    group by scenario, annee, code_region
)

{%- for year in years %}
{%- set previous = 'final_' ~ (year - 1) if not loop.first else none %},

regions_{{ year }} as (
    select
        u.scenario,
        u.annee,
        u.code_region,
        s.coordination_regionale_eur + u.total_socles as fixe,
        u.part_variable,
        s.enveloppe_nationale_eur as enveloppe,
        {%- if previous %}
        p.montant as montant_annee_precedente,
        -- Bounds move the variable part only: a region without one (no eligible PASS) keeps its fixed part. No
        -- bound without an amount the year before or a percentage in the scenario (greatest() skips nulls).
        case
            when u.part_variable > 0 and p.montant is not null and s.plancher_evolution_region_pct is not null
                then greatest(
                    p.montant * (1 + s.plancher_evolution_region_pct / 100),
                    s.coordination_regionale_eur + u.total_socles
                )
        end as plancher,
        case
            when u.part_variable > 0 and p.montant is not null and s.plafond_evolution_region_pct is not null
                then greatest(
                    p.montant * (1 + s.plafond_evolution_region_pct / 100),
                    s.coordination_regionale_eur + u.total_socles
                )
        end as plafond
        {%- else %}
        null::double as montant_annee_precedente,
        null::double as plancher,
        null::double as plafond
        {%- endif %}
    from unbounded as u
    inner join scenarios as s on u.scenario = s.scenario
    {%- if previous %}
    left join {{ previous }} as p on u.scenario = p.scenario and u.code_region = p.code_region
    {%- endif %}
    where u.annee = {{ year }}
),

breakpoints_{{ year }} as (
    -- t = 0, and the t at which a region with a variable part reaches its floor or its cap (UNPIVOT leaves out
    -- a missing bound).
    select
        scenario,
        0.0 as t
    from regions_{{ year }}
    union
    select
        scenario,
        (borne - fixe) / part_variable as t
    from regions_{{ year }}
    unpivot (borne for cote in (plancher, plafond))
    where part_variable > 0
),

sums_{{ year }} as (
    select
        b.scenario,
        b.t,
        sum({{ held_amount('r', 'b.t') }}) as total
    from breakpoints_{{ year }} as b
    inner join regions_{{ year }} as r on b.scenario = r.scenario
    group by b.scenario, b.t
),

crossing_{{ year }} as (
    -- The last breakpoint where the held amounts do not exceed the envelope, and their sum there; none when the
    -- floors alone exceed it.
    select
        s.scenario,
        max(s.t) as t0,
        arg_max(s.total, s.t) as total0
    from sums_{{ year }} as s
    inner join scenarios on s.scenario = scenarios.scenario
    where s.total <= scenarios.enveloppe_nationale_eur + 1e-6
    group by s.scenario
),

slope_{{ year }} as (
    -- Just after t0 the regions neither at their floor nor at their cap grow with t, the others stay.
    select
        c.scenario,
        c.t0,
        c.total0,
        sum(
            case
                when
                    r.part_variable > 0
                    and (r.plancher is null or c.t0 >= (r.plancher - r.fixe) / r.part_variable - 1e-12)
                    and (r.plafond is null or c.t0 < (r.plafond - r.fixe) / r.part_variable - 1e-12)
                    then r.part_variable
                else 0
            end
        ) as variable_libre
    from crossing_{{ year }} as c
    inner join regions_{{ year }} as r on c.scenario = r.scenario
    group by c.scenario, c.t0, c.total0
),

coefficient_{{ year }} as (
    -- No t when the bounds cannot hold the envelope: the floors alone exceed it, or the caps cannot reach it.
    -- The regions then keep their amounts without bounds (which add up to the envelope), flagged.
    select
        scenarios.scenario,
        case
            when slope.variable_libre > 0
                then slope.t0 + (scenarios.enveloppe_nationale_eur - slope.total0) / slope.variable_libre
            when abs(slope.total0 - scenarios.enveloppe_nationale_eur) < 1e-6 then slope.t0
        end as t
    from scenarios
    left join slope_{{ year }} as slope on scenarios.scenario = slope.scenario
),

exact_{{ year }} as (
    select
        r.*,
        coalesce(c.t, 1.0) as t,
        c.t is null as encadrement_impossible,
        r.fixe + r.part_variable * coalesce(c.t, 1.0) as montant_libre,
        case
            when c.t is null then r.fixe + r.part_variable
            else {{ held_amount('r', 'c.t') }}
        end as montant_exact
    from regions_{{ year }} as r
    inner join coefficient_{{ year }} as c on r.scenario = c.scenario
),

final_{{ year }} as (
    -- Largest remainder: every region gets the whole euros of its exact amount, and the euros left go to the
    -- largest fractional parts, so that the regions add up to the envelope exactly.
    select
        *,
        floor(montant_exact)::bigint + case when rang <= euros_restants then 1 else 0 end as montant
    from (
        select
            *,
            row_number() over (
                partition by scenario order by montant_exact - floor(montant_exact) desc, code_region
            ) as rang,
            enveloppe - sum(floor(montant_exact)) over (partition by scenario) as euros_restants
        from exact_{{ year }}
    )
)
{%- endfor %}

{%- for year in years %}
select
    scenario,
    annee,
    code_region,
    montant,
    montant_exact,
    fixe as montant_fixe,
    part_variable as part_variable_avant_encadrement,
    case when part_variable > 0 then (montant_exact - fixe) / part_variable else 1 end as coefficient_encadrement,
    montant_annee_precedente,
    plancher as montant_plancher,
    plafond as montant_plafond,
    case
        when encadrement_impossible then 'impossible'
        when plancher is not null and montant_libre < plancher - 1e-6 then 'plancher'
        when plafond is not null and montant_libre > plafond + 1e-6 then 'plafond'
    end as encadrement
from final_{{ year }}
{% if not loop.last %}union all{% endif %}
{%- endfor %}
