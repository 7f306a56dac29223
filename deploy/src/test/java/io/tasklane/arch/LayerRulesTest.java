package io.tasklane.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layer boundaries: dependencies point one way, and no package cycle anywhere. */
class LayerRulesTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importTasklane() {
    // The distribution's classpath: the main classes of every module.
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
            "io.tasklane.coordinator..", "io.tasklane.worker..", "io.tasklane.local..", "io.tasklane.node..",
            "org.apache.pekko..")
        .check(classes);
  }

  @Test
  void theLocalClusterLaunchesNodesAndNeverLinksThem() {
    noClasses().that().resideInAPackage("io.tasklane.local..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.tasklane.coordinator..", "io.tasklane.worker..", "io.tasklane.node..", "org.apache.pekko..")
        .check(classes);
  }

  @Test
  void noPackageCycleInAnyModule() {
    slices().matching("io.tasklane.(**)")
        .should().beFreeOfCycles()
        .check(classes);
  }

  @Test
  void theClientAndTheJobModelCarryNoActorRuntime() {
    noClasses().that().resideInAnyPackage("io.tasklane.client..", "io.tasklane.local..", "io.tasklane.protocol.job..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.pekko..", "scala..", "com.typesafe.config..")
        .check(classes);
  }

  @Test
  void theProtocolDependsOnNoOtherModule() {
    noClasses().that().resideInAPackage("io.tasklane.protocol..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.tasklane.coordinator..", "io.tasklane.worker..", "io.tasklane.client..", "io.tasklane.local..",
            "io.tasklane.node..")
        .check(classes);
  }

  /** A job's ledger and dispenser, the dispatch policy, the group commit, the parser. */
  @Test
  void domainLogicStaysOutOfPekko() {
    noClasses().that().haveSimpleNameEndingWith("Policy")
        .or().haveSimpleNameStartingWith("JobLedger")
        .or().haveSimpleNameStartingWith("JobPhase")
        .or().haveSimpleNameStartingWith("Dispenser")
        .or().haveSimpleNameStartingWith("ResultLog")
        .or().haveSimpleNameStartingWith("GroupCommit")
        .or().haveSimpleName("JobFileParser")
        .should().dependOnClassesThat().resideInAPackage("org.apache.pekko..")
        .check(classes);
  }
}
