package io.duckmesh.drill.selftest;

/**
 * Upgrade rehearsal on data nobody here wrote: Chinook, Northwind and Pagila on a PostgreSQL 15 source,
 * restored onto a PostgreSQL 17 verification server (drill.target=server): each passes untouched, and
 * the whole real-world fault matrix fails the owning stage as it does within one major.
 */
@DrillServers(catalogs = {"chinook", "northwind", "pagila"}, verificationMajor = 17)
class UpgradeRealWorldCatalogsTest extends ServerRealWorldCatalogsTest {
}
