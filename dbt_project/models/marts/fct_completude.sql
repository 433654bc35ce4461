-- Completeness and timeliness of each campaign, per region: PASS expected (those of the previous closed
-- campaign, with the declared openings and closures), received, missing and received without being expected;
-- whether the current submission arrived by the deadline, and where the region stands in the campaign.
select
    annee,
    code_region,
    pass_attendues,
    pass_recues,
    pass_manquantes,
    pass_non_attendues,
    recu_a_temps,
    statut_region,
    submission_id,
    recu_le,
    lignes_quarantaine,
    valide_par,
    valide_le
from {{ ref('int_campaign_regions_tracked') }}
