package io.duckmesh.drill.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.TableRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which tables a parallel pg_restore is done with, from its table of contents and its --verbose log. */
class SettledTablesTest {

    private static final TableRef DATA_FILES = new TableRef("public", "data_files");
    private static final TableRef SNAPSHOTS = new TableRef("public", "snapshots");
    private static final TableRef A = new TableRef("odd", "a");
    private static final TableRef A_B = new TableRef("odd", "a b");
    private static final TableRef EVENTS = new TableRef("ops", "events");
    private static final TableRef VIEW = new TableRef("public", "file_counts");

    // as pg_restore --list prints them (the drill keeps the lines that are not comments)
    private static final List<String> TOC = List.of(
            "223; 1259 16390 TABLE public data_files duckmesh",
            "224; 1259 16400 TABLE public snapshots duckmesh",
            "225; 1259 16410 TABLE odd a duckmesh",
            "226; 1259 16420 TABLE odd a b duckmesh",
            "227; 1259 16430 TABLE ops events duckmesh",
            "228; 1259 16440 MATERIALIZED VIEW public file_counts duckmesh",
            "3384; 0 16390 TABLE DATA public data_files duckmesh",
            "3382; 0 16400 TABLE DATA public snapshots duckmesh",
            "3390; 0 16410 TABLE DATA odd a duckmesh",
            "3391; 0 16420 TABLE DATA odd a b duckmesh",
            "3406; 0 0 SEQUENCE SET public data_files_file_id_seq duckmesh",
            "3207; 2606 16500 CONSTRAINT public data_files data_files_file_path_key duckmesh",
            "3209; 2606 16501 CONSTRAINT public data_files data_files_pkey duckmesh",
            "3210; 1259 16502 INDEX public data_files_snapshot_id_idx duckmesh",
            "3204; 2606 16503 CONSTRAINT public snapshots snapshots_pkey duckmesh",
            "3225; 2606 16504 FK CONSTRAINT public data_files data_files_snapshot_id_fkey duckmesh",
            "3229; 2620 16505 TRIGGER public snapshots snapshots_touch duckmesh",
            "3230; 2606 16506 CONSTRAINT odd a b a_b_pkey duckmesh",
            "3231; 3256 16507 POLICY public snapshots own_rows duckmesh",
            "3420; 0 16440 MATERIALIZED VIEW DATA public file_counts duckmesh");

    private static SettledTables settled() {
        return SettledTables.of(TOC, List.of(DATA_FILES, SNAPSHOTS, A, A_B, EVENTS, VIEW));
    }

    @Test
    void aTableSettlesOnceItsDataAndEveryConstraintThatLocksOutReadersHaveFinished() {
        SettledTables settled = settled();

        assertThat(settled.accept("pg_restore: finished item 3384 TABLE DATA data_files")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3207 CONSTRAINT data_files data_files_file_path_key")).isEmpty();
        assertThat(settled.accept("pg_restore: launching item 3209 CONSTRAINT data_files data_files_pkey")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3209 CONSTRAINT data_files data_files_pkey")).containsExactly(DATA_FILES);
        // its index and its foreign key let readers through: nobody waits for them
        assertThat(settled.accept("pg_restore: finished item 3225 FK CONSTRAINT data_files data_files_snapshot_id_fkey")).isEmpty();
    }

    @Test
    void aPolicyLocksItsTableButATriggerDoesNot() {
        SettledTables settled = settled();

        assertThat(settled.accept("pg_restore: finished item 3382 TABLE DATA snapshots")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3204 CONSTRAINT snapshots snapshots_pkey")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3231 POLICY snapshots own_rows")).containsExactly(SNAPSHOTS);
    }

    @Test
    void aTableWhoseNameStartsAnotherTablesWaitsForThatTablesConstraintsToo() {
        SettledTables settled = settled();

        // "CONSTRAINT odd a b a_b_pkey" could be a constraint "b a_b_pkey" of odd.a: waiting is the safe reading
        assertThat(settled.accept("pg_restore: finished item 3390 TABLE DATA a")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3391 TABLE DATA a b")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3230 CONSTRAINT a b a_b_pkey")).containsExactlyInAnyOrder(A, A_B);
    }

    @Test
    void tablesWithoutATableDataItemOfTheirOwnAreNeverWatched() {
        SettledTables settled = settled();

        assertThat(settled.watched()).containsExactly(A, A_B, DATA_FILES, SNAPSHOTS);
        assertThat(settled.accept("pg_restore: finished item 3420 MATERIALIZED VIEW DATA file_counts")).isEmpty();
    }

    @Test
    void aSerialRestoreLogSettlesNothingAndEachItemCountsOnce() {
        SettledTables settled = settled();

        assertThat(settled.accept("pg_restore: processing data for table \"public.data_files\"")).isEmpty();
        assertThat(settled.accept("pg_restore: creating CONSTRAINT \"public.data_files data_files_pkey\"")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3382 TABLE DATA snapshots")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3204 CONSTRAINT snapshots snapshots_pkey")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3204 CONSTRAINT snapshots snapshots_pkey")).isEmpty();
        assertThat(settled.accept("pg_restore: finished item 3231 POLICY snapshots own_rows")).containsExactly(SNAPSHOTS);
    }
}
