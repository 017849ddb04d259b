package io.duckmesh.drill.integrity;

/** The integrity API answered in a way retrying cannot fix (400, 401, 403, 404, malformed JSON), or never answered in time. */
public final class IntegrityApiException extends RuntimeException {

    public IntegrityApiException(String message) {
        super(message);
    }
}
