-- The ALTER ... OWNER TO statements that give the restored copy's schemas, relations and routines
-- the owners the archive names for them (each entry's owner in pg_restore --list), each object
-- found by the entry's schema and tag as pg_dump writes them (a routine's tag is its name and
-- argument types). Schemas first, then tables and views, then sequences (a table's owner passes to
-- the sequences its columns own, which are left to it), then routines.
-- ? = the entries as JSON: [{"entry": desc, "schema": ..., "tag": ..., "owner": ...}]
WITH e AS (
    SELECT * FROM json_to_recordset(?::json) AS x(entry text, schema text, tag text, owner text)
)
SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, e.owner) AS statement, 0 AS step
FROM e JOIN pg_namespace n ON n.nspname = e.tag
WHERE e.entry = 'SCHEMA'
UNION ALL
SELECT format('ALTER %s %I.%I OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                                           WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
              n.nspname, c.relname, e.owner),
       CASE WHEN c.relkind = 'S' THEN 2 ELSE 1 END
FROM e
JOIN pg_namespace n ON n.nspname = e.schema
JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = e.tag
WHERE e.entry IN ('TABLE', 'VIEW', 'MATERIALIZED VIEW', 'SEQUENCE', 'FOREIGN TABLE')
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                                       WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                         AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
UNION ALL
SELECT format('ALTER %s %s OWNER TO %I', CASE p.prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
              p.oid::regprocedure, e.owner),
       3
FROM e
JOIN pg_namespace n ON n.nspname = e.schema
JOIN pg_proc p ON p.pronamespace = n.oid AND p.proname || '(' || oidvectortypes(p.proargtypes) || ')' = e.tag
WHERE e.entry IN ('FUNCTION', 'PROCEDURE', 'AGGREGATE')
ORDER BY 2, 1
