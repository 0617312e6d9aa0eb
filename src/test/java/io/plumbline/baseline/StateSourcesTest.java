package io.plumbline.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * Terraform state from a file or from S3, the real SDK S3 client against {@link FakeS3} on
 * loopback, signed with test credentials from the system properties the default chain reads first.
 */
class StateSourcesTest {

  private static final Path STATES = Path.of("src/test/resources/terraform");
  private static final String ACCESS_KEY_ID = "AKIAPLUMBLINETEST";
  private static final String SECRET_ACCESS_KEY = "plumbline-test-secret-do-not-print";
  private static final String URL = "s3://states/prod/terraform.tfstate";

  @TempDir Path directory;

  private FakeS3 s3;

  @BeforeEach
  void startS3() throws IOException {
    s3 =
        FakeS3.start()
            .put(
                "states",
                "prod/terraform.tfstate",
                Files.readAllBytes(STATES.resolve("estate.tfstate")))
            .put(
                "states",
                "dev/terraform.tfstate",
                Files.readAllBytes(STATES.resolve("dev-workspace.tfstate")))
            .deny("states", "secret/terraform.tfstate");
    System.setProperty("aws.accessKeyId", ACCESS_KEY_ID);
    System.setProperty("aws.secretAccessKey", SECRET_ACCESS_KEY);
  }

