package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.plumbline.collect.CallStats;
import io.plumbline.collect.ClientRateLimiter;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.ScanProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DatabricksCollectorConnectionsTest {

  @Test
  void aClosedCollectorKeepsNoConnectionToTheApiOpen() throws IOException {
    assumeTrue(Files.isReadable(Path.of("/proc/self/net/tcp")), "needs Linux /proc");
    try (SandboxHarness sandbox = SandboxHarness.startDefault()) {
      CollectionRun run =
          new CollectionRun(SandboxHarness.settings(), new CallStats(), ScanProgress.NONE);
      DatabricksCollector collector =
          new DatabricksCollector(
              sandbox.target(), ClientRateLimiter.unlimited(), Duration.ofSeconds(10));
      run.execute(List.of(collector));
      assertThat(openConnectionsTo(sandbox.port())).as("pooled after the run").isPositive();

      collector.close();

      assertThat(openConnectionsTo(sandbox.port())).as("open after close").isZero();
    }
  }

  /** This process's TCP sockets connected (or half-closed) to {@code port}, from /proc. */
  private static int openConnectionsTo(int port) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // closed while listed
        }
      }
    }
    int open = 0;
    for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] columns = line.trim().split("\\s+");
        String remote = columns[2];
        int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        String state = columns[3];
        // 01 ESTABLISHED, 08 CLOSE_WAIT
        if (remotePort == port
            && (state.equals("01") || state.equals("08"))
            && inodes.contains(columns[9])) {
          open++;
        }
      }
    }
    return open;
  }
}
