-- Per scenario and current PASS-year of a closed campaign, and expected PASS of a region closed without data
-- (ineligible): eligibility and its reason, the measures of the variable part, and the amount before the
-- regional bounds: the socle of its type, plus each criterion's share of the variable pool in proportion to the
-- PASS's measure among the eligible PASS of the year.
with scenarios as (
    select * from {{ ref('dotation_scenarios') }}
),

closed_campaigns as (
    -- Funding is computed from closed campaigns only: an open campaign's figures still move.
    select annee from {{ ref('int_campaigns_enumerated') }}
    where statut = 'close'
),

reported as (
    select
        true as rapport_renseigne,
        annee,
        finess_et,
        type_pass,
        code_region,
        raison_sociale,
        taux_remplissage,
        uf_dediee,
        (
            coalesce(etp_medecin, 0) > 0
            and coalesce(etp_assistant_social, 0) > 0
            and coalesce(etp_infirmier, 0) > 0
        ) as equipe_complete,
        coalesce(file_active, 0) as mesure_file_active,
        coalesce(nouveaux_patients, 0) as mesure_nouveaux_patients,
        -- Patients without coverage: the PASS's share of patients without any coverage (among those for whom
        -- coverage was answered) applied to its whole file active.
        -- The block's fields come from the contract (macros/contract_lists.sql, generated).
        coalesce(
            coalesce(file_active, 0) * nb_couv_aucune
            / nullif(
                {%- for field in file_active_breakdown_blocks()['couverture'] %}
                {% if not loop.first %}+ {% endif %}coalesce({{ field }}, 0)
                {%- endfor %},
                0
            ),
            0
        ) as mesure_sans_couverture,
        coalesce(nb_allophones, 0) as mesure_allophones
    from {{ ref('int_pass_years_filtered_to_current') }}
    where annee in (select closed_campaigns.annee from closed_campaigns)
),

unreported as (
    -- The expected PASS of a region closed without data: filling PIRAMIG is an eligibility criterion.
    select
        false as rapport_renseigne,
        compared.annee,
        compared.finess_et,
        compared.type_pass,
        compared.code_region,
        compared.raison_sociale,
        null::double as taux_remplissage,
        null::boolean as uf_dediee,
        false as equipe_complete,
        0 as mesure_file_active,
        0 as mesure_nouveaux_patients,
        0.0 as mesure_sans_couverture,
        0 as mesure_allophones
    from {{ ref('int_campaign_pass_compared') }} as compared
    inner join {{ ref('int_campaign_regions_tracked') }} as regions
        on compared.annee = regions.annee and compared.code_region = regions.code_region
    where
        compared.attendue
        and not compared.recue
        and regions.statut_region = 'attendu'
        and compared.annee in (select closed_campaigns.annee from closed_campaigns)
),

pass_years as (
    select * from reported
    union all by name
    select * from unreported
),

with_eligibility as (
    select
        scenarios.scenario,
        pass_years.*,
        case pass_years.type_pass
            when 'generaliste' then scenarios.socle_generaliste_eur
            when 'psychiatrique' then scenarios.socle_psychiatrique_eur
            when 'bucco_dentaire' then scenarios.socle_bucco_dentaire_eur
            when 'ophtalmologique' then scenarios.socle_ophtalmologique_eur
        end as socle_du_type,
        case
            when not pass_years.rapport_renseigne then 'rapport PIRAMIG non renseigné'
            when coalesce(pass_years.taux_remplissage, 0) < scenarios.taux_remplissage_min
                then
                    'taux de remplissage de ' || {{ fr_number('coalesce(pass_years.taux_remplissage, 0)', 1) }}
                    || ' %, sous le minimum de ' || {{ fr_number('scenarios.taux_remplissage_min') }} || ' %'
            when scenarios.exiger_uf_dediee and not coalesce(pass_years.uf_dediee, false)
                then 'pas d''unité fonctionnelle dédiée déclarée'
            when scenarios.exiger_equipe_complete and not pass_years.equipe_complete
                then 'équipe incomplète : un médecin, un assistant de service social et un infirmier sont requis'
        end as motif_ineligibilite
    from pass_years
    cross join scenarios
),

totals as (
    select
        scenario,
        annee,
        count(distinct code_region) as nb_regions,
        coalesce(sum(socle_du_type) filter (where motif_ineligibilite is null), 0) as total_socles,
        sum(mesure_file_active) filter (where motif_ineligibilite is null) as total_file_active,
        sum(mesure_nouveaux_patients) filter (where motif_ineligibilite is null) as total_nouveaux_patients,
        sum(mesure_sans_couverture) filter (where motif_ineligibilite is null) as total_sans_couverture,
        sum(mesure_allophones) filter (where motif_ineligibilite is null) as total_allophones
    from with_eligibility
    group by scenario, annee
),

available as (
    select
        totals.*,
        scenarios.enveloppe_nationale_eur - scenarios.coordination_regionale_eur * totals.nb_regions as disponible
    from totals
    inner join scenarios on totals.scenario = scenarios.scenario
),

pools as (
    select
        totals.*,
        -- Socles first; if they do not fit in the envelope, they shrink together and nothing is left to vary.
        case
            when totals.total_socles > 0
                then greatest(0, least(1, totals.disponible / totals.total_socles))
            else 1
        end as coefficient_socle,
        greatest(0, totals.disponible - totals.total_socles) as part_variable,
        -- A criterion no eligible PASS reports (total 0) gives its weight to the others.
        case when totals.total_file_active > 0 then scenarios.poids_file_active else 0 end as poids_file_active,
        case when totals.total_nouveaux_patients > 0 then scenarios.poids_nouveaux_patients else 0 end
            as poids_nouveaux_patients,
        case when totals.total_sans_couverture > 0 then scenarios.poids_sans_couverture else 0 end
            as poids_sans_couverture,
        case when totals.total_allophones > 0 then scenarios.poids_allophones else 0 end as poids_allophones
    from available as totals
    inner join scenarios on totals.scenario = scenarios.scenario
),

pools_normalised as (
    select
        *,
        poids_file_active + poids_nouveaux_patients + poids_sans_couverture + poids_allophones as poids_total
    from pools
)

select
    p.scenario,
    p.annee,
    p.finess_et,
    p.type_pass,
    p.code_region,
    p.raison_sociale,
    p.taux_remplissage,
    p.motif_ineligibilite is null as eligible,
    p.motif_ineligibilite,
    p.mesure_file_active,
    p.mesure_nouveaux_patients,
    p.mesure_sans_couverture,
    p.mesure_allophones,
    case when p.motif_ineligibilite is null then p.socle_du_type * pools.coefficient_socle else 0 end
        as montant_socle,
    {%- for criterion in ['file_active', 'nouveaux_patients', 'sans_couverture', 'allophones'] %}
    case
        when p.motif_ineligibilite is null and pools.total_{{ criterion }} > 0
            then coalesce(
                pools.part_variable * pools.poids_{{ criterion }} / nullif(pools.poids_total, 0)
                * p.mesure_{{ criterion }} / pools.total_{{ criterion }},
                0
            )
        else 0
    end as contribution_{{ criterion }}{% if not loop.last %},{% endif %}
    {%- endfor %}
from with_eligibility as p
inner join pools_normalised as pools on p.scenario = pools.scenario and p.annee = pools.annee
