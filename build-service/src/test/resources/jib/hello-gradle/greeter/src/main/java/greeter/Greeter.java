package greeter;

public final class Greeter {
    private Greeter() {}

    public static String greet(String greeting) {
        return greeting + " from a jib-built Gradle project";
    }
}
