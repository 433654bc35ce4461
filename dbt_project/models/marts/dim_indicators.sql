-- What each indicator of fct_indicators means: label, definition, numerator, denominator, unit, aggregation.
select
    code_indicateur,
    libelle,
    definition,
    numerateur,
    denominateur,
    unite,
    agregation,
    theme
from {{ ref('indicateurs') }}
