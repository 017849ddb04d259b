-- Roles that own objects in the drilled schemas or are granted privileges on them, and those that
-- row-level security policies, default privileges, large objects, user mappings, publications and
-- event triggers name (PUBLIC and the built-in pg_* roles excluded): the restore target needs them
-- to restore owners, grants and those objects.
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
    UNION SELECT unnest(p.polroles) FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN s ON s.oid = c.relnamespace
    UNION SELECT d.defaclrole FROM pg_default_acl d
    UNION SELECT (aclexplode(d.defaclacl)).grantee FROM pg_default_acl d
    UNION SELECT m.lomowner FROM pg_largeobject_metadata m
    UNION SELECT (aclexplode(m.lomacl)).grantee FROM pg_largeobject_metadata m WHERE m.lomacl IS NOT NULL
    UNION SELECT u.umuser FROM pg_user_mappings u
    UNION SELECT p.pubowner FROM pg_publication p
    UNION SELECT e.evtowner FROM pg_event_trigger e
    UNION SELECT rs.setrole FROM pg_db_role_setting rs
          WHERE rs.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
)
SELECT r.rolname FROM ids JOIN pg_roles r ON r.oid = ids.role
WHERE r.rolname NOT LIKE 'pg\_%'
ORDER BY 1
