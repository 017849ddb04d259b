-- Large objects: oid, size and a checksum of their bytes, computed in PostgreSQL one object at a
-- time and 1 MiB at a time (no object's bytes are held whole, on the server or in the drill): md5
-- over the md5 of each 1 MiB chunk; and owner, privileges and comment. Read in the session's
-- snapshot, as pg_dump reads them; each object is opened (INV_READ = 0x40000) only to find its
-- size, and closed again.
-- ? ? ? = the objects with oids above the first and up to the second, at most the third of them.
SELECT m.oid::bigint AS oid,
       z.size,
       (SELECT md5(string_agg(md5(lo_get(m.oid, g * 1048576, 1048576)), '' ORDER BY g))
        FROM generate_series(0::bigint, greatest(z.size - 1, 0) / 1048576) AS g) AS checksum,
       pg_get_userbyid(m.lomowner) AS owner,
       coalesce(m.lomacl::text, '') AS acl,
       coalesce(obj_description(m.oid, 'pg_largeobject'), '') AS comment,
       lo_close(z.fd) AS closed
FROM pg_largeobject_metadata m
CROSS JOIN LATERAL (SELECT o.fd, lo_lseek64(o.fd, 0, 2) AS size
                    FROM (SELECT lo_open(m.oid, 262144) AS fd OFFSET 0) o) z
WHERE m.oid::bigint > ? AND m.oid::bigint <= ?
ORDER BY 1
LIMIT ?
