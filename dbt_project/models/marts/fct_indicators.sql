-- National and regional indicators, long format: one row per (annee, niveau, code_region, indicateur).
with activity as (
    select * from {{ ref('fct_pass_activity') }}
),

regional as (
    select
        annee,
        'region' as niveau,
        code_region,
        'file_active' as indicateur,
        sum(file_active)::double as valeur,
        sum(file_active)::double as numerateur,
        null::double as denominateur,
        count(file_active) as nb_pass_repondants
    from activity
    group by annee, code_region
),

national as (
    select
        annee,
        'national' as niveau,
        null as code_region,
        'file_active' as indicateur,
        sum(file_active)::double as valeur,
        sum(file_active)::double as numerateur,
        null::double as denominateur,
        count(file_active) as nb_pass_repondants
    from activity
    group by annee
)

select * from regional
union all
select * from national
