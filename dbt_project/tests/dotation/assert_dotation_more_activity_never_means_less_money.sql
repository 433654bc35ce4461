-- Within a scenario, year, region and PASS type, an eligible PASS whose every measure is at least another's,
-- and one of them more, never gets less money than it. (Two PASS with the same measures may differ by the
-- euro that the largest remainder method gives to one of them.)
with pass as (
    select * from {{ ref('fct_dotation_pass') }}
    where eligible
)

select
    a.scenario,
    a.annee,
    a.code_region,
    a.type_pass,
    a.finess_et as plus_active,
    a.montant_total,
    b.finess_et as moins_active,
    b.montant_total as montant_moins_active
from pass as a
inner join pass as b
    on
        a.scenario = b.scenario and a.annee = b.annee and a.code_region = b.code_region
        and a.type_pass = b.type_pass and a.finess_et != b.finess_et
where
    a.mesure_file_active >= b.mesure_file_active
    and a.mesure_nouveaux_patients >= b.mesure_nouveaux_patients
    and a.mesure_sans_couverture >= b.mesure_sans_couverture
    and a.mesure_allophones >= b.mesure_allophones
    and (a.mesure_file_active, a.mesure_nouveaux_patients, a.mesure_sans_couverture, a.mesure_allophones)
    != (b.mesure_file_active, b.mesure_nouveaux_patients, b.mesure_sans_couverture, b.mesure_allophones)
    and a.montant_total < b.montant_total
