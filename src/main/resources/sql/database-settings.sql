-- The database's own settings, as schema-inventory.sql lists them (kind 'database setting'): for
-- ArchivedDatabaseSettings, on the restored copy after the archive's settings were replayed there.
SELECT 'database setting' AS kind, coalesce('role ' || pg_get_userbyid(nullif(rs.setrole, 0)) || ' in ', '') || 'the database' AS name,
       array_to_string(ARRAY(SELECT x FROM unnest(rs.setconfig) AS x ORDER BY 1), '; ') AS definition
FROM pg_db_role_setting rs
WHERE rs.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY 1, 2, 3
