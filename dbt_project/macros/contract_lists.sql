{#- GENERATED FILE, do not edit. Written by `.venv/bin/python -m tools.dbt.contract_macros`
    from contract/dictionary.csv and seeds/reference/blocs.csv: run it again after a change of either;
    tests/test_dbt_project.py fails when this file differs from what the script writes. -#}

{#- The blocks that break the file active down (blocs.csv: est_repartition_file_active = true), each with
    the fields that add up to the patients for whom it was answered. Left out, as they count part of
    another field: nb_femmes_suivi_grossesse (part of nb_femmes), nb_mna (part of nb_age_moins_18). -#}
{% macro file_active_breakdown_blocks() -%}
    {{ return({
        'sexe': ['nb_hommes', 'nb_femmes', 'nb_sexe_autre_inconnu'],
        'age': ['nb_age_moins_18', 'nb_age_18_25', 'nb_age_26_45', 'nb_age_46_65', 'nb_age_plus_65'],
        'provenance': ['nb_prov_france', 'nb_prov_union_europeenne', 'nb_prov_europe_hors_ue', 'nb_prov_afrique_nord',
                       'nb_prov_afrique_subsaharienne', 'nb_prov_asie_moyen_orient', 'nb_prov_ameriques_oceanie'],
        'hebergement': ['nb_heb_logement_personnel', 'nb_heb_tiers', 'nb_heb_structure', 'nb_heb_squat_bidonville',
                        'nb_heb_sans_abri'],
        'couverture': ['nb_couv_aucune', 'nb_couv_ame', 'nb_couv_puma_sans_complementaire', 'nb_couv_css',
                       'nb_couv_complete', 'nb_couv_droits_etrangers']
    }) }}
{%- endmacro %}

{#- The team's FTE fields (block equipe), interns left out: etp_internes_ffi. -#}
{% macro team_fte_columns() -%}
    {{ return(['etp_medecin', 'etp_infirmier', 'etp_assistant_social', 'etp_secretaire', 'etp_psychologue',
               'etp_autre']) }}
{%- endmacro %}

{#- The complementary activities of generalist PASS (block activites_complementaires). -#}
{% macro complementary_activity_columns() -%}
    {{ return(['act_mere_enfant', 'act_mobile', 'act_bucco_dentaire', 'act_psychologue', 'act_ophtalmologique']) }}
{%- endmacro %}
