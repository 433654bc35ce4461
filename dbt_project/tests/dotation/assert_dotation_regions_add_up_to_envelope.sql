-- Every scenario and year: the regions add up to the national envelope, to the euro.
select r.scenario, r.annee, sum(r.montant) as total, any_value(s.enveloppe_nationale_eur) as enveloppe
from {{ ref('fct_dotation_region') }} as r
inner join {{ ref('dotation_scenarios') }} as s on r.scenario = s.scenario
group by r.scenario, r.annee
having sum(r.montant) != any_value(s.enveloppe_nationale_eur)
