package io.duckmesh.drill.postgres;

/**
 * A password or token. It prints as {@code ****} wherever it lands by accident (logs, reports,
 * exception messages); the value leaves only through {@link #reveal()} into a child's environment
 * or a JDBC property.
 */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = value;
    }

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
