package io.kaskade.test.structure;

import java.util.List;

/**
 * One container-structure-test file, schema version {@value #SCHEMA_VERSION}, field for field.
 *
 * @param globalEnvVars variables set in every command test's container, expanded from the image's environment
 * @param metadataTest the image-config checks, or null when the file has none
 */
public record StructureTestFile(
        String schemaVersion,
        List<KeyValue> globalEnvVars,
        List<CommandTest> commandTests,
        List<FileExistenceTest> fileExistenceTests,
        List<FileContentTest> fileContentTests,
        MetadataTest metadataTest,
        List<LicenseTest> licenseTests,
        ContainerRunOptions containerRunOptions) {

    public static final String SCHEMA_VERSION = "2.0.0";

    public StructureTestFile {
        globalEnvVars = Lists.of(globalEnvVars);
        commandTests = Lists.of(commandTests);
        fileExistenceTests = Lists.of(fileExistenceTests);
        fileContentTests = Lists.of(fileContentTests);
        licenseTests = Lists.of(licenseTests);
        containerRunOptions = containerRunOptions == null ? ContainerRunOptions.NONE : containerRunOptions;
    }

    /** How many test results running this file gives. */
    public int testCount() {
        return commandTests.size()
                + fileExistenceTests.size()
                + fileContentTests.size()
                + licenseTests.size()
                + (metadataTest == null || metadataTest.isEmpty() ? 0 : 1);
    }
}
