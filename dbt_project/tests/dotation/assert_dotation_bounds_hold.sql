-- A region's change from the year before stays within the scenario's floor and cap, to the euro of
-- rounding; only the socles of its eligible PASS, which are guaranteed, may take it above the cap. A bounded
-- regional amount missing from fct_dotation_region, or the reverse, fails too.
-- Shown in Dagster as a check of fct_dotation_region.
{{ config(meta={'dagster': {'ref': {'name': 'fct_dotation_region'}}}) }}
select
    {{ full_outer_keys('r', 'b', ['scenario', 'annee', 'code_region']) }},
    r.montant,
    b.montant_plancher,
    b.montant_plafond,
    b.montant_fixe
from {{ ref('fct_dotation_region') }} as r
full outer join {{ ref('int_region_dotations_bounded') }} as b
    on r.scenario = b.scenario and r.annee = b.annee and r.code_region = b.code_region
where
    r.scenario is null
    or b.scenario is null
    or (
        coalesce(b.encadrement, '') != 'impossible'
        and (
            (b.montant_plancher is not null and r.montant < b.montant_plancher - 1)
            or (b.montant_plafond is not null and r.montant > greatest(b.montant_plafond, b.montant_fixe) + 1)
        )
    )
