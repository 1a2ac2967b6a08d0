package io.kaskade.cdevents.out;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PurlsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "127.0.0.1:5000/team/app:1.0@sha256:abc | x | pkg:oci/app@sha256%3Aabc?repository_url=127.0.0.1%3A5000%2Fteam%2Fapp&tag=1.0",
                "127.0.0.1:5000/team/app@sha256:abc     | x | pkg:oci/app@sha256%3Aabc?repository_url=127.0.0.1%3A5000%2Fteam%2Fapp",
                "127.0.0.1:5000/team/App:v2             | x | pkg:oci/app?repository_url=127.0.0.1%3A5000%2Fteam%2FApp&tag=v2",
                "localhost:5000/app                     | x | pkg:oci/app?repository_url=localhost%3A5000%2Fapp",
                "app:latest                             | x | pkg:oci/app?tag=latest",
                "sha256:def                             | 127.0.0.1:5000/team/app | pkg:oci/app@sha256%3Adef?repository_url=127.0.0.1%3A5000%2Fteam%2Fapp",
            })
    void imageReferencesBecomeOciPackageUrls(String image, String artifact, String purl) {
        assertThat(Purls.oci(image, artifact)).isEqualTo(purl);
    }
}
