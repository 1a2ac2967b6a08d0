package io.kaskade.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project and Kafka versions this module was built with (Maven-filtered), which are the image tags. */
public record Versions(String project, String kafka) {

    public static Versions current() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties missing from the images module's jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Versions(properties.getProperty("project.version"), properties.getProperty("kafka.version"));
    }
}
