package io.tasklane.tls;

import io.tasklane.client.api.Exit;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tasklane certs init}: the cluster's TLS material (docs/security.md). */
@Command(name = "certs",
    description = "TLS material for a cluster across machines: a CA of its own, node keys it signs, the CA "
        + "certificate clients trust.",
    subcommands = CertsCommand.Init.class,
    footer = {"%nExample:", "  tasklane certs init --dir tls --hosts 10.0.0.1,10.0.0.2,coordinator.example.org"})
public final class CertsCommand implements Callable<Integer> {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getErr().println("missing subcommand: init");
    spec.commandLine().usage(spec.commandLine().getErr());
    return Exit.USAGE;
  }

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Create the cluster's CA and node key material with the JDK's keytool (no openssl, no network).",
          "Nodes take the directory as --tls-dir: TLS with mutual authentication between nodes (a node without a "
              + "certificate from this CA cannot join) and HTTPS for the API; clients trust DIR/ca.pem (--ca-file).",
          "Run again in the same directory to renew the node certificate or add hosts: the CA is kept, so running "
              + "nodes still trust the new material."},
      footer = {"%nExamples:", "  tasklane certs init --dir tls --hosts 10.0.0.1,10.0.0.2,10.0.0.3",
          "  tasklane certs init --dir tls --hosts '*.tasklane.svc.cluster.local,tasklane-coordinator'",
          "%nExit codes:%n  0  made%n  1  keytool or the file system failed%n"
              + "  2  a bad option, or a directory holding other material"})
  public static final class Init implements Callable<Integer> {

    @Option(names = "--dir", required = true, paramLabel = "DIR",
        description = "Where to write the material (created owner-only if missing).")
    Path dir;

    @Option(names = "--hosts", split = ",", paramLabel = "HOST,...",
        description = "Addresses and DNS names the nodes are reached by (a leading *. allowed). 127.0.0.1 and "
            + "localhost are always included. A coordinator's --host must be one of them (HTTPS clients check it).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--days", defaultValue = "" + CertsInit.NODE_DAYS,
        description = "How long the node certificate is valid (default ${DEFAULT-VALUE}; the CA: " + CertsInit.CA_DAYS + ").")
    int days;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        CertsInit.Made made = CertsInit.run(dir, hosts, days);
        print(made, out);
        return Exit.OK;
      } catch (IllegalArgumentException | TlsMaterialException refused) {
        err.println("tasklane certs init: " + refused.getMessage());
        return Exit.USAGE;
      } catch (IOException failed) {
        err.println("tasklane certs init: " + (failed instanceof FileSystemException file
            ? "cannot write " + file.getFile() + (file.getReason() == null ? "" : ": " + file.getReason())
                + " (" + failed.getClass().getSimpleName() + ")"
            : failed.getMessage()));
        return 1;
      } finally {
        out.flush();
        err.flush();
      }
    }

    private static void print(CertsInit.Made made, PrintWriter out) {
      TlsFiles files = made.files();
      out.println((made.keptCa() ? "Issued fresh node material with the CA kept in " : "Created a CA and node material in ")
          + files.dir() + ":");
      out.printf("  %-20s %s%n", TlsFiles.CA_PEM, "the CA certificate (" + made.caName() + "): clients trust it, --ca-file");
      out.printf("  %-20s %s%n", TlsFiles.NODE_KEY_STORE, "the node key and certificate, for " + made.names()
          + ", valid until " + made.notAfter() + " (secret)");
      out.printf("  %-20s %s%n", TlsFiles.TRUST_STORE, "the CA, which every node trusts");
      out.printf("  %-20s %s%n", TlsFiles.STORE_PASSWORD, "the password of both stores (secret)");
      out.printf("  %-20s %s%n", TlsFiles.NODE_PEM, "the node certificate, to inspect");
      out.printf("  %-20s %s%n", TlsFiles.CA_KEY_STORE + ", " + TlsFiles.CA_PASSWORD,
          "the CA's key (secret): keep it off the nodes; run certs init here again to issue more");
      out.println("Copy " + TlsFiles.NODE_KEY_STORE + ", " + TlsFiles.TRUST_STORE + " and " + TlsFiles.STORE_PASSWORD
          + " to every node and start it with --tls-dir; give clients " + TlsFiles.CA_PEM + ".");
    }
  }
}
