-- One row per campaign and PASS (FINESS and type) expected or received, for the campaigns with a closed
-- campaign before them. Expected: the PASS of that previous closed campaign, plus those the reference list
-- pass_mouvements declares opened since, minus those it declares closed since.
with campaigns as (
    select
        annee,
        annee_reference
    from {{ ref('int_campaigns_enumerated') }}
    where annee_reference is not null
),

pass_years as (
    select
        annee,
        finess_et,
        type_pass,
        code_region,
        raison_sociale
    from {{ ref('int_pass_years_filtered_to_current') }}
),

movements as (
    select * from {{ ref('pass_mouvements') }}
),

expected_before_closures as (
    select
        campaigns.annee,
        campaigns.annee_reference,
        reference.finess_et,
        reference.type_pass,
        reference.code_region,
        reference.raison_sociale
    from campaigns
    inner join pass_years as reference on campaigns.annee_reference = reference.annee
    union
    select
        campaigns.annee,
        campaigns.annee_reference,
        openings.finess_et,
        openings.type_pass,
        openings.code_region,
        openings.raison_sociale
    from campaigns
    inner join movements as openings
        on
            openings.mouvement = 'ouverture'
            and campaigns.annee_reference < openings.annee
            and campaigns.annee >= openings.annee
),

expected as (
    select *
    from expected_before_closures
    where
        not exists (
            select 1 from movements as closures
            where
                closures.mouvement = 'fermeture'
                and closures.finess_et = expected_before_closures.finess_et
                and closures.type_pass = expected_before_closures.type_pass
                and closures.annee > expected_before_closures.annee_reference
                and closures.annee <= expected_before_closures.annee
        )
    -- A PASS both in the previous campaign and declared opened since is expected once, as it was.
    qualify row_number() over (partition by annee, finess_et, type_pass order by raison_sociale) = 1
),

received as (
    select pass_years.*
    from pass_years
    inner join campaigns on pass_years.annee = campaigns.annee
)

select
    {{ full_outer_keys('received', 'expected', ['annee', 'finess_et', 'type_pass', 'code_region',
                                                'raison_sociale']) }},
    expected.finess_et is not null as attendue,
    received.finess_et is not null as recue
from expected
full outer join received
    on
        expected.annee = received.annee
        and expected.finess_et = received.finess_et
        and expected.type_pass = received.type_pass
