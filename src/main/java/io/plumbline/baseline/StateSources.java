package io.plumbline.baseline;

import static java.util.Objects.requireNonNull;

import io.plumbline.document.TextFiles;
import io.plumbline.error.ErrorKind;
import io.plumbline.error.PlumblineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsRegionProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Reads Terraform state given as a local file or as {@code s3://BUCKET/KEY}, for {@code baseline
 * import} and for baselines that name their states ({@code terraform: {states}}). S3 goes through
 * the AWS SDK with the default credentials chain and region; {@link S3Settings} may point it at
 * another endpoint (an S3-compatible store, a VPC endpoint). The S3 client is built at the first
 * {@code s3://} read, so that local states never need AWS configuration, and closed with this.
 *
 * <p>A missing object, a bad URL, refused credentials or no credentials at all are the user's to
 * fix (exit 2); an unreachable endpoint or a failing S3 is external (exit 3). Messages name the URL
 * and never the credentials. Not for concurrent use.
 */
public final class StateSources implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(StateSources.class);

  private static final String S3_SCHEME = "s3://";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Longest wait for the next bytes of a response; a state of tens of MB still streams. */
  private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

  /**
   * Where S3 is and how to address it. Read from system properties, else the environment:
   *
   * <ul>
   *   <li>{@code plumbline.s3.endpoint} / {@code PLUMBLINE_S3_ENDPOINT}: an http(s) URL replacing
   *       AWS's S3 endpoint (MinIO, LocalStack, a VPC endpoint); absent for AWS itself.
   *   <li>{@code plumbline.s3.region} / {@code PLUMBLINE_S3_REGION}: the signing region; absent for
   *       the SDK's default ({@code AWS_REGION}, {@code aws.region}, the profile, instance
   *       metadata), else us-east-1.
   *   <li>{@code plumbline.s3.path-style} / {@code PLUMBLINE_S3_PATH_STYLE}: {@code true} to
   *       address buckets as {@code ENDPOINT/BUCKET/KEY} rather than {@code BUCKET.ENDPOINT/KEY};
   *       default true when an endpoint is given (what S3-compatible stores expect), false
   *       otherwise.
   * </ul>
   *
   * Credentials are never settings: the SDK's default chain finds them (environment, profile, web
   * identity, container or instance role).
   */
  public record S3Settings(Optional<URI> endpoint, Optional<String> region, boolean pathStyle) {

    public static final String ENDPOINT = "plumbline.s3.endpoint";
    public static final String REGION = "plumbline.s3.region";
    public static final String PATH_STYLE = "plumbline.s3.path-style";

    public S3Settings {
      requireNonNull(endpoint, "endpoint is null");
      requireNonNull(region, "region is null");
    }

    /** AWS's own endpoint, the default region chain, virtual-hosted addressing. */
    public static S3Settings aws() {
      return new S3Settings(Optional.empty(), Optional.empty(), false);
    }

    public static S3Settings fromEnvironment() {
      return from(
          name -> {
            String value = System.getProperty(name);
            if (value == null) {
              value =
                  System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
          });
    }

    /** Settings from a lookup of the property names above; every value is checked. */
    static S3Settings from(Function<String, Optional<String>> lookup) {
      Optional<URI> endpoint = lookup.apply(ENDPOINT).map(S3Settings::endpoint);
      Optional<String> region = lookup.apply(REGION).map(S3Settings::region);
      boolean pathStyle =
          lookup
              .apply(PATH_STYLE)
              .map(
                  text ->
                      switch (text.toLowerCase(Locale.ROOT)) {
                        case "true" -> true;
                        case "false" -> false;
                        default ->
                            throw PlumblineException.userError(
                                "invalid "
                                    + PATH_STYLE
                                    + " \""
                                    + text
                                    + "\": expected true or false");
                      })
              .orElse(endpoint.isPresent());
      return new S3Settings(endpoint, region, pathStyle);
    }

    /** An AWS region, or whatever an S3-compatible store signs with (minio, garage). */
    private static String region(String text) {
      if (!text.matches("[A-Za-z0-9][A-Za-z0-9-]*")) {
        throw PlumblineException.userError(
            "invalid " + REGION + " \"" + text + "\": expected a region name such as eu-west-1");
      }
      return text;
    }

    private static URI endpoint(String text) {
      try {
        URI uri = new URI(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
            && uri.getHost() != null) {
          return uri;
        }
      } catch (URISyntaxException e) {
        // reported below
      }
      throw PlumblineException.userError(
          "invalid " + ENDPOINT + " \"" + text + "\": expected an http:// or https:// URL");
    }
  }

  /** A state's text and the name errors give it: the S3 URL, or the file as resolved. */
  public record State(String name, String text) {
    public State {
      requireNonNull(name, "name is null");
      requireNonNull(text, "text is null");
    }
  }

  private record S3Location(String bucket, String key) {}

  private final Supplier<S3Settings> settings;
  private final AwsRegionProvider defaultRegion;
  private DefaultCredentialsProvider credentials;
  private S3Client client;
  private String endpointText;

  public StateSources(S3Settings settings) {
    this(() -> settings, new DefaultAwsRegionProviderChain());
  }

  private StateSources(Supplier<S3Settings> settings, AwsRegionProvider defaultRegion) {
    this.settings = requireNonNull(settings, "settings is null");
    this.defaultRegion = requireNonNull(defaultRegion, "defaultRegion is null");
  }

  /**
   * Sources configured by system properties and the environment ({@link S3Settings}), read only
   * when a state is in S3.
   */
  public static StateSources fromEnvironment() {
    return new StateSources(S3Settings::fromEnvironment, new DefaultAwsRegionProviderChain());
  }

  private static boolean isS3(String location) {
    return location.startsWith(S3_SCHEME);
  }

  /**
   * The state at {@code location}: {@code s3://BUCKET/KEY}, or a file path resolved against {@code
   * directory}.
   */
  public State read(String location, Path directory) {
    if (isS3(location)) {
      return new State(location, readS3(location));
    }
    Path file = directory.resolve(location);
    if (!Files.exists(file)) {
      throw PlumblineException.userError("cannot read Terraform state " + file + ": no such file");
    }
    return new State(file.toString(), TextFiles.read(file, TerraformState.NOUN));
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
      client = null;
    }
    if (credentials != null) {
      credentials.close();
      credentials = null;
    }
  }

  private String readS3(String url) {
    S3Location location = parse(url);
    S3Client s3 = client(url);
    try {
      byte[] bytes =
          s3.getObjectAsBytes(
                  GetObjectRequest.builder().bucket(location.bucket()).key(location.key()).build())
              .asByteArray();
      return TextFiles.decode(url, bytes, TerraformState.NOUN);
    } catch (S3Exception e) {
      throw s3Error(url, e);
    } catch (SdkClientException e) {
      throw new PlumblineException(
          ErrorKind.EXTERNAL,
          "cannot read Terraform state "
              + url
              + ": cannot reach S3 at "
              + endpointText
              + " ("
              + rootCause(e)
              + ")");
    }
  }

  private static S3Location parse(String url) {
    String path = url.substring(S3_SCHEME.length());
    int slash = path.indexOf('/');
    if (slash <= 0 || slash == path.length() - 1) {
      throw PlumblineException.userError(
          "invalid S3 URL \""
              + url
              + "\": expected s3://BUCKET/KEY, e.g. s3://tfstate/prod/terraform.tfstate");
    }
    return new S3Location(path.substring(0, slash), path.substring(slash + 1));
  }

  private S3Client client(String url) {
    if (client != null) {
      return client;
    }
    S3Settings s3 = settings.get();
    Region region = region(s3, defaultRegion, url);
    endpointText = s3.endpoint().map(URI::toString).orElse("AWS (" + region.id() + ")");
    // the shared default chain: environment, system properties, profile, web identity, container,
    // instance; resolved now so that "no credentials" is told as such, not as a failed request
    credentials = DefaultCredentialsProvider.builder().build();
    try {
      credentials.resolveCredentials();
    } catch (SdkClientException e) {
      throw PlumblineException.userError(
          "cannot read Terraform state "
              + url
              + ": no AWS credentials found (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE,"
              + " web identity, container or instance role)");
    }
    client = build(s3, region, credentials);
    return client;
  }

  /**
   * ApacheHttpClient, as IamClients uses it (see there about its deprecation). Retries: the SDK's
   * standard mode, set so that AWS_RETRY_MODE or AWS_MAX_ATTEMPTS cannot change it.
   */
  @SuppressWarnings("deprecation")
  private static S3Client build(S3Settings s3, Region region, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder =
        S3Client.builder()
            .region(region)
            .credentialsProvider(credentials)
            .forcePathStyle(s3.pathStyle())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .connectionTimeout(CONNECT_TIMEOUT)
                    .socketTimeout(SOCKET_TIMEOUT))
            .overrideConfiguration(
                configuration ->
                    configuration.retryStrategy(AwsRetryStrategy.standardRetryStrategy()));
    if (s3.endpoint().isPresent()) {
      builder.endpointOverride(s3.endpoint().get());
    } else {
      // a bucket in another region than the one resolved is followed there, so that the
      // us-east-1 fallback, or AWS_REGION set for something else, still reads it
      builder.crossRegionAccessEnabled(true);
    }
    return builder.build();
  }

  /** The configured region, else the SDK's default chain, else us-east-1 (said in the log). */
  static Region region(S3Settings s3, AwsRegionProvider defaultRegion, String url) {
    if (s3.region().isPresent()) {
      return Region.of(s3.region().get());
    }
    try {
      return defaultRegion.getRegion();
    } catch (SdkClientException e) {
      LOG.infof(
          "no AWS region configured (AWS_REGION, the profile's region or %s): reading %s through"
              + " us-east-1",
          S3Settings.REGION, url);
      return Region.US_EAST_1;
    }
  }

  private static PlumblineException s3Error(String url, S3Exception e) {
    AwsErrorDetails details = e.awsErrorDetails();
    String code = details == null || details.errorCode() == null ? "" : details.errorCode();
    String message =
        details == null || details.errorMessage() == null
            ? ""
            : details.errorMessage().lines().findFirst().orElse("");
    int status = e.statusCode();
    String prefix = "cannot read Terraform state " + url + ": ";
    return switch (code) {
      case "NoSuchKey" -> PlumblineException.userError(prefix + "no such key (NoSuchKey)");
      case "NoSuchBucket" -> PlumblineException.userError(prefix + "no such bucket (NoSuchBucket)");
      case "AccessDenied" ->
          PlumblineException.userError(
              prefix
                  + "access denied (AccessDenied): the AWS credentials in use may not s3:GetObject"
                  + " it; S3 also answers this for a missing key when they may not s3:ListBucket"
                  + " the bucket");
      default -> {
        String what = (code.isEmpty() ? "HTTP " + status : code + ", HTTP " + status);
        String detail = message.isEmpty() ? "" : ": " + message;
        if (status == 404) {
          yield PlumblineException.userError(prefix + "not found (" + what + ")" + detail);
        }
        if (status == 403 || code.equals("ExpiredToken") || code.equals("InvalidToken")) {
          yield PlumblineException.userError(
              prefix + "S3 refused the credentials in use (" + what + ")" + detail);
        }
        yield new PlumblineException(ErrorKind.EXTERNAL, prefix + "S3 answered " + what + detail);
      }
    };
  }

  private static String rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : message.lines().findFirst().orElse(message);
  }
}
