package io.duckmesh.drill.inspect;

/** One schema object: its kind ("index"), qualified name, and definition as PostgreSQL prints it. */
public record SchemaObject(String kind, String name, String definition) {

    /** "index public.data_files_snapshot_id_idx". */
    public String label() {
        return kind + " " + name;
    }
}
