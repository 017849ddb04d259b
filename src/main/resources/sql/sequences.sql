-- Sequences that feed a column (serial, identity, or OWNED BY), with their increment. An extension's
-- member sequence is left out unless the extension marked it for pg_dump (pg_extension_config_dump):
-- pg_dump records no state for the others, and the extension's script sets them.
SELECT sn.nspname AS sequence_schema, s.relname AS sequence_name,
       tn.nspname AS table_schema, t.relname AS table_name, a.attname::text AS column_name,
       seq.seqincrement AS increment
FROM pg_class s
JOIN pg_namespace sn ON sn.oid = s.relnamespace
JOIN pg_sequence seq ON seq.seqrelid = s.oid
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
JOIN pg_class t ON t.oid = d.refobjid
JOIN pg_namespace tn ON tn.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
WHERE s.relkind = 'S'
  AND tn.nspname NOT IN ('pg_catalog', 'information_schema')
  AND (cardinality(?::text[]) = 0 OR tn.nspname = ANY (?::text[]))
  AND (NOT EXISTS (SELECT 1 FROM pg_depend e
                   WHERE e.classid = 'pg_class'::regclass AND e.objid = s.oid AND e.deptype = 'e')
       OR EXISTS (SELECT 1 FROM pg_extension x WHERE s.oid = ANY (x.extconfig)))
ORDER BY 1, 2
