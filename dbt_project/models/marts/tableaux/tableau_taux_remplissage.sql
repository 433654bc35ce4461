-- « Taux moyen de remplissage depuis 2019 » : une colonne par année présente dans l'entrepôt (« 2022
-- (provisoire) » pour une campagne en cours), et le nombre de PASS de la dernière campagne close.
-- The year columns come from a PIVOT without a list of values, which DuckDB resolves from the data when the
-- table is built (it refuses it in a view): a table, rebuilt with fct_indicators, unlike the other tableaux.
{{ config(materialized='table') }}

with printed as (
    {{ printed_rows(['nb_pass', 'taux_remplissage']) }}
),

latest as (
    -- The last closed campaign (the last year when none is closed): its PASS count is final.
    select coalesce(max(annee) filter (where statut_campagne = 'definitif'), max(annee)) as annee from printed
),

pass_counts as (
    select
        region_imprimee,
        niveau,
        max(valeur) filter (where indicateur = 'nb_pass' and annee = (select latest.annee from latest))::integer
            as nombre_de_pass
    from printed
    group by region_imprimee, niveau
),

fill_rates_by_year as (
    -- DuckDB reads the years from the pivoted query before the statement runs, outside its CTEs: a subquery.
    pivot (
        select
            region_imprimee,
            niveau,
            annee::varchar || case when statut_campagne = 'definitif' then '' else ' (provisoire)' end as annee,
            case when indicateur = 'taux_remplissage' then valeur end as taux_remplissage
        from ({{ printed_rows(['nb_pass', 'taux_remplissage']) }}) as printed_again
    )
    on annee
    using round(max(taux_remplissage), 2)
    group by region_imprimee, niveau
)

select
    pass_counts.region_imprimee as "Régions",
    pass_counts.nombre_de_pass as "Nombre de PASS",
    fill_rates_by_year.* exclude (fill_rates_by_year.region_imprimee, fill_rates_by_year.niveau)
from pass_counts
inner join fill_rates_by_year
    on
        pass_counts.region_imprimee = fill_rates_by_year.region_imprimee
        and pass_counts.niveau = fill_rates_by_year.niveau
order by pass_counts.niveau = 'national', pass_counts.region_imprimee
