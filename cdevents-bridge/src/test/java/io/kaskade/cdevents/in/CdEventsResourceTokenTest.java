package io.kaskade.cdevents.in;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaskade.cdevents.CdEventsConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With {@code kaskade.cdevents.token} set, the endpoint answers 401 unless the bearer token is exactly right. */
class CdEventsResourceTokenTest {

    private static final CdEventsConfig WITH_TOKEN = new CdEventsConfig() {
        @Override
        public String source() {
            return "/kaskade/cdevents-bridge";
        }

        @Override
        public String environmentId() {
            return "test";
        }

        @Override
        public String runUriPrefix() {
            return "urn:kaskade:run:";
        }

        @Override
        public Optional<List<String>> repositories() {
            return Optional.of(List.of("/srv/git/app"));
        }

        @Override
        public Optional<String> token() {
            return Optional.of("s3cret");
        }
    };

    /** An event type that starts no run, so the intake answers without publishing anything. */
    private static final byte[] OTHER_EVENT = """
            {"context": {"specversion": "0.5.1", "id": "1", "source": "/x", "type": "dev.cdevents.build.queued.0.3.0",
             "timestamp": "2026-12-05T10:00:00Z"}, "subject": {"id": "b", "content": {}}}
            """.getBytes(StandardCharsets.UTF_8);

    private final CdEventsResource resource = new CdEventsResource(
            new CdEventIntake(WITH_TOKEN, new RegisteredRepositories(WITH_TOKEN), null), WITH_TOKEN);

    @Test
    void noOrAWrongTokenIsUnauthorized() {
        assertThat(resource.receive(null, "application/json", OTHER_EVENT).getStatus())
                .isEqualTo(401);
        assertThat(resource.receive("Bearer wrong", "application/json", OTHER_EVENT)
                        .getStatus())
                .isEqualTo(401);
        assertThat(resource.receive("Bearer s3cret-and-more", "application/json", OTHER_EVENT)
                        .getStatus())
                .isEqualTo(401);
        assertThat(resource.receive("s3cret", "application/json", OTHER_EVENT).getStatus())
                .isEqualTo(401);
    }

    @Test
    void theRightTokenIsLetThrough() {
        assertThat(resource.receive("Bearer s3cret", "application/json", OTHER_EVENT)
                        .getStatus())
                .isEqualTo(200);
    }
}
