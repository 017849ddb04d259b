package io.duckmesh.drill.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.SchemaObject;
import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rules of globals parity that no server is needed to show: the restore server's own roles, and membership options across majors. */
class GlobalsParityCheckTest {

    private static final SchemaObject READER = new SchemaObject("role", "reader", "NOSUPERUSER LOGIN");
    private static final SchemaObject SOURCE_POSTGRES = new SchemaObject("role", "postgres", "SUPERUSER LOGIN COMMENT 'ours'");
    private static final SchemaObject SERVER_POSTGRES = new SchemaObject("role", "postgres", "SUPERUSER LOGIN");
    private static final SchemaObject OPTIONS = new SchemaObject("role membership option", "reader in owner", "INHERIT true, SET true");

    @Test
    void theRestoreServersOwnSuperuserIsNotTheBackupsAndKeepsItsOwnAttributesByDesign() {
        CheckResult absentFromSource = new GlobalsParityCheck().compare(List.of(READER), List.of(READER, SERVER_POSTGRES),
                Set.of("postgres"), false);
        CheckResult differing = new GlobalsParityCheck().compare(List.of(READER, SOURCE_POSTGRES), List.of(READER, SERVER_POSTGRES),
                Set.of("postgres"), false);

        assertThat(absentFromSource.findings()).isEmpty();
        assertThat(absentFromSource.passed()).isTrue();
        assertThat(differing.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(Finding.Code.GLOBAL_DIFFERS);
            assertThat(f.kind()).isEqualTo(Finding.Kind.BY_DESIGN);
            assertThat(f.subject()).isEqualTo("role postgres");
        });
        assertThat(differing.passed()).as("a by-design difference does not fail the drill").isTrue();
    }

    @Test
    void aRoleTheServerDidNotHaveBeforeIsTheBackupsWhateverItsName() {
        CheckResult extra = new GlobalsParityCheck().compare(List.of(READER), List.of(READER, SERVER_POSTGRES), Set.of(), false);

        assertThat(extra.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(Finding.Code.GLOBAL_EXTRA);
            assertThat(f.kind()).isEqualTo(Finding.Kind.RESTORE);
        });
    }

    @Test
    void membershipOptionsAreComparedOnlyWhenBothServersKeepThem() {
        assertThat(new GlobalsParityCheck().compare(List.of(READER), List.of(READER, OPTIONS), Set.of(), false).findings()).isEmpty();
        assertThat(new GlobalsParityCheck().compare(List.of(READER), List.of(READER, OPTIONS), Set.of(), true).findings())
                .extracting(Finding::code).containsExactly(Finding.Code.GLOBAL_EXTRA);
    }
}
