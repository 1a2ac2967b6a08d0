// Helper of bench/scale-bench.sh, run as a single-file program on the broker's own jars:
//   java -cp 'kafka-runtime/target/lib/*' bench/scale/BuildDrain.java members BOOTSTRAP GROUP N TIMEOUT_S
//       waits until consumer group GROUP is Stable with N members holding partitions; prints the assignment
//   java ... BuildDrain.java drained BOOTSTRAP START_MS RUN_IDS_FILE TIMEOUT_S
//       reads kaskade.image-built from START_MS on and prints the time (ms) from START_MS to the last
//       ImageBuilt of the listed runs (the record key is the run id), or fails after TIMEOUT_S
import java.time.Duration;
import java.nio.file.*;
import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.clients.consumer.*;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

public class BuildDrain {
    public static void main(String[] a) throws Exception {
        if (a[0].equals("members")) {
            members(a[1], a[2], Integer.parseInt(a[3]), Long.parseLong(a[4]));
        } else {
            drained(a[1], Long.parseLong(a[2]), Path.of(a[3]), Long.parseLong(a[4]));
        }
    }

    static void members(String bootstrap, String group, int n, long timeoutS) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutS * 1000;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                ConsumerGroupDescription g = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                long holding = g.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                if (g.groupState() == GroupState.STABLE && g.members().size() == n && holding == n) {
                    for (MemberDescription m : g.members()) {
                        System.out.println("  member " + m.consumerId() + " " + m.assignment().topicPartitions());
                    }
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(group + " has " + g.members().size() + " members (" + holding
                            + " with partitions), state " + g.groupState() + "; wanted " + n);
                }
                Thread.sleep(1000);
            }
        }
    }

    static void drained(String bootstrap, long startMs, Path runIdsFile, long timeoutS) throws Exception {
        Set<String> waiting = new HashSet<>(Files.readAllLines(runIdsFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList());
        int total = waiting.size();
        long last = 0;
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.deserializer", StringDeserializer.class.getName());
        p.put("value.deserializer", StringDeserializer.class.getName());
        p.put("enable.auto.commit", "false");
        long deadline = System.currentTimeMillis() + timeoutS * 1000;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor("kaskade.image-built").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, startMs));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp o = offsets.get(tp);
                if (o == null) {
                    consumer.seekToEnd(List.of(tp));
                } else {
                    consumer.seek(tp, o.offset());
                }
            }
            while (!waiting.isEmpty()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException((total - waiting.size()) + " of " + total + " runs built within " + timeoutS + " s");
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (waiting.remove(r.key())) {
                        last = Math.max(last, r.timestamp());
                    }
                }
            }
        }
        System.out.println(last - startMs);
    }
}
