package io.duckmesh.drill.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.StoredTable;
import io.duckmesh.drill.inspect.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackupWindowTest {

    private final BackupWindow window = new BackupWindow();

    private static StoredTable table(String name, long oid, long file, String columns) {
        return new StoredTable(TableRef.parse(name), oid, "r", file, columns);
    }

    @Test
    void theSameTablesAreSafe() {
        List<StoredTable> tables = List.of(table("public.a", 10, 10, "id integer"), table("public.b", 11, 11, "id uuid"));

        BackupWindow.Changes changes = window.compare(tables, tables);

        assertThat(changes.safe()).isTrue();
        assertThat(changes.created()).isEmpty();
    }

    @Test
    void aCreatedTableIsSafeAndNamed() {
        BackupWindow.Changes changes = window.compare(List.of(table("public.a", 10, 10, "id integer")),
                List.of(table("public.a", 10, 10, "id integer"), table("public.new", 12, 12, "id integer")));

        assertThat(changes.safe()).isTrue();
        assertThat(changes.created()).containsExactly("public.new");
    }

    @Test
    void everyChangeOfATableTheSnapshotHasIsNamed() {
        List<StoredTable> snapshot = List.of(table("public.dropped", 1, 1, "id integer"), table("public.recreated", 2, 2, "id integer"),
                table("public.renamed", 3, 3, "id integer"), table("public.truncated", 4, 4, "id integer"),
                table("public.altered", 5, 5, "id integer"));
        List<StoredTable> live = List.of(table("public.recreated", 20, 20, "id integer"), table("public.renamed_now", 3, 3, "id integer"),
                table("public.truncated", 4, 40, "id integer"), table("public.altered", 5, 5, "id bigint"));

        BackupWindow.Changes changes = window.compare(snapshot, live);

        assertThat(changes.safe()).isFalse();
        assertThat(changes.created()).isEmpty();
        assertThat(changes.changed()).containsExactly("public.dropped was dropped",
                "public.recreated was dropped and created again (the backup would read the new, empty-looking table)",
                "public.renamed was renamed to public.renamed_now",
                "public.truncated was emptied or rewritten (TRUNCATE, VACUUM FULL, CLUSTER, REFRESH MATERIALIZED VIEW or an ALTER TABLE"
                        + " that rewrites it): the snapshot sees it empty, so the backup would hold none of its rows",
                "public.altered was altered (columns at the snapshot: id integer; now: id bigint)");
    }

    private static final List<String> TOC = List.of(
            ";",
            "; Archive created at 2026-12-02 01:00:00 UTC",
            "2; 3079 32786 EXTENSION - postgis ",
            "215; 1259 32769 TABLE public a postgres",
            "216; 1259 32776 MATERIALIZED VIEW public mv postgres",
            "217; 1259 32780 TABLE public my table postgres",
            "4100; 0 0 TABLE ATTACH public my table postgres",
            "4101; 0 32769 TABLE ATTACH public a postgres",
            "4254; 0 32769 TABLE DATA public a postgres",
            "4099; 0 33099 TABLE DATA public spatial_ref_sys postgres",
            "4255; 0 32776 MATERIALIZED VIEW DATA public mv postgres",
            "218; 1259 40000 TABLE other elsewhere postgres",
            "4103; 2606 32775 CONSTRAINT public a a_pkey postgres");

    @Test
    void anArchiveWithEveryTableOfTheManifestAgrees() {
        List<StoredTable> manifest = List.of(table("public.a", 32769, 1, ""), table("public.mv", 32776, 2, ""),
                table("public.my table", 32780, 3, ""), table("public.spatial_ref_sys", 33099, 4, ""));

        assertThat(window.archiveDisagreements(manifest, TOC, List.of("public"))).isEmpty();
    }

    @Test
    void aTableOnOnlyOneSideIsNamed() {
        List<StoredTable> manifest = List.of(table("public.a", 32769, 1, ""), table("public.mv", 32776, 2, ""),
                table("public.missing", 50000, 3, ""), table("public.spatial_ref_sys", 33099, 4, ""));

        assertThat(window.archiveDisagreements(manifest, TOC, List.of("public"))).containsExactly(
                "public.missing (oid 50000) is in the manifest but not in the archive",
                "public.my table (oid 32780) is in the archive but not in the manifest");
        assertThat(window.archiveDisagreements(manifest, TOC, List.of())).contains(
                "other.elsewhere (oid 40000) is in the archive but not in the manifest");
    }
}
