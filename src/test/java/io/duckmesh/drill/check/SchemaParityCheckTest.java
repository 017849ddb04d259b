package io.duckmesh.drill.check;

import io.duckmesh.drill.result.CheckResult;
import static org.assertj.core.api.Assertions.assertThat;

import io.duckmesh.drill.inspect.SchemaObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaParityCheckTest {

    private final SchemaObject first = new SchemaObject("constraint", "public.demo.fk_truncated", "FOREIGN KEY (a) REFERENCES x(a)");
    private final SchemaObject second = new SchemaObject("constraint", "public.demo.fk_truncated", "FOREIGN KEY (b) REFERENCES y(b)");

    @Test
    void objectsSharingANameAreToldApartByDefinitionInAnyOrder() {
        CheckResult result = new SchemaParityCheck().compare(List.of(first, second), List.of(second, first), true);

        assertThat(result.findings()).isEmpty();
    }

    @Test
    void ownershipIsComparedOnlyWhenAsked() {
        List<SchemaObject> source = List.of(new SchemaObject("owner", "relation public.t", "postgres"));
        List<SchemaObject> restored = List.of(new SchemaObject("owner", "relation public.t", "intruder"));

        assertThat(new SchemaParityCheck().compare(source, restored, false).findings()).isEmpty();
        assertThat(new SchemaParityCheck().compare(source, restored, true).findings()).singleElement()
                .satisfies(f -> assertThat(f.render("source  ", "restored")).isEqualTo(String.join(System.lineSeparator(),
                        "[restore] owner relation public.t: definition differs", "  -> source  : postgres", "  -> restored: intruder")));
    }
}
