-- Roles that own objects in the drilled schemas or are granted privileges on them (PUBLIC and the
-- built-in pg_* roles excluded): the restore target needs them to restore owners and grants.
-- ? ? = schemas to drill (text[]); an empty array means every schema but the system ones.
WITH s AS (
    SELECT n.oid, n.nspowner, n.nspacl
    FROM pg_namespace n
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
      AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
      AND (cardinality(?::text[]) = 0 OR n.nspname = ANY (?::text[]))
), ids AS (
    SELECT nspowner AS role FROM s
    UNION SELECT (aclexplode(nspacl)).grantee FROM s WHERE nspacl IS NOT NULL
    UNION SELECT c.relowner FROM pg_class c JOIN s ON s.oid = c.relnamespace
    UNION SELECT (aclexplode(c.relacl)).grantee FROM pg_class c JOIN s ON s.oid = c.relnamespace WHERE c.relacl IS NOT NULL
    UNION SELECT p.proowner FROM pg_proc p JOIN s ON s.oid = p.pronamespace
    UNION SELECT (aclexplode(p.proacl)).grantee FROM pg_proc p JOIN s ON s.oid = p.pronamespace WHERE p.proacl IS NOT NULL
    UNION SELECT t.typowner FROM pg_type t JOIN s ON s.oid = t.typnamespace
)
SELECT r.rolname FROM ids JOIN pg_roles r ON r.oid = ids.role
WHERE r.rolname NOT LIKE 'pg\_%'
ORDER BY 1