  @AfterEach
  void stopS3() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty(StateSources.S3Settings.ENDPOINT);
    System.clearProperty(StateSources.S3Settings.REGION);
    s3.close();
  }

  private StateSources sources() {
    return new StateSources(
        new StateSources.S3Settings(Optional.of(s3.endpoint()), Optional.of("us-east-1"), true));
  }

  private PlumblineException readFails(String url) {
    try (StateSources sources = sources()) {
      return catchPlumbline(() -> sources.read(url, directory));
    }
  }

  @Test
  void aStateInS3IsReadThroughTheSdkSignedWithTheDefaultChainsCredentials() throws IOException {
    StateSources.State state;
    try (StateSources sources = sources()) {
      state = sources.read(URL, directory);
    }

    assertThat(state.name()).isEqualTo(URL);
    assertThat(state.text()).isEqualTo(Files.readString(STATES.resolve("estate.tfstate")));
    assertThat(s3.requests())
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.method()).isEqualTo("GET");
              assertThat(request.path()).isEqualTo("/states/prod/terraform.tfstate");
              assertThat(request.authorization())
                  .contains("Credential=" + ACCESS_KEY_ID + "/")
                  .contains("/us-east-1/s3/aws4_request");
            });
  }

  @Test
  void importingFromS3GivesTheSameBaselineAsImportingTheFiles() throws IOException {
    Map<String, String> fromS3;
    try (StateSources sources = sources()) {
      fromS3 =
          Map.of(
              URL,
              sources.read(URL, directory).text(),
              "s3://states/dev/terraform.tfstate",
              sources.read("s3://states/dev/terraform.tfstate", directory).text());
    }
    Map<String, String> local =
        Map.of(
            "estate.tfstate",
            Files.readString(STATES.resolve("estate.tfstate")),
            "dev-workspace.tfstate",
            Files.readString(STATES.resolve("dev-workspace.tfstate")));
    List<TerraformImporter.Mapping> mappings =
        List.of(
            TerraformImporter.Mapping.parse("module.workspace[\"prod\"]=prod"),
            TerraformImporter.Mapping.parse("databricks.dev=dev"));

    assertThat(TerraformImporter.importStates(fromS3, mappings).document())
        .isEqualTo(TerraformImporter.importStates(local, mappings).document());
    assertThat(s3.requests()).hasSize(2);
  }

  @Test
  void aMissingKeyIsAUserErrorNamingTheUrl() {
    PlumblineException error = readFails("s3://states/prod/missing.tfstate");

    assertThat(error.kind()).isEqualTo(ErrorKind.USER_ERROR);
    assertThat(error.getMessage())
        .isEqualTo(
            "cannot read Terraform state s3://states/prod/missing.tfstate: no such key (NoSuchKey)");
  }

  @Test
  void aMissingBucketIsAUserErrorNamingTheUrl() {
    PlumblineException error = readFails("s3://no-such-bucket/terraform.tfstate");

    assertThat(error.kind()).isEqualTo(ErrorKind.USER_ERROR);
    assertThat(error.getMessage())
        .isEqualTo(
            "cannot read Terraform state s3://no-such-bucket/terraform.tfstate: no such bucket"
                + " (NoSuchBucket)");
  }

  @Test
  void accessDeniedIsAUserErrorThatNeverShowsTheCredentials() {
    PlumblineException error = readFails("s3://states/secret/terraform.tfstate");

    assertThat(error.kind()).isEqualTo(ErrorKind.USER_ERROR);
    assertThat(error.getMessage())
        .startsWith(
            "cannot read Terraform state s3://states/secret/terraform.tfstate: access denied"
                + " (AccessDenied)")
        .contains("s3:ListBucket")
        .doesNotContain(SECRET_ACCESS_KEY)
        .doesNotContain(ACCESS_KEY_ID)
        .doesNotContain("\n");
  }

  @Test
  void anUnreachableEndpointIsAnExternalFailure() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    PlumblineException error;
    try (StateSources sources =
        new StateSources(
            new StateSources.S3Settings(Optional.of(closed), Optional.of("us-east-1"), true))) {
      error = catchPlumbline(() -> sources.read(URL, directory));
    }

    assertThat(error.kind()).isEqualTo(ErrorKind.EXTERNAL);
    assertThat(error.getMessage())
        .startsWith("cannot read Terraform state " + URL + ": cannot reach S3 at " + closed + " (")
        .doesNotContain("\n");
  }

  @Test
  void anS3UrlWithoutBucketOrKeyIsAUserError() {
    for (String url : new String[] {"s3://states", "s3://states/", "s3:///terraform.tfstate"}) {
      PlumblineException error = readFails(url);

      assertThat(error.kind()).isEqualTo(ErrorKind.USER_ERROR);
      assertThat(error.getMessage())
          .startsWith("invalid S3 URL \"" + url + "\": expected s3://BUCKET/KEY");
    }
    assertThat(s3.requests()).isEmpty();
  }

  @Test
  void aLocalStateIsReadRelativeToTheDirectoryAndAMissingOneIsNamed() throws IOException {
    Files.copy(STATES.resolve("dev-workspace.tfstate"), directory.resolve("dev.tfstate"));

    try (StateSources sources = StateSources.fromEnvironment()) {
      assertThat(sources.read("dev.tfstate", directory))
          .isEqualTo(
              new StateSources.State(
                  directory.resolve("dev.tfstate").toString(),
                  Files.readString(STATES.resolve("dev-workspace.tfstate"))));
      assertThatThrownBy(() -> sources.read("missing.tfstate", directory))
          .isInstanceOf(PlumblineException.class)
          .hasMessage(
              "cannot read Terraform state "
                  + directory.resolve("missing.tfstate")
                  + ": no such file");
    }
  }

  @Test
  void anEndpointTurnsPathStyleOnUnlessSaidOtherwise() {
    assertThat(StateSources.S3Settings.from(name -> Optional.empty()))
        .isEqualTo(StateSources.S3Settings.aws());
    assertThat(
            StateSources.S3Settings.from(
                name ->
                    Optional.ofNullable(
                        Map.of(StateSources.S3Settings.ENDPOINT, "http://minio.internal:9000")
                            .get(name))))
        .isEqualTo(
            new StateSources.S3Settings(
                Optional.of(URI.create("http://minio.internal:9000")), Optional.empty(), true));
    assertThat(
            StateSources.S3Settings.from(
                    name ->
                        Optional.ofNullable(
                            Map.of(
                                    StateSources.S3Settings.ENDPOINT,
                                    "https://bucket.vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com",
                                    StateSources.S3Settings.PATH_STYLE,
                                    "false")
                                .get(name)))
                .pathStyle())
        .isFalse();
  }

  @Test
  void badSettingsNameThePropertyAndTheValue() {
    assertThatThrownBy(
            () ->
                StateSources.S3Settings.from(
                    name ->
                        Optional.ofNullable(
                            Map.of(StateSources.S3Settings.ENDPOINT, "minio:9000").get(name))))
        .hasMessage(
            "invalid plumbline.s3.endpoint \"minio:9000\": expected an http:// or https:// URL");
    assertThatThrownBy(
            () ->
                StateSources.S3Settings.from(
                    name ->
                        Optional.ofNullable(
                            Map.of(StateSources.S3Settings.PATH_STYLE, "yes").get(name))))
        .hasMessage("invalid plumbline.s3.path-style \"yes\": expected true or false");
    assertThatThrownBy(
            () ->
                StateSources.S3Settings.from(
                    name ->
                        Optional.ofNullable(
                            Map.of(StateSources.S3Settings.REGION, "eu west 1").get(name))))
        .hasMessage(
            "invalid plumbline.s3.region \"eu west 1\": expected a region name such as eu-west-1");
  }

  @Test
  void theRegionIsTheConfiguredOneElseTheSdksElseUsEast1() {
    StateSources.S3Settings configured =
        new StateSources.S3Settings(Optional.empty(), Optional.of("eu-west-1"), false);
    StateSources.S3Settings unconfigured = StateSources.S3Settings.aws();

    assertThat(StateSources.region(configured, () -> Region.AP_SOUTHEAST_2, URL))
        .isEqualTo(Region.EU_WEST_1);
    assertThat(StateSources.region(unconfigured, () -> Region.AP_SOUTHEAST_2, URL))
        .isEqualTo(Region.AP_SOUTHEAST_2);
    assertThat(
            StateSources.region(
                unconfigured,
                () -> {
                  throw SdkClientException.create(
                      "Unable to load region from any of the providers");
                },
                URL))
        .isEqualTo(Region.US_EAST_1);
  }

  @Test
  void aBaselineMayNameAStateInS3() throws IOException {
    System.setProperty(StateSources.S3Settings.ENDPOINT, s3.endpoint().toString());
    System.setProperty(StateSources.S3Settings.REGION, "us-east-1");
    Path baselines = Files.createDirectories(directory.resolve("policies/baselines"));
    Files.writeString(
        baselines.resolve("terraform.yaml"),
        "terraform:\n  states: ['s3://states/dev/terraform.tfstate']\n  map: {databricks.dev: dev}\n");

    Baselines loaded = Baselines.load(directory.resolve("policies"));

    Baselines.WorkspaceBaseline dev = loaded.forWorkspace("dev", 101, Map.of("tier", "dev"));
    assertThat(dev.declared().at("/workspace_conf/enableWebTerminal").asText()).isEqualTo("false");
    assertThat(dev.declared().location("/workspace_conf", "/workspace_conf/enableWebTerminal"))
        .isEqualTo("databricks_workspace_conf.this");
  }

  @Test
  void aBaselineNamingAMissingS3StateNamesItsLine() throws IOException {
    System.setProperty(StateSources.S3Settings.ENDPOINT, s3.endpoint().toString());
    System.setProperty(StateSources.S3Settings.REGION, "us-east-1");
    Path baselines = Files.createDirectories(directory.resolve("policies/baselines"));
    Files.writeString(
        baselines.resolve("terraform.yaml"),
        "\nterraform:\n  states: ['s3://states/dev/missing.tfstate']\n");

    assertThatThrownBy(() -> Baselines.load(directory.resolve("policies")))
        .isInstanceOf(InvalidPolicyFileException.class)
        .hasMessageContaining("terraform.yaml:3")
        .hasMessageContaining(
            "cannot read Terraform state s3://states/dev/missing.tfstate: no such key (NoSuchKey)");
  }

  @Test
  void aBaselineWhoseS3IsUnreachableStaysAnExternalFailure() throws IOException {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    System.setProperty(StateSources.S3Settings.ENDPOINT, closed.toString());
    System.setProperty(StateSources.S3Settings.REGION, "us-east-1");
    Path baselines = Files.createDirectories(directory.resolve("policies/baselines"));
    Files.writeString(
        baselines.resolve("terraform.yaml"),
        "\nterraform:\n  states: ['s3://states/dev/terraform.tfstate']\n");

    PlumblineException error = catchPlumbline(() -> Baselines.load(directory.resolve("policies")));

    assertThat(error.kind()).isEqualTo(ErrorKind.EXTERNAL);
    assertThat(error.getMessage())
        .contains("terraform.yaml:3")
        .contains("cannot reach S3 at " + closed);
  }

  private static PlumblineException catchPlumbline(Runnable action) {
    try {
      action.run();
    } catch (PlumblineException e) {
      return e;
    }
    throw new AssertionError("no PlumblineException");
  }
}
