package io.duckmesh.drill.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.duckmesh.drill.inspect.Relation;
import io.duckmesh.drill.inspect.TableRef;
import org.junit.jupiter.api.Test;

class RelationTest {

    @Test
    void declaredRelationIsParsed() {
        Relation relation = Relation.parseDeclared(" ops.integrity_runs(catalog_snapshot_id) -> snapshots( snapshot_id ) ");

        assertThat(relation.child()).isEqualTo(new TableRef("ops", "integrity_runs"));
        assertThat(relation.parent()).isEqualTo(new TableRef("public", "snapshots"));
        assertThat(relation.implicit()).isTrue();
        assertThat(relation.describe()).isEqualTo("ops.integrity_runs(catalog_snapshot_id) -> public.snapshots(snapshot_id)");
    }

    @Test
    void malformedRelationSaysTheExpectedForm() {
        assertThatThrownBy(() -> Relation.parseDeclared("snapshots.parent -> snapshots.id"))
                .hasMessage("Implicit relation 'snapshots.parent -> snapshots.id' is not of the form"
                        + " schema.child(column, ...) -> schema.parent(column, ...)");
        assertThatThrownBy(() -> Relation.parseDeclared("a(x, y) -> b(z)"))
                .hasMessage("Implicit relation 'a(x, y) -> b(z)' names 2 child columns but 1 parent columns");
    }

    @Test
    void identifiersAreQuoted() {
        assertThat(new TableRef("my schema", "we\"ird").quoted()).isEqualTo("\"my schema\".\"we\"\"ird\"");
    }
}
