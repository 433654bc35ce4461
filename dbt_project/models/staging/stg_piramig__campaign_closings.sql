-- The campaigns closed now (a campaign whose last decision is a closing, in the warehouse view
-- audit.campaign_closings, which the ingestion's current submissions read too).
select
    annee,
    close_le,
    close_par,
    forcee
from {{ source('piramig_audit', 'campaign_closings') }}
