-- One row per campaign: its state (en_cours until the DGOS closes it, then close), its deadline, and how complete
-- it is: regions expected and received, PASS expected (those of the previous closed campaign) and received.
with regions as (
    select
        tracked.annee,
        count(*) filter (where expected.campagne_attendue) as regions_attendues,
        count(*) filter (where expected.campagne_attendue and tracked.submission_id is not null) as regions_recues,
        sum(tracked.pass_attendues) as pass_attendues,
        sum(tracked.pass_recues) as pass_recues,
        sum(tracked.pass_manquantes) as pass_manquantes,
        sum(tracked.pass_non_attendues) as pass_non_attendues
    from {{ ref('int_campaign_regions_tracked') }} as tracked
    inner join {{ ref('regions') }} as expected on tracked.code_region = expected.code_region
    group by tracked.annee
)

select
    campaigns.annee,
    campaigns.statut,
    campaigns.date_limite,
    campaigns.close_le,
    campaigns.close_par,
    campaigns.close_de_force,
    campaigns.annee_reference,
    regions.regions_attendues,
    regions.regions_recues,
    regions.pass_attendues::integer as pass_attendues,
    regions.pass_recues::integer as pass_recues,
    regions.pass_manquantes::integer as pass_manquantes,
    regions.pass_non_attendues::integer as pass_non_attendues,
    round(100.0 * regions.regions_recues / nullif(regions.regions_attendues, 0), 1) as completude_pct
from {{ ref('int_campaigns_enumerated') }} as campaigns
left join regions on campaigns.annee = regions.annee
