{#- One row per (PASS-year, indicator): what the PASS brings to the indicator's numerator and denominator,
    and whether it counts as a respondent (a PASS that answered the terms the indicator needs).
    How the rows add up (count, sum, ratio, mean, median) is the indicator's `agregation` in the seed
    reference/indicateurs.csv; int_indicators_aggregated applies it per region and nationally. -#}

{%- set blocks = {
    'sexe': ['nb_hommes', 'nb_femmes', 'nb_sexe_autre_inconnu'],
    'age': ['nb_age_moins_18', 'nb_age_18_25', 'nb_age_26_45', 'nb_age_46_65', 'nb_age_plus_65'],
    'provenance': ['nb_prov_france', 'nb_prov_union_europeenne', 'nb_prov_europe_hors_ue', 'nb_prov_afrique_nord',
                   'nb_prov_afrique_subsaharienne', 'nb_prov_asie_moyen_orient', 'nb_prov_ameriques_oceanie'],
    'hebergement': ['nb_heb_logement_personnel', 'nb_heb_tiers', 'nb_heb_structure', 'nb_heb_squat_bidonville',
                    'nb_heb_sans_abri'],
    'couverture': ['nb_couv_aucune', 'nb_couv_ame', 'nb_couv_puma_sans_complementaire', 'nb_couv_css',
                   'nb_couv_complete', 'nb_couv_droits_etrangers'],
} -%}
{%- set team = ['etp_medecin', 'etp_infirmier', 'etp_assistant_social', 'etp_secretaire', 'etp_psychologue',
                'etp_autre'] -%}

{#- code: (numerator, denominator, respondent) as SQL over one PASS-year row. -#}
{%- set indicators = {
    'nb_pass': ('1', 'null', 'true'),
    'nb_pass_generaliste': ("(type_pass = 'generaliste')::int", 'null', 'true'),
    'pct_pass_generaliste': ("(type_pass = 'generaliste')::int", '1', 'true'),
    'nb_pass_psychiatrique': ("(type_pass = 'psychiatrique')::int", 'null', 'true'),
    'nb_pass_bucco_dentaire': ("(type_pass = 'bucco_dentaire')::int", 'null', 'true'),
    'nb_pass_ophtalmologique': ("(type_pass = 'ophtalmologique')::int", 'null', 'true'),
    'file_active': ('file_active', 'null', 'file_active is not null'),
    'nouveaux_patients': ('nouveaux_patients', 'null', 'nouveaux_patients is not null'),
    'pct_nouveaux_patients': ('nouveaux_patients', 'file_active',
                              'nouveaux_patients is not null and file_active is not null'),
    'pct_nouveaux_patients_methode_webinaire': ('coalesce(nouveaux_patients, 0)', 'file_active',
                                                'file_active is not null'),
    'nb_consultations_medicales': ('nb_consultations_medicales', 'null', 'nb_consultations_medicales is not null'),
    'nb_entretiens_sociaux': ('nb_entretiens_sociaux', 'null', 'nb_entretiens_sociaux is not null'),
    'taux_remplissage': ('taux_remplissage', '1', 'taux_remplissage is not null'),
    'nb_femmes_repondants': ('nb_femmes', 'null', 'nb_femmes is not null and nb_femmes_suivi_grossesse is not null'),
    'nb_femmes_suivi_grossesse': ('nb_femmes_suivi_grossesse', 'null',
                                  'nb_femmes is not null and nb_femmes_suivi_grossesse is not null'),
    'pct_femmes_suivi_grossesse': ('nb_femmes_suivi_grossesse', 'nb_femmes',
                                   'nb_femmes is not null and nb_femmes_suivi_grossesse is not null'),
    'pct_mna': ('nb_mna', 'file_active', 'nb_mna is not null and file_active is not null'),
    'nb_dossiers_cpam': ('nb_dossiers_cpam', 'null', 'nb_dossiers_cpam is not null'),
    'nb_dossiers_cpam_moyen': ('nb_dossiers_cpam', '1', 'nb_dossiers_cpam is not null'),
    'pct_dossiers_cpam_complexes': ('nb_dossiers_cpam_complexes', 'nb_dossiers_cpam',
                                    'nb_dossiers_cpam_complexes is not null and nb_dossiers_cpam is not null'),
    'nb_allophones': ('nb_allophones', 'null', 'nb_allophones is not null'),
    'pct_allophones': ('nb_allophones', 'file_active', 'nb_allophones is not null and file_active is not null'),
    'nb_actes_interpretariat_presentiel': ('nb_actes_interpretariat_presentiel', 'null',
                                           'nb_actes_interpretariat_presentiel is not null'),
    'nb_actes_interpretariat_distance': ('nb_actes_interpretariat_distance', 'null',
                                         'nb_actes_interpretariat_distance is not null'),
    'montant_interpretariat_eur': ('montant_interpretariat_eur', 'null', 'montant_interpretariat_eur is not null'),
    'nb_pass_encadrement_interpretariat_oui': ('(encadrement_interpretariat = true)::int', 'null', 'true'),
    'nb_pass_encadrement_interpretariat_non': ('(encadrement_interpretariat = false)::int', 'null', 'true'),
    'etp_total_moyen': ('etp_total', '1', 'etp_total is not null'),
    'etp_total_median': ('etp_total', 'null', 'etp_total is not null'),
    'nb_pass_etp_internes': ('(etp_internes_ffi > 0)::int', 'null', 'true'),
    'nb_pass_etp_medical_aucun': ('(etp_medecin = 0)::int', 'null', 'true'),
    'nb_pass_etp_medical_moins_0_2': ('(etp_medecin > 0 and etp_medecin <= 0.2)::int', 'null', 'true'),
    'nb_pass_etp_medical_0_2_0_5': ('(etp_medecin > 0.2 and etp_medecin <= 0.5)::int', 'null', 'true'),
    'nb_pass_etp_medical_0_5_1': ('(etp_medecin > 0.5 and etp_medecin <= 1)::int', 'null', 'true'),
    'nb_pass_etp_medical_1_2': ('(etp_medecin > 1 and etp_medecin <= 2)::int', 'null', 'true'),
    'nb_pass_etp_medical_plus_2': ('(etp_medecin > 2)::int', 'null', 'true'),
    'nb_pass_etp_medical_non_disponible': ('(etp_medecin is null)::int', 'null', 'true'),
} -%}
{%- for activity in ['mere_enfant', 'mobile', 'bucco_dentaire', 'psychologue', 'ophtalmologique'] -%}
    {%- do indicators.update({'nb_pass_act_' ~ activity:
        ('coalesce(act_' ~ activity ~ ', false)::int', 'null', "type_pass = 'generaliste'")}) -%}
{%- endfor -%}
{%- for block, members in blocks.items() -%}
    {%- for member in members -%}
        {%- do indicators.update({'pct_' ~ member[3:]:
            ('coalesce(' ~ member ~ ', 0)', 'bloc_' ~ block, 'bloc_' ~ block ~ ' > 0')}) -%}
    {%- endfor -%}
    {%- if block in ['provenance', 'hebergement', 'couverture'] -%}
        {%- do indicators.update({'file_active_' ~ block ~ '_repondants':
            ('bloc_' ~ block, 'null', 'bloc_' ~ block ~ ' is not null')}) -%}
    {%- endif -%}
{%- endfor -%}

with pass_years as (
    select
        *,
        {%- for block, members in blocks.items() %}
        -- Patients for whom the block was answered: null when none of its questions is.
        case when {{ members | join(' is not null or ') }} is not null
             then {% for m in members %}coalesce({{ m }}, 0){% if not loop.last %} + {% endif %}{% endfor %}
        end as bloc_{{ block }},
        {%- endfor %}
        case when {{ team | join(' is not null or ') }} is not null
             then {% for m in team %}coalesce({{ m }}, 0){% if not loop.last %} + {% endif %}{% endfor %}
        end as etp_total
    from {{ ref('fct_pass_activity') }}
)

{% for code, terms in indicators.items() | sort %}
select
    annee,
    code_region,
    finess_et,
    type_pass,
    '{{ code }}' as indicateur,
    ({{ terms[0] }})::double as numerateur,
    ({{ terms[1] }})::double as denominateur,
    coalesce({{ terms[2] }}, false) as repondant
from pass_years
{% if not loop.last %}union all{% endif %}
{% endfor %}
