-- One row per campaign and region, for the regions expected in every campaign (seed regions) and any other that
-- sent a file: its current submission, whether it arrived by the deadline, its PASS received, expected and
-- missing (int_campaign_pass_compared; none when there is no closed campaign before it).
with campaigns as (
    select * from {{ ref('int_campaigns_enumerated') }}
),

current_submissions as (
    select * from {{ ref('stg_piramig__current_submission_states') }}
),

campaign_regions as (
    select
        campaigns.annee,
        regions.code_region
    from campaigns
    cross join {{ ref('regions') }} as regions
    where regions.campagne_attendue
    union
    select
        annee,
        code_region
    from current_submissions
),

compared_counts as (
    -- PASS expected (those of the previous closed campaign, with the declared openings and closures since),
    -- missing, and received without being expected.
    select
        annee,
        code_region,
        count(*) filter (where attendue) as pass_attendues,
        count(*) filter (where attendue and not recue) as pass_manquantes,
        count(*) filter (where recue and not attendue) as pass_non_attendues
    from {{ ref('int_campaign_pass_compared') }}
    group by annee, code_region
),

received_counts as (
    select
        annee,
        code_region,
        count(*) as pass_recues
    from {{ ref('int_pass_years_filtered_to_current') }}
    group by annee, code_region
)

select
    campaign_regions.annee,
    campaign_regions.code_region,
    current_submissions.submission_id,
    current_submissions.recu_le,
    current_submissions.recu_le < campaigns.date_limite + interval 1 day as recu_a_temps,
    coalesce(current_submissions.lignes_quarantaine, 0) as lignes_quarantaine,
    current_submissions.valide_par,
    current_submissions.valide_le,
    coalesce(received_counts.pass_recues, 0) as pass_recues,
    case when campaigns.annee_reference is not null then coalesce(compared_counts.pass_attendues, 0) end
        as pass_attendues,
    case when campaigns.annee_reference is not null then coalesce(compared_counts.pass_manquantes, 0) end
        as pass_manquantes,
    case when campaigns.annee_reference is not null then coalesce(compared_counts.pass_non_attendues, 0) end
        as pass_non_attendues,
    coalesce(current_submissions.statut_region, 'attendu') as statut_region
from campaign_regions
inner join campaigns on campaign_regions.annee = campaigns.annee
left join current_submissions
    on
        campaign_regions.annee = current_submissions.annee
        and campaign_regions.code_region = current_submissions.code_region
left join received_counts
    on campaign_regions.annee = received_counts.annee and campaign_regions.code_region = received_counts.code_region
left join compared_counts
    on campaign_regions.annee = compared_counts.annee and campaign_regions.code_region = compared_counts.code_region
