-- Tables, partitioned tables and materialized views in the drilled schemas, with their primary key
-- (and whether it is a single smallint, integer or bigint column, the only keys a table is segmented on)
-- and their columns in order, each marked when its type's own hash is exact (RowHash.TYPED).
-- An extension's member tables are the extension's, left out, except its configuration tables
-- (pg_extension_config_dump): pg_dump carries their rows that match the extension's filter
-- condition, and row_filter is that condition (without its WHERE; 'true' for all rows), so both
-- sides count and checksum exactly the rows the dump carries. It is SQL that the extension's own
-- script registered, read from pg_extension.extcondition, and applied as pg_dump applies it.
-- oid, file_node and column_types are what DDL changes (BackupWindow compares them between the
-- dump's snapshot and the live source): a table dropped and created again has a new oid; TRUNCATE,
-- VACUUM FULL, CLUSTER, REFRESH MATERIALIZED VIEW and a rewriting ALTER TABLE give it a new file,
-- and a snapshot older than that sees the table empty.
-- ? = schemas to drill (text[]); an empty array means every schema but the system ones.
SELECT n.nspname AS schema_name,
       c.relname AS table_name,
       c.oid::bigint AS oid,
       c.relfilenode::bigint AS file_node,
       coalesce((SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '') AS column_types,
       c.relkind::text AS kind,
       c.relispopulated AS populated,
       coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord)
                 FROM pg_index i
                 CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                 WHERE i.indrelid = c.oid AND i.indisprimary), '{}') AS primary_key,
       coalesce((SELECT i.indnatts = 1 AND a.atttypid IN ('int2'::regtype, 'int4'::regtype, 'int8'::regtype)
                 FROM pg_index i
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
                 WHERE i.indrelid = c.oid AND i.indisprimary), false) AS integer_key,
       coalesce((SELECT array_agg(a.attname::text ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS column_names,
       coalesce((SELECT array_agg(a.atttypid IN ('bool'::regtype, 'int2'::regtype, 'int4'::regtype, 'int8'::regtype,
                                                 'bytea'::regtype, 'date'::regtype, 'timestamp'::regtype,
                                                 'timestamptz'::regtype, 'uuid'::regtype)
                                  OR (a.atttypid IN ('text'::regtype, 'varchar'::regtype)
                                      AND coalesce((SELECT l.collisdeterministic FROM pg_collation l
                                                    WHERE l.oid = a.attcollation), true))
                                  ORDER BY a.attnum)
                 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS column_native_hash,
       config.condition AS row_filter
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN LATERAL (SELECT coalesce(nullif(regexp_replace(e.extcondition[k.i], '^\s*WHERE\s+', '', 'i'), ''), 'true') AS condition
                   FROM pg_extension e
                   CROSS JOIN LATERAL generate_subscripts(e.extconfig, 1) AS k(i)
                   WHERE e.extconfig[k.i] = c.oid
                   LIMIT 1) config ON true
WHERE c.relkind IN ('r', 'p', 'm')
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
  AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
  AND (config.condition IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'))
ORDER BY 1, 2
