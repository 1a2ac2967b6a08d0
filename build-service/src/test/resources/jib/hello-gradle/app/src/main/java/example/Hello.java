package example;

import greeter.Greeter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

public class Hello {
    public static void main(String[] args) throws IOException {
        try (InputStream in = Hello.class.getResourceAsStream("/greeting.txt")) {
            System.out.println(Greeter.greet(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()));
        }
    }
}
