-- Every index in the drilled schemas with its validity; an invalid or unready index is a finding.
SELECT n.nspname AS schema_name, ic.relname AS index_name, tc.relname AS table_name,
       i.indisvalid AS valid, i.indisready AS ready
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_class tc ON tc.oid = i.indrelid
JOIN pg_namespace n ON n.oid = tc.relnamespace
WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
ORDER BY 1, 3, 2
