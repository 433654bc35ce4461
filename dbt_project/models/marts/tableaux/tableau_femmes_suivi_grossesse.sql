-- « Femmes venant en PASS avec une demande de suivi de grossesse », par région, de la plus forte part à la plus
-- faible, comme dans le webinaire.
{{ printed_table([
    ('nb_femmes_repondants', 'nombre', 'Nombre total de femmes identifiées (répondants)'),
    ('nb_femmes_suivi_grossesse', 'nombre', 'Nombre de femmes venant en PASS avec une demande de suivi de grossesse'),
    ('pct_femmes_suivi_grossesse', 'pourcentage', '%'),
], order_by=indicator_value('pct_femmes_suivi_grossesse') ~ ' desc') }}
