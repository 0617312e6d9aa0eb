package io.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.collect.CollectConfig;
import io.plumbline.error.PlumblineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFilesTest {

  @Test
  void theReadmeExampleIsAValidConfiguration(@TempDir Path directory) throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int start = readme.indexOf("```yaml\nplumbline:\n  collect:");
    String example =
        readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
    Path file = directory.resolve("plumbline.yaml");
    Files.writeString(file, example);

    CollectConfig config = ConfigFiles.collectConfig(file);

    assertThat(config.accounts()).containsKey("main");
    assertThat(config.deadline()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.aws())
        .get()
        .extracting(CollectConfig.Aws::accountId)
        .isEqualTo("111122223333");
  }

  @Test
  void aSecretWrittenIntoTheFileIsRefusedNamingTheLine(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("plumbline.yaml");
    Files.writeString(
        file,
        "plumbline:\n  collect:\n    accounts:\n      main:\n        host: https://accounts.cloud.databricks.com\n"
            + "        account-id: abc\n        token: dapi-should-not-be-here\n");

    assertThatThrownBy(() -> ConfigFiles.collectConfig(file))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining(file + ":")
        .hasMessageContaining("/plumbline/collect/accounts/main")
        .message()
        .doesNotContain("dapi-should-not-be-here");
  }

  @Test
  void aWrongTypeNamesTheLineAndWhatWasExpected(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("plumbline.yaml");
    Files.writeString(file, "plumbline:\n  collect:\n    concurrency:\n      workspaces: many\n");

    assertThatThrownBy(() -> ConfigFiles.collectConfig(file))
        .isInstanceOf(PlumblineException.class)
        .hasMessageContaining(file + ":4:")
        .hasMessageContaining("integer");
  }
}
