package io.tasklane.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer boundaries of STYLE.md: dependencies point one way. */
class LayerRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importTasklane() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.tasklane");
  }

  @Test
  void theCoordinatorNeverDependsOnTheWorker() {
    noClasses().that().resideInAPackage("io.tasklane.coordinator..")
        .should().dependOnClassesThat().resideInAPackage("io.tasklane.worker..")
        .check(classes);
  }

  @Test
  void theWorkerNeverDependsOnTheCoordinator() {
    noClasses().that().resideInAPackage("io.tasklane.worker..")
        .should().dependOnClassesThat().resideInAPackage("io.tasklane.coordinator..")
        .check(classes);
  }

  @Test
  void theClientTalksHttpAndNeverJoinsTheCluster() {
    noClasses().that().resideInAPackage("io.tasklane.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.tasklane.coordinator..", "io.tasklane.worker..", "org.apache.pekko..")
        .check(classes);
  }

  @Test
  void theProtocolDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage("io.tasklane.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.tasklane.coordinator..", "io.tasklane.worker..", "io.tasklane.client..", "io.tasklane.node..")
        .check(classes);
  }

  @Test
  void domainLogicStaysOutOfPekko() {
    noClasses().that().haveSimpleNameEndingWith("Book")
        .or().haveSimpleNameEndingWith("Policy")
        .or().haveSimpleName("JobFileParser")
        .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..")
        .check(classes);
  }
}
