package io.plumbline.cli;

import io.plumbline.error.PlumblineException;
import io.plumbline.logging.Redaction;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;

/**
 * The entry point of the runnable jar. Picocli parses; errors are mapped to exit codes here and
 * only here: usage errors print one line and exit 2, never a stack trace.
 */
@QuarkusMain
public class Main implements QuarkusApplication {

  /** The commands that run the HTTP service; every other command is a one-shot CLI run. */
  private static final Set<String> SERVICE_COMMANDS = Set.of("serve", "demo");

  public static void main(String... args) {
    if (args.length == 0 || !SERVICE_COMMANDS.contains(args[0])) {
      // A one-shot command must not take the service's ports (two scans in CI would collide):
      // no public listener, and the management interface on a random loopback port.
      System.setProperty("quarkus.http.host-enabled", "false");
      System.setProperty("quarkus.management.host", "127.0.0.1");
      System.setProperty("quarkus.management.port", "0");
    } else if (args[0].equals("demo")) {
      // the demo hands out tokens on the terminal: keep it on this machine unless told otherwise
      setIfAbsent("quarkus.http.host", "127.0.0.1");
      setIfAbsent("quarkus.management.host", "127.0.0.1");
    }
    Quarkus.run(Main.class, args);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null
        && System.getenv(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')) == null) {
      System.setProperty(key, value);
    }
  }

  @Override
  public int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return commandLine(new CdiFactory());
  }

  /** The command line with commands made by {@code factory} (tests run commands without CDI). */
  static CommandLine commandLine(CommandLine.IFactory factory) {
    CommandLine commandLine = new CommandLine(new PlumblineCommand(), factory);
    commandLine.setDefaultValueProvider(ReportOptions::defaultValue);
    commandLine.setParameterExceptionHandler(Main::usageError);
    commandLine.setExecutionExceptionHandler(Main::executionError);
    return commandLine;
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    PrintWriter err = command.getErr();
    err.println("plumbline: " + e.getMessage());
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static int executionError(
      Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (e instanceof PlumblineException plumbline) {
      err.println("plumbline: " + plumbline.getMessage());
      err.flush();
      return ExitCodes.of(plumbline.kind());
    }
    // a bug's message is not ours to vouch for: it may quote a request with its token
    err.println("plumbline: internal error: " + Redaction.redact(String.valueOf(e)));
    if (System.getenv("PLUMBLINE_DEBUG") != null) {
      Redaction.redact(e).printStackTrace(err);
    } else {
      err.println("(set PLUMBLINE_DEBUG=1 to see the stack trace)");
    }
    err.flush();
    return ExitCodes.INTERNAL;
  }

  /** Creates commands as CDI beans when they are beans, so they can be constructor-injected. */
  private static final class CdiFactory implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (Arc.container() != null) {
        InstanceHandle<K> handle = Arc.container().instance(type);
        if (handle.isAvailable()) {
          return handle.get();
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
