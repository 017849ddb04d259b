package io.duckmesh.drill.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmesh.drill.backup.Manifest.SequenceState;
import io.duckmesh.drill.inspect.RowHash;
import io.duckmesh.drill.inspect.TableDigest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A manifest beside a backup can be edited by anyone who can write the folder: names no catalog has are refused. */
class ManifestNamesTest {

    private static Manifest manifest(List<TableDigest> tables, List<SequenceState> sequences) {
        Manifest.DumpFacts dump = new Manifest.DumpFacts("d.dump", "custom", List.of(), "pg_dump (PostgreSQL) 15.14", "150014", 10);
        return new Manifest(Manifest.FORMAT_VERSION, Manifest.WRITTEN_BY, "run", "2026-12-02T00:00:00Z", "snap", "now", "db", 1,
                tables, List.of(), List.of(), null, List.of(), sequences, dump, List.of(), null);
    }

    private static TableDigest table(String schema, String name) {
        return new TableDigest(schema, name, 1, true, "abc", null, List.of(), RowHash.ROW_TEXT);
    }

    @Test
    void namesAsPgDumpWritesThemAreRead(@TempDir Path work) throws Exception {
        Path dump = Files.createFile(work.resolve("d.dump"));
        manifest(List.of(table("public", "data files"), table("Odd \"Schema\"", "t")),
                List.of(new SequenceState("public.data_files_file_id_seq", 1, true),
                        new SequenceState("\"Odd \"\"Schema\"\"\".\"it's_seq\"", 1, false), new SequenceState("bare_seq", 5, true)))
                .write(dump);

        assertThat(Manifest.read(Manifest.fileFor(dump)).sequences()).hasSize(3);
    }

    @Test
    void aSequenceNameThatIsSqlIsRefusedNamingIt(@TempDir Path work) throws Exception {
        Path dump = Files.createFile(work.resolve("d.dump"));
        manifest(List.of(table("public", "t")), List.of(new SequenceState("public.s; DROP TABLE public.t", 1, true))).write(dump);

        assertThatThrownBy(() -> Manifest.read(Manifest.fileFor(dump)))
                .hasMessageContaining("The manifest " + Manifest.fileFor(dump) + " holds names no catalog has")
                .hasMessageContaining("sequence 'public.s; DROP TABLE public.t'")
                .hasMessageContaining("take a new backup with make backup");
    }

    @Test
    void aTableWithAnEmptyOrNulNameIsRefused(@TempDir Path work) throws Exception {
        Path dump = Files.createFile(work.resolve("d.dump"));
        manifest(List.of(table("", "t"), table("public", "a\0b")), List.of()).write(dump);

        assertThatThrownBy(() -> Manifest.read(Manifest.fileFor(dump)))
                .hasMessageContaining("table ''.'t'")
                .hasMessageContaining("table 'public'.'a?b'");
    }

    @Test
    void pgDumpsQuotingIsRecognised() {
        assertThat(DumpSequences.isQuotedName("public.s")).isTrue();
        assertThat(DumpSequences.isQuotedName("\"a.b\".\"c\"\"d\"")).isTrue();
        assertThat(DumpSequences.isQuotedName("public.s'); DROP")).isFalse();
        assertThat(DumpSequences.isQuotedName("Public.s")).isFalse();
        assertThat(DumpSequences.isQuotedName("a.b.c")).isFalse();
        assertThat(DumpSequences.isQuotedName("\"unterminated")).isFalse();
    }
}
