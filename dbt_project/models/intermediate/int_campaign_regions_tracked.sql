-- One row per campaign and region, for the regions expected in every campaign (seed regions) and any other that
-- sent a file: its current submission, whether it arrived by the deadline, its PASS received, and those
-- expected from the previous closed campaign (none when there is no closed campaign before it).
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

pass_years as (
    select
        annee,
        code_region,
        finess_et,
        type_pass
    from {{ ref('int_pass_years_filtered_to_current') }}
),

previous_closed as (
    -- For each campaign, the last closed campaign before it.
    select
        campaigns.annee,
        max(closed.annee) as annee_reference
    from campaigns
    inner join campaigns as closed on campaigns.annee > closed.annee and closed.statut = 'close'
    group by campaigns.annee
),

expected_counts as (
    -- The PASS of the previous closed campaign, and those of them the campaign has not received (by FINESS and
    -- type, wherever they are now).
    select
        previous_closed.annee,
        expected.code_region,
        count(*) as pass_attendues,
        count(*) filter (where received.finess_et is null) as pass_manquantes
    from previous_closed
    inner join pass_years as expected on previous_closed.annee_reference = expected.annee
    left join pass_years as received
        on
            previous_closed.annee = received.annee
            and expected.finess_et = received.finess_et
            and expected.type_pass = received.type_pass
    group by previous_closed.annee, expected.code_region
),

received_counts as (
    select
        annee,
        code_region,
        count(*) as pass_recues
    from pass_years
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
    case when previous_closed.annee is not null then coalesce(expected_counts.pass_attendues, 0) end
        as pass_attendues,
    case when previous_closed.annee is not null then coalesce(expected_counts.pass_manquantes, 0) end
        as pass_manquantes,
    coalesce(current_submissions.statut_region, 'attendu') as statut_region
from campaign_regions
inner join campaigns on campaign_regions.annee = campaigns.annee
left join current_submissions
    on
        campaign_regions.annee = current_submissions.annee
        and campaign_regions.code_region = current_submissions.code_region
left join received_counts
    on campaign_regions.annee = received_counts.annee and campaign_regions.code_region = received_counts.code_region
left join expected_counts
    on campaign_regions.annee = expected_counts.annee and campaign_regions.code_region = expected_counts.code_region
left join previous_closed on campaign_regions.annee = previous_closed.annee
