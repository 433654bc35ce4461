-- The funding of each region, per scenario and year: amount, national share, change from the year before
-- and the bound applied, with the French explanation an ARS can give.
with regions as (
    select * from {{ ref('int_region_dotations_bounded') }}
),

pass as (
    select
        scenario,
        annee,
        code_region,
        count(*) filter (where eligible) as nb_pass_eligibles,
        count(*) filter (where not eligible) as nb_pass_non_eligibles,
        sum(montant_socle)::bigint as montant_socles,
        sum(montant_variable)::bigint as montant_variable
    from {{ ref('fct_dotation_pass') }}
    group by scenario, annee, code_region
),

scenarios as (
    select * from {{ ref('dotation_scenarios') }}
)

select
    r.scenario,
    r.annee,
    r.code_region,
    r.montant,
    s.coordination_regionale_eur::bigint as montant_coordination,
    p.montant_socles,
    p.montant_variable,
    p.nb_pass_eligibles,
    p.nb_pass_non_eligibles,
    100 * r.montant / s.enveloppe_nationale_eur as part_nationale,
    r.montant_annee_precedente::bigint as montant_annee_precedente,
    100 * (r.montant - r.montant_annee_precedente) / r.montant_annee_precedente as evolution_pct,
    r.encadrement,
    -- Rounded: a float summed over regions in no fixed order differs in its last bits from one build to the next.
    round(r.coefficient_encadrement, 10) as coefficient_encadrement,
    round(r.montant_plancher)::bigint as montant_plancher,
    round(r.montant_plafond)::bigint as montant_plafond,
    (
        'Coordination régionale ' || {{ fr_number('s.coordination_regionale_eur') }} || ' € + socles de '
        || p.nb_pass_eligibles || ' PASS éligible(s) ' || {{ fr_number('p.montant_socles') }}
        || ' € + part variable ' || {{ fr_number('p.montant_variable') }} || ' € = '
        || {{ fr_number('r.montant') }} || ' € (' || {{ fr_number('100 * r.montant / s.enveloppe_nationale_eur', 2) }}
        || ' % de l''enveloppe nationale). '
        || case when p.nb_pass_non_eligibles > 0 then p.nb_pass_non_eligibles || ' PASS non éligible(s). ' else '' end
        || case
            when r.montant_annee_precedente is null then 'Pas de montant l''année précédente : évolution non encadrée.'
            when r.encadrement = 'plafond'
                then
                    'Hausse limitée au plafond de '
                    || {{ fr_number('s.plafond_evolution_region_pct') }} || ' % (part variable × '
                    || {{ fr_number('r.coefficient_encadrement', 4) }} || ').'
            when r.encadrement = 'plancher'
                then
                    'Baisse limitée au plancher de '
                    || {{ fr_number('s.plancher_evolution_region_pct') }} || ' % (part variable × '
                    || {{ fr_number('r.coefficient_encadrement', 4) }} || ').'
            when r.encadrement = 'impossible' then 'Les planchers dépassent l''enveloppe : aucun encadrement appliqué.'
            when s.plancher_evolution_region_pct is null and s.plafond_evolution_region_pct is null
                then
                    'Évolution de '
                    || {{ fr_number('100 * (r.montant - r.montant_annee_precedente) / r.montant_annee_precedente', 1) }}
                    || ' % (scénario sans encadrement de l''évolution).'
            when r.montant_plancher is null and r.montant_plafond is null
                then 'Aucune part variable (pas de PASS éligible) : la région reçoit sa part fixe, sans encadrement.'
            else
                'Évolution de '
                || {{ fr_number('100 * (r.montant - r.montant_annee_precedente) / r.montant_annee_precedente', 1) }}
                || ' % par rapport à l''année précédente, dans les bornes (part variable × '
                || {{ fr_number('r.coefficient_encadrement', 4) }} || ').'
        end
    ) as explication
from regions as r
inner join pass as p on r.scenario = p.scenario and r.annee = p.annee and r.code_region = p.code_region
inner join scenarios as s on r.scenario = s.scenario
