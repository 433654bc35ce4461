-- « PASS hospitalières - Etat des lieux : Activités 2021 » : PASS par type et par région.
{{ printed_table([
    ('nb_pass', 'nombre', 'Nombre de PASS par région'),
    ('nb_pass_generaliste', 'nombre', 'PASS généraliste'),
    ('pct_pass_generaliste', 'pourcentage', '% généraliste'),
    ('nb_pass_psychiatrique', 'nombre', 'PASS exclusivement psychiatrique'),
    ('nb_pass_bucco_dentaire', 'nombre', 'PASS exclusivement buccodentaire'),
    ('nb_pass_ophtalmologique', 'nombre', 'PASS exclusivement ophtalmologique'),
]) }}
