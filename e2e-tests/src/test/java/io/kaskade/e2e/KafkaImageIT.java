package io.kaskade.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The broker image {@code 127.0.0.1:5000/kaskade/kafka:<version>} through Testcontainers'
 * {@code KafkaContainer}, as a substitute for {@code apache/kafka}: it starts from the container's
 * {@code KAFKA_*} variables, and a client produces to it and consumes back what it sent.
 */
class KafkaImageIT {

    @Test
    void theBrokerImageRunsUnderKafkaContainerAndCarriesRecords() throws Exception {
        String image = KaskadeImagesForTests.build("kafka").get("kafka");
        assertThat(image).contains("/kaskade/kafka:").contains("@sha256:");

        try (HostNetworkKafkaContainer kafka =
                HostNetworkKafkaContainer.startOnFreePorts(KaskadeImagesForTests.kafka(image))) {
            String bootstrap = kafka.getBootstrapServers();
            String topic = "kafka-image-it-" + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                        .all()
                        .get();
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }

            List<String> sent = new ArrayList<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(),
                    new StringSerializer())) {
                for (int i = 0; i < 20; i++) {
                    String value = "record " + i;
                    producer.send(new ProducerRecord<>(topic, "key-" + i, value))
                            .get();
                    sent.add(value);
                }
            }

            List<String> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                            ConsumerConfig.GROUP_ID_CONFIG, "kafka-image-it",
                            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(Set.of(topic));
                Awaitility.await("all 20 records consumed back")
                        .atMost(Duration.ofMinutes(2))
                        .until(() -> {
                            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                                received.add(record.value());
                            }
                            return received.size() >= sent.size();
                        });
            }
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
            // The broker logs to stdout, configured from the variables KafkaContainer and this test set.
            assertThat(kafka.getLogs())
                    .contains("Transitioning from RECOVERY to RUNNING")
                    .contains("Kafka Server started");
        }
    }
}
