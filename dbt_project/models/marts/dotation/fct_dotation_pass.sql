-- The PASS funding model, per scenario, year and PASS: eligibility, socle, variable part, total in whole euros
-- and the structure costs it includes, each criterion's contribution, and why, in French.
with weighted as (
    select * from {{ ref('int_pass_dotations_weighted') }}
),

regions as (
    select * from {{ ref('int_region_dotations_bounded') }}
),

scenarios as (
    select * from {{ ref('dotation_scenarios') }}
),

types as (
    select * from {{ ref('type_pass') }}
),

scaled as (
    -- The region's bounds apply to the variable part of its PASS, never to their socles.
    select
        w.*,
        r.coefficient_encadrement,
        r.encadrement,
        r.montant - s.coordination_regionale_eur as cible_region,
        s.taux_frais_structure,
        types.libelle_type_pass,
        (
            w.contribution_file_active + w.contribution_nouveaux_patients + w.contribution_sans_couverture
            + w.contribution_allophones
        ) * r.coefficient_encadrement as variable_exact
    from weighted as w
    inner join regions as r on w.scenario = r.scenario and w.annee = r.annee and w.code_region = r.code_region
    inner join scenarios as s on w.scenario = s.scenario
    inner join types on w.type_pass = types.code_type_pass
),

exact as (
    -- The region's amount is whole euros: its last fraction of a euro is shared in proportion to the
    -- variable parts, so that the PASS add up to it exactly before rounding.
    select
        *,
        (
            montant_socle + variable_exact
            + (cible_region - sum(montant_socle + variable_exact) over region_rows)
            * coalesce(variable_exact / nullif(sum(variable_exact) over region_rows, 0), 0)
        ) as montant_exact
    from scaled
    window region_rows as (partition by scenario, annee, code_region)
),

rounded as (
    -- Largest remainder within the region; ineligible PASS (0) never receive a euro. Between equal remainders
    -- the euro goes to the larger amount, then to the more active PASS: more activity never means less money.
    select
        *,
        floor(montant_exact)::bigint + case when eligible and rang <= euros_restants then 1 else 0 end
            as montant_total
    from (
        select
            *,
            row_number() over (
                partition by scenario, annee, code_region
                order by
                    eligible desc, montant_exact - floor(montant_exact) desc, montant_exact desc,
                    mesure_file_active desc, mesure_nouveaux_patients desc, mesure_sans_couverture desc,
                    mesure_allophones desc, finess_et asc, type_pass asc
            ) as rang,
            cible_region - sum(floor(montant_exact)) over (partition by scenario, annee, code_region)
                as euros_restants
        from exact
    ) as ranked
)

select
    scenario,
    annee,
    finess_et,
    type_pass,
    code_region,
    raison_sociale,
    eligible,
    motif_ineligibilite,
    floor(montant_socle)::bigint as montant_socle,
    montant_total - floor(montant_socle)::bigint as montant_variable,
    montant_total,
    round(montant_total * taux_frais_structure)::bigint as dont_frais_structure,
    round(contribution_file_active * coefficient_encadrement, 2) as contribution_file_active,
    round(contribution_nouveaux_patients * coefficient_encadrement, 2) as contribution_nouveaux_patients,
    round(contribution_sans_couverture * coefficient_encadrement, 2) as contribution_sans_couverture,
    round(contribution_allophones * coefficient_encadrement, 2) as contribution_allophones,
    -- Rounded: a float summed over regions in no fixed order differs in its last bits from one build to the next.
    round(coefficient_encadrement, 10) as coefficient_encadrement,
    mesure_file_active,
    mesure_nouveaux_patients,
    round(mesure_sans_couverture, 1) as mesure_sans_couverture,
    mesure_allophones,
    case
        when not eligible then 'Non éligible : ' || motif_ineligibilite || '. Montant : 0 €.'
        else
            'Éligible. Socle (' || libelle_type_pass || ') : ' || {{ fr_number('montant_socle') }} || ' €. '
            || 'Part variable : file active ' || {{ fr_number('mesure_file_active') }} || ' patients → '
            || {{ fr_number('contribution_file_active * coefficient_encadrement') }} || ' € ; nouveaux patients '
            || {{ fr_number('mesure_nouveaux_patients') }} || ' → '
            || {{ fr_number('contribution_nouveaux_patients * coefficient_encadrement') }}
            || ' € ; patients sans couverture (estimés) ' || {{ fr_number('mesure_sans_couverture') }} || ' → '
            || {{ fr_number('contribution_sans_couverture * coefficient_encadrement') }} || ' € ; allophones '
            || {{ fr_number('mesure_allophones') }} || ' → '
            || {{ fr_number('contribution_allophones * coefficient_encadrement') }} || ' €. '
            || case
                when encadrement is not null and encadrement != 'impossible'
                    then
                        'La région est au ' || encadrement || ' de son évolution : part variable multipliée par '
                        || {{ fr_number('coefficient_encadrement', 4) }} || '. '
                else ''
            end
            || 'Total arrondi à l''euro : ' || {{ fr_number('montant_total') }} || ' €, dont '
            || {{ fr_number('round(montant_total * taux_frais_structure)') }} || ' € de frais de structure ('
            || {{ fr_number('taux_frais_structure * 100') }} || ' %).'
    end as explication
from rounded
