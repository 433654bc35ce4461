-- « File active régionale et nouveaux patients » : file active, nouveaux patients et leur part.
-- La part est calculée sur les PASS répondantes : vide pour une région sans réponse (0 % dans le webinaire).
{{ printed_table([
    ('nb_pass', 'nombre', 'NB PASS'),
    ('file_active', 'nombre', 'File active'),
    ('nouveaux_patients', 'nombre', 'Nouveaux patients'),
    ('pct_nouveaux_patients', 'pourcentage', '% nouveaux patients'),
]) }}
