package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import io.duckmesh.drill.result.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which privilege differences PostgreSQL 17's MAINTAIN explains, and which stay the restore's. */
class NewMajorPrivilegesTest {

    private final NewMajorPrivileges rule = new NewMajorPrivileges("arwdDxt", "arwdDxtm", 17);

    @Test
    void acldefaultsLettersAreTheOwnersPrivileges() {
        assertThat(NewMajorPrivileges.letters("{postgres=arwdDxtm/postgres}")).isEqualTo("arwdDxtm");
        assertThat(NewMajorPrivileges.letters("{=X/postgres,postgres=X/postgres}")).isEqualTo("X");
    }

    @Test
    void anOwnersAllAndAGrantedAllGainMaintainByDesign() {
        Finding.Kind kind = classify("{o=arwdDxt/o,r=r/o,a=a*r*w*d*D*x*t*/o}", "{o=arwdDxtm/o,r=r/o,a=a*r*w*d*D*x*t*m*/o}");

        assertThat(kind).isEqualTo(Finding.Kind.BY_DESIGN);
    }

    @Test
    void anythingElseStaysTheRestores() {
        assertThat(classify("{o=arwdDxt/o,r=r/o}", "{o=arwdDxtm/o,r=rw/o}")).as("an old privilege added").isEqualTo(Finding.Kind.RESTORE);
        assertThat(classify("{o=arwdDxt/o,r=r/o}", "{o=arwdDxtm/o,r=rm/o}")).as("MAINTAIN for a role without ALL")
                .isEqualTo(Finding.Kind.RESTORE);
        assertThat(classify("{o=arwdDxt/o,r=r/o}", "{o=arwdDxtm/o}")).as("a grantee lost").isEqualTo(Finding.Kind.RESTORE);
        assertThat(classify("{o=arwdDxt/o}", "{o=arwdDxtm/x}")).as("another grantor").isEqualTo(Finding.Kind.RESTORE);
        assertThat(new NewMajorPrivileges("arwdDxt", "arwdDxt", 16).classify(result("{o=arwdDxt/o}", "{o=arwdDxtm/o}"))
                .findings().get(0).kind()).as("a major that added nothing").isEqualTo(Finding.Kind.RESTORE);
    }

    private Finding.Kind classify(String source, String restored) {
        return rule.classify(result(source, restored)).findings().get(0).kind();
    }

    private static CheckResult result(String source, String restored) {
        return CheckResult.parity("schema parity", "1 schema object", List.of(new Finding(Finding.Code.SCHEMA_OBJECT_DIFFERS,
                "privileges relation kinds.accounts", "definition differs", source, restored)), "", null);
    }
}
