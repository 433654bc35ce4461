-- An ineligible PASS gets nothing and says why; an eligible one gets at least its socle and has no reason.
select
    scenario,
    annee,
    finess_et,
    type_pass,
    eligible,
    motif_ineligibilite,
    montant_socle,
    montant_total
from {{ ref('fct_dotation_pass') }}
where
    (not eligible and (montant_total != 0 or motif_ineligibilite is null))
    or (eligible and (motif_ineligibilite is not null or montant_total < montant_socle))
