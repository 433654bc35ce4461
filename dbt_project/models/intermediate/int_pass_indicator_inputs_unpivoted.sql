{#- One row per (PASS-year, indicator): what the PASS brings to the indicator's numerator and denominator,
    and whether it counts as a respondent (a PASS that answered the terms the indicator needs).
    How the rows add up (count, sum, ratio, mean, median) is the indicator's `agregation` in the seed
    reference/indicateurs.csv; int_indicators_aggregated applies it per region and nationally. -#}

{#- The questionnaire's lists come from the contract (macros/contract_lists.sql, generated). -#}
{%- set blocks = file_active_breakdown_blocks() -%}
{%- set team = team_fte_columns() -%}

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
{%- for activity in complementary_activity_columns() -%}
    {%- do indicators.update({'nb_pass_' ~ activity:
        ('coalesce(' ~ activity ~ ', false)::int', 'null', "type_pass = 'generaliste'")}) -%}
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

{#- Patients (or FTE) for whom a block was answered: the sum of its fields, null when none of them is answered. -#}
{%- set answered_sums = {} -%}
{%- for block, members in blocks.items() -%}
{%- do answered_sums.update({'bloc_' ~ block: members}) -%}
{%- endfor -%}
{%- do answered_sums.update({'etp_total': team}) %}

with pass_years as (
    select
        *,
        {%- for name, fields in answered_sums.items() %}
        case
            when {{ fields | join(' is not null\n                or ') }} is not null
                then coalesce({{ fields | join(', 0)\n                + coalesce(') }}, 0)
        end as {{ name }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('int_pass_years_filtered_to_current') }}
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
