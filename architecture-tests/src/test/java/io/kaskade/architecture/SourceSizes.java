package io.kaskade.architecture;

import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.StaticJavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The size limits as an ArchUnit condition, checked like the other rules: a top-level class's
 * source may have at most {@value #MAX_CLASS_LINES} lines and each method or constructor in it (nested and
 * anonymous classes included) at most {@value #MAX_METHOD_LINES}. The source is found next to the compiled class
 * ({@code <module>/target/classes} → {@code <module>/src/main/java}) and read with JavaParser.
 */
final class SourceSizes extends ArchCondition<JavaClass> {

    static final int MAX_CLASS_LINES = 350;
    static final int MAX_METHOD_LINES = 60;

    SourceSizes() {
        super("have at most " + MAX_CLASS_LINES + " lines and methods of at most " + MAX_METHOD_LINES + " lines");
        StaticJavaParser.getParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17);
    }

    @Override
    public void check(JavaClass javaClass, ConditionEvents events) {
        Path source = sourceOf(javaClass);
        CompilationUnit unit;
        try {
            unit = StaticJavaParser.parse(source);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + source + " for " + javaClass.getName(), e);
        }
        Optional<TypeDeclaration<?>> type = unit.getTypes().stream()
                .filter(t -> t.getNameAsString().equals(javaClass.getSimpleName()))
                .findFirst();
        if (type.isEmpty()) {
            return;
        }
        int classLines = lines(type.get());
        events.add(new SimpleConditionEvent(
                javaClass,
                classLines <= MAX_CLASS_LINES,
                javaClass.getName() + " is longer than " + MAX_CLASS_LINES + " lines"));
        for (CallableDeclaration<?> callable : type.get().findAll(CallableDeclaration.class)) {
            int methodLines = lines(callable);
            if (methodLines > MAX_METHOD_LINES) {
                events.add(SimpleConditionEvent.violated(
                        javaClass,
                        "method " + javaClass.getName() + "."
                                + callable.getDeclarationAsString(false, false, false) + " is longer than "
                                + MAX_METHOD_LINES
                                + " lines"));
            }
        }
    }

    private static int lines(Node node) {
        return node.getRange().map(r -> r.end.line - r.begin.line + 1).orElse(0);
    }

    /** {@code .../<module>/target/classes/io/kaskade/X.class} → {@code .../<module>/src/main/java/io/kaskade/X.java}. */
    private static Path sourceOf(JavaClass javaClass) {
        URI uri = javaClass
                .getSource()
                .orElseThrow(() -> new IllegalStateException("no class file for " + javaClass.getName()))
                .getUri();
        String classFile = Path.of(uri).toString();
        int target = classFile.lastIndexOf("/target/classes/");
        if (target < 0) {
            throw new IllegalStateException(javaClass.getName() + " was not read from a module's target/classes ("
                    + classFile + "); run the reactor build: ./mvnw -pl architecture-tests -am verify");
        }
        String sourceFile = javaClass.getSourceCodeLocation().getSourceFileName();
        Path source = Path.of(
                classFile.substring(0, target),
                "src",
                "main",
                "java",
                javaClass.getPackageName().replace('.', '/'),
                sourceFile);
        if (!Files.isRegularFile(source)) {
            throw new IllegalStateException("no source " + source + " for " + javaClass.getName());
        }
        return source;
    }
}
