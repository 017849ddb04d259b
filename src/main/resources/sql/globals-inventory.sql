-- The cluster's globals, as pg_dumpall --globals-only writes them: every role with its attributes and
-- comment, every membership with its options, every role's own settings (ALTER ROLE ... SET, for all
-- databases; those IN DATABASE are the database's, compared from its archive), and every tablespace with
-- its owner, options, privileges and comment (not its location: a restore puts it where it can).
-- The predefined roles (pg_*) come with every server and are left out as roles, not as the groups of
-- a membership. Passwords are never read: pg_roles shows none.
-- Membership options beyond ADMIN (INHERIT, SET: PostgreSQL 16+) are their own kind, read only where
-- the server has them; PostgreSQL 16+ keeps one membership row per grantor, taken together here.
SELECT 'role' AS kind, quote_ident(r.rolname) AS name,
       concat_ws(' ',
           CASE WHEN r.rolsuper THEN 'SUPERUSER' ELSE 'NOSUPERUSER' END,
           CASE WHEN r.rolinherit THEN 'INHERIT' ELSE 'NOINHERIT' END,
           CASE WHEN r.rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
           CASE WHEN r.rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END,
           CASE WHEN r.rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END,
           CASE WHEN r.rolreplication THEN 'REPLICATION' ELSE 'NOREPLICATION' END,
           CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END,
           'CONNECTION LIMIT ' || r.rolconnlimit,
           'VALID UNTIL ' || CASE WHEN isfinite(r.rolvaliduntil)
                                  THEN to_char(r.rolvaliduntil AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
                                  ELSE r.rolvaliduntil::text END,
           'COMMENT ' || quote_literal(shobj_description(r.oid, 'pg_authid'))) AS definition
FROM pg_roles r
WHERE r.rolname !~ '^pg_'
UNION ALL
SELECT 'role membership', quote_ident(m.rolname) || ' in ' || quote_ident(g.rolname),
       CASE WHEN bool_or(am.admin_option) THEN 'WITH ADMIN OPTION' ELSE 'without admin option' END
FROM pg_auth_members am
JOIN pg_roles m ON m.oid = am.member
JOIN pg_roles g ON g.oid = am.roleid
GROUP BY m.rolname, g.rolname
UNION ALL
SELECT 'role membership option', quote_ident(m.rolname) || ' in ' || quote_ident(g.rolname),
       concat_ws(', ', 'INHERIT ' || bool_or((to_jsonb(am) ->> 'inherit_option')::boolean),
                       'SET ' || bool_or((to_jsonb(am) ->> 'set_option')::boolean))
FROM pg_auth_members am
JOIN pg_roles m ON m.oid = am.member
JOIN pg_roles g ON g.oid = am.roleid
WHERE to_jsonb(am) ? 'inherit_option'
GROUP BY m.rolname, g.rolname
UNION ALL
SELECT 'role setting', quote_ident(r.rolname) || ' ' || split_part(c.setting, '=', 1),
       substr(c.setting, strpos(c.setting, '=') + 1)
FROM pg_db_role_setting s
JOIN pg_roles r ON r.oid = s.setrole
CROSS JOIN LATERAL unnest(s.setconfig) AS c(setting)
WHERE s.setdatabase = 0
UNION ALL
SELECT 'tablespace', quote_ident(t.spcname),
       concat_ws(' ',
           'OWNER ' || quote_ident(pg_get_userbyid(t.spcowner)),
           'OPTIONS ' || (SELECT string_agg(o, ', ' ORDER BY o) FROM unnest(t.spcoptions) AS o),
           'ACL ' || (SELECT string_agg(a::text, ', ' ORDER BY a::text) FROM unnest(t.spcacl) AS a),
           'COMMENT ' || quote_literal(shobj_description(t.oid, 'pg_tablespace')))
FROM pg_tablespace t
WHERE t.spcname NOT IN ('pg_default', 'pg_global')
ORDER BY 1, 2
