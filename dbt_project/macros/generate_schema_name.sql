{# Models land in the schema their folder names (staging, intermediate, marts, reference), not main_<name>:
   these are the schema names analysts type. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
