-- « Activités complémentaires des PASS généralistes » : nombre de PASS généralistes par activité.
{{ printed_table([
    ('nb_pass', 'nombre', 'Nombre de PASS par région'),
    ('nb_pass_generaliste', 'nombre', 'PASS généraliste'),
    ('nb_pass_act_mere_enfant', 'nombre', 'Activité mères-enfants et/ou pédiatriques'),
    ('nb_pass_act_mobile', 'nombre', 'Activité mobile'),
    ('nb_pass_act_bucco_dentaire', 'nombre', 'Activité buccodentaire'),
    ('nb_pass_act_psychologue', 'nombre', 'Activité psychologue dédié'),
    ('nb_pass_act_ophtalmologique', 'nombre', 'Activité ophtalmologique'),
]) }}
