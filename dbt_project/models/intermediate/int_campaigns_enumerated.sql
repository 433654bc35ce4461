-- One row per campaign the warehouse knows (a year with a current submission, or closed), with its state:
-- en_cours until the DGOS closes it, then close; its deadline from the seed campagnes; and the last closed
-- campaign before it, whose PASS it expects.
with years as (
    select annee from {{ ref('stg_piramig__current_submissions') }}
    union
    select annee from {{ ref('stg_piramig__campaign_closings') }}
),

campaigns as (
    select
        years.annee,
        case when closings.annee is null then 'en_cours' else 'close' end as statut,
        calendar.date_limite,
        closings.close_le,
        closings.close_par,
        coalesce(closings.forcee, false) as close_de_force
    from years
    left join {{ ref('stg_piramig__campaign_closings') }} as closings on years.annee = closings.annee
    left join {{ ref('campagnes') }} as calendar on years.annee = calendar.annee
)

select
    campaigns.*,
    (
        select max(closed.annee) from campaigns as closed
        where closed.statut = 'close' and closed.annee < campaigns.annee
    ) as annee_reference
from campaigns
