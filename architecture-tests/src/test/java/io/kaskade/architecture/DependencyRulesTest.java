package io.kaskade.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static io.kaskade.architecture.KaskadeModules.CONTRACT;
import static io.kaskade.architecture.KaskadeModules.CORE;
import static io.kaskade.architecture.KaskadeModules.MESSAGING;
import static io.kaskade.architecture.KaskadeModules.SERVICES;
import static io.kaskade.architecture.KaskadeModules.SERVICE_COMMON;
import static io.kaskade.architecture.KaskadeModules.production;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module and package picture of docs/architecture.md, enforced: arrows only point the documented way, the
 * contract and the stage interfaces carry no vendor types, and tools do not talk to the broker.
 */
class DependencyRulesTest {

    private static final JavaClasses ALL = production();
    /** Each stage's tool interface, by simple name so that a move to another package keeps it covered. */
    private static final Set<String> STAGE_NAMES =
            Set.of("Builder", "Tagger", "Deployer", "StructureTester", "ContainerEngine");

    private static final DescribedPredicate<JavaClass> STAGE_INTERFACES = DescribedPredicate.describe(
            "are stage interfaces " + STAGE_NAMES, c -> c.isInterface() && STAGE_NAMES.contains(c.getSimpleName()));

    @Test
    void noPackageCycles() {
        slices().matching("io.kaskade.(**)")
                .should()
                .beFreeOfCycles()
                .as("no package cycles")
                .check(ALL);
    }

    @Test
    void noServiceUsesAnotherService() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service)).toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(service)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .as(service + " uses only shared-model, pipeline-core and service-common")
                    .check(ALL);
        }
    }

    @Test
    void sharedModulesDoNotUseServicesOrTheCli() {
        String[] shared = Stream.of(CONTRACT, CORE, new String[] {SERVICE_COMMON})
                .flatMap(Stream::of)
                .toArray(String[]::new);
        List<String> users = new ArrayList<>(SERVICES);
        users.add("io.kaskade.cli..");
        noClasses()
                .that()
                .resideInAnyPackage(shared)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(users.toArray(String[]::new))
                .check(ALL);
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(SERVICE_COMMON)
                .because("pipeline-core is plain Java under the services")
                .check(ALL);
    }

    @Test
    void contractIsFreeOfVendorTypesAndOfTheEngine() {
        String[] allowed = Stream.concat(Stream.of("java..", "com.fasterxml.jackson.."), Stream.of(CONTRACT))
                .toArray(String[]::new);
        classes()
                .that()
                .resideInAnyPackage(CONTRACT)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(allowed)
                .because("shared-model is the public contract: records, header names and image references only")
                .check(ALL);
    }

    @Test
    void stageInterfacesAreFreeOfVendorTypes() {
        ArchRule rule = classes()
                .that(STAGE_INTERFACES)
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.kaskade..")
                .as("stage interfaces (Builder, Tagger, Deployer, StructureTester, ContainerEngine) use only JDK and"
                        + " Kaskade types");
        rule.check(ALL);
    }

    @Test
    void toolPackagesDoNotTouchMessaging() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage("..builder..", "..deployer..", "..engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(MESSAGING)
                .as("tool packages (builder, deployer, engine) do not use Kafka, Reactive Messaging or CloudEvents");
        rule.check(ALL);
    }

    @Test
    void kafkaRuntimeIsPlainJava() {
        classes()
                .that()
                .resideInAPackage("io.kaskade.kafka.runtime..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.kaskade.kafka.runtime..")
                .because("the CLI and the chaos tests use KraftBroker without kafka-runtime's dependencies, which are"
                        + " the broker's own class path")
                .check(ALL);
    }

    @Test
    void everyModuleIsImported() {
        List<String> roots = new ArrayList<>(SERVICES);
        roots.addAll(List.of(CONTRACT));
        roots.addAll(List.of(CORE));
        roots.addAll(List.of(
                SERVICE_COMMON,
                "io.kaskade.cli..",
                "io.kaskade.images..",
                "io.kaskade.testing..",
                "io.kaskade.kafka.runtime.."));
        for (String root : roots) {
            assertThat(ALL.that(resideInAPackage(root)))
                    .as("classes in " + root + " (rules would pass on nothing)")
                    .isNotEmpty();
        }
        assertThat(ALL.that(STAGE_INTERFACES))
                .as("stage interfaces " + STAGE_NAMES)
                .isNotEmpty();
    }
}
