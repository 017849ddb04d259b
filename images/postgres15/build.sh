#!/usr/bin/env bash
# Builds a PostgreSQL 15 image from Debian's packages, for machines that cannot pull images:
# a minimal debootstrap system with postgresql-15, imported with `docker import`. Its entrypoint
# honours the official postgres image's contract (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB,
# port 5432, and the "ready to accept connections" log line, twice), so Testcontainers'
# PostgreSQLContainer runs it as a compatible substitute for `postgres`.
# Usage: images/postgres15/build.sh [image tag]
set -euo pipefail
tag="${1:-duckmesh-local/postgres:15-bookworm}"
here="$(cd "$(dirname "$0")" && pwd)"

# The mirror this machine's apt already uses.
mirror="$(sed -n 's/^URIs: *\(http[^ ]*debian\)\/\?$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)"
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror="$(awk '$1 == "deb" && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"

rootfs="$(mktemp -d /tmp/pg15-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
echo "image: debootstrap bookworm from $mirror into $rootfs"
debootstrap --variant=minbase --include=postgresql-15 bookworm "$rootfs" "$mirror" > "$rootfs.log" 2>&1 \
  || { tail -n 30 "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"

install -m 0755 "$here/entrypoint.sh" "$rootfs/usr/local/bin/docker-entrypoint.sh"
rm -rf "$rootfs"/var/lib/postgresql/15 "$rootfs"/etc/postgresql/15 "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
mkdir -p "$rootfs/var/lib/postgresql/data" "$rootfs/var/run/postgresql"
chroot "$rootfs" chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql

tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV PGDATA=/var/lib/postgresql/data' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'EXPOSE 5432' \
  --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
  --change 'CMD ["postgres"]' \
  - "$tag"
echo "image: built $tag"
