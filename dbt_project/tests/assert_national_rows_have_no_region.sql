-- National rows carry no region code; regional rows always do.
select *
from {{ ref('fct_indicators') }}
where (niveau = 'national') != (code_region is null)
