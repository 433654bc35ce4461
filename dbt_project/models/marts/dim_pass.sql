-- One row per PASS-year of the current submissions: who it is, its type and region, its complementary
-- activities and its answers on conformity with the 2022 cahier des charges.
select
    annee,
    finess_et,
    type_pass,
    finess_ej,
    raison_sociale,
    code_region,
    act_mere_enfant,
    act_mobile,
    act_bucco_dentaire,
    act_psychologue,
    act_ophtalmologique,
    uf_dediee,
    copil_annuel,
    protocole_urgences,
    convention_assurance_maladie,
    taux_remplissage,
    submission_id
from {{ ref('fct_pass_activity') }}
