package io.duckmesh.drill.backup;

import io.duckmesh.drill.inspect.CatalogInventory;
import io.duckmesh.drill.inspect.MigrationHistoryReader;
import io.duckmesh.drill.inspect.MigrationHistoryReader.MigrationRow;
import io.duckmesh.drill.inspect.RowHash;
import io.duckmesh.drill.inspect.SchemaInventory;
import io.duckmesh.drill.inspect.TableDigest;
import io.duckmesh.drill.inspect.TableDigester;
import io.duckmesh.drill.inspect.TableInfo;
import io.duckmesh.drill.inspect.TableRef;
import io.duckmesh.drill.postgres.ServerIdentity;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computes the manifest on a session that sees the dump's snapshot (or, for drill.parity.live-source,
 * the live source): every table's digest and the migration history, in one transaction.
 */
public final class ManifestBuilder {

    private final CatalogInventory inventory;
    private final SchemaInventory schema;
    private final Optional<TableRef> migrationsTable;
    private final long segmentRows;
    private final String runId;
    private final io.duckmesh.drill.inspect.MigrationFormat migrationFormat;
    private final List<String> schemas;

    /** @param segmentRows tables with a single integer key and this many rows are digested in segments */
    public ManifestBuilder(List<String> schemas, Optional<TableRef> migrationsTable, long segmentRows, String runId) {
        this(schemas, migrationsTable, io.duckmesh.drill.inspect.MigrationFormat.AUTO, segmentRows, runId);
    }

    /** @param migrationFormat how the migrations table is kept (drill.migrations.format) */
    public ManifestBuilder(List<String> schemas, Optional<TableRef> migrationsTable, io.duckmesh.drill.inspect.MigrationFormat migrationFormat,
                           long segmentRows, String runId) {
        this.migrationFormat = migrationFormat;
        this.schemas = List.copyOf(schemas);
        this.segmentRows = segmentRows;
        this.runId = runId;
        this.inventory = new CatalogInventory(schemas);
        this.schema = new SchemaInventory(schemas);
        this.migrationsTable = migrationsTable;
    }

    /** The drilled schemas (empty: every schema but the system ones). */
    public List<String> schemas() {
        return schemas;
    }

    /** The tables the manifest covers, as DDL sees them (BackupWindow), read in the connection's snapshot. */
    public List<io.duckmesh.drill.inspect.StoredTable> storedTables(Connection connection) throws SQLException {
        return inventory.storedTables(connection);
    }

    public Manifest build(Connection connection, String snapshotId) throws SQLException {
        return build(connection, snapshotId, transactionStart(connection));
    }

    /** @param snapshotTime when the snapshot the connection reads in was taken (the exporting transaction's start) */
    public Manifest build(Connection connection, String snapshotId, Instant snapshotTime) throws SQLException {
        ServerIdentity identity = ServerIdentity.of(connection);
        List<TableInfo> tables = inventory.tables(connection);
        TableDigester digester = new TableDigester();
        TableDigester.tune(connection);
        RowHash hash = RowHash.forServer(identity.serverVersionNum());
        List<TableDigest> digests = new ArrayList<>();
        for (TableInfo table : tables) {
            digests.add(digester.digest(connection, table, segmentRows, hash));
        }
        TableDigester.untune(connection);
        List<MigrationRow> migrations = migrationsTable
                .filter(t -> tables.stream().anyMatch(info -> info.table().equals(t)))
                .map(t -> read(connection, t, migrationFormat)).orElse(List.of());
        return new Manifest(Manifest.FORMAT_VERSION, Manifest.WRITTEN_BY, runId, Instant.now().toString(), snapshotId,
                snapshotTime.toString(), identity.database(), identity.systemIdentifier(), digests, schema.objects(connection),
                schema.roles(connection), migrationsTable.map(TableRef::toString).orElse(""), migrations, List.of(), null,
                new io.duckmesh.drill.inspect.LargeObjects().digest(connection), null);
    }

    /** now() of the transaction: when its snapshot was taken, so the backup's recovery point. */
    private static Instant transactionStart(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
        }
    }

    private static List<MigrationRow> read(Connection connection, TableRef table, io.duckmesh.drill.inspect.MigrationFormat format) {
        try {
            return new MigrationHistoryReader().read(connection, table, format).rows();
        } catch (SQLException failed) {
            throw new IllegalStateException("Cannot read the migration history " + table + " for the manifest: "
                    + failed.getMessage(), failed);
        }
    }
}
