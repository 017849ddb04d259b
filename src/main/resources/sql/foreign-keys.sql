-- Foreign keys declared on tables in the drilled schemas, NOT VALID ones included. Clones that
-- partitions inherit from a partitioned parent are left out: checking the parent covers them. So are
-- the keys of an extension's member tables (pg_partman's part_config_sub, say): the extension's
-- script creates them on the restored copy, whatever the dump holds.
SELECT con.conname::text AS constraint_name,
       cn.nspname AS child_schema, cc.relname AS child_table,
       pn.nspname AS parent_schema, pc.relname AS parent_table,
       con.convalidated AS validated,
       array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS child_columns,
       array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS parent_columns
FROM pg_constraint con
JOIN pg_class cc ON cc.oid = con.conrelid
JOIN pg_namespace cn ON cn.oid = cc.relnamespace
JOIN pg_class pc ON pc.oid = con.confrelid
JOIN pg_namespace pn ON pn.oid = pc.relnamespace
WHERE con.contype = 'f'
  AND con.conparentid = 0
  AND cn.nspname NOT IN ('pg_catalog', 'information_schema')
  AND (cardinality(?::text[]) = 0 OR cn.nspname = ANY (?::text[]))
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = cc.oid AND d.deptype = 'e')
ORDER BY 2, 3, 1
