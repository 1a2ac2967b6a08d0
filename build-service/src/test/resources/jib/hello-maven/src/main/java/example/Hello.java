package example;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.helpers.MessageFormatter;

public class Hello {
    public static void main(String[] args) throws IOException {
        try (InputStream in = Hello.class.getResourceAsStream("/greeting.txt")) {
            String greeting = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            System.out.println(MessageFormatter.format("{} from a jib-built image", greeting).getMessage());
        }
    }
}
