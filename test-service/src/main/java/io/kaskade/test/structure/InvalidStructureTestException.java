package io.kaskade.test.structure;

/** A structure-test file that cannot be run: not YAML, wrong schema version, unknown field, bad value. */
public class InvalidStructureTestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public InvalidStructureTestException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file, as the config names it. */
    public String file() {
        return file;
    }
}
