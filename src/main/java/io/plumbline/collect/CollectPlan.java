package io.plumbline.collect;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.document.TextFiles;
import io.plumbline.error.PlumblineException;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Everything one collection needs: the targets with their credentials resolved, and how hard to
 * push. Built from {@link CollectConfig}, or from a sandbox's {@code /_sandbox/info}.
 */
public record CollectPlan(
    List<DatabricksTarget> databricks,
    Optional<AwsTarget> aws,
    CollectionRun.Settings settings,
    Map<String, Double> rateLimitOverrides,
    Duration callTimeout) {

  public CollectPlan {
    databricks = List.copyOf(databricks);
    requireNonNull(aws, "aws is null");
    requireNonNull(settings, "settings is null");
    rateLimitOverrides = Map.copyOf(rateLimitOverrides);
    requireNonNull(callTimeout, "callTimeout is null");
  }

  public boolean isEmpty() {
    return databricks.isEmpty() && aws.isEmpty();
  }

  /**
   * Resolves a configuration. {@code environment} looks up environment variables (a parameter so
   * that tests need not touch the real environment).
   */
  public static CollectPlan fromConfig(CollectConfig config, Function<String, String> environment) {
    List<DatabricksTarget> targets = new ArrayList<>();
    for (Map.Entry<String, CollectConfig.Account> entry :
        new TreeMap<>(config.accounts()).entrySet()) {
      targets.add(account(entry.getKey(), entry.getValue(), environment));
    }
    Optional<AwsTarget> aws =
        config
            .aws()
            .map(
                section -> {
                  if (!section.accountId().matches("\\d{12}")) {
                    throw PlumblineException.userError(
                        "plumbline.collect.aws.account-id must be a 12-digit AWS account id, got \""
                            + section.accountId()
                            + "\"");
                  }
                  return new AwsTarget(
                      section.accountId(),
                      section.region().orElse("aws-global"),
                      section.endpoint(),
                      section.roleArn(),
                      Optional.empty());
                });
    return new CollectPlan(
        targets,
        aws,
        settings(config),
        config.rateLimits(),
        positive(config.callTimeout(), "call-timeout"));
  }

  /**
   * A plan against a sandbox, from its {@code /_sandbox/info} document: the Databricks APIs on
   * {@code host} routed by header, IAM on the advertised endpoint with throwaway credentials.
   */
  public static CollectPlan forSandbox(
      URI host, JsonNode info, CollectionRun.Settings settings, Duration callTimeout) {
    String accountId = info.path("account_id").asText("");
    String token = info.path("token").asText("");
    if (accountId.isEmpty() || token.isEmpty()) {
      throw new PlumblineException(
          io.plumbline.error.ErrorKind.EXTERNAL,
          "the sandbox at " + host + " did not say its account_id and token in /_sandbox/info");
    }
    DatabricksTarget databricks =
        new DatabricksTarget(
            "sandbox",
            host,
            accountId,
            new DatabricksTarget.PersonalAccessToken(Secret.of(token)),
            DatabricksTarget.WorkspaceRouting.HEADER,
            Set.of(),
            Set.of());
    Optional<AwsTarget> aws = Optional.empty();
    String iamEndpoint = info.path("iam_endpoint").asText("");
    String awsAccountId = info.path("aws_account_id").asText("");
    if (!iamEndpoint.isEmpty() && !awsAccountId.isEmpty()) {
      aws =
          Optional.of(
              new AwsTarget(
                  awsAccountId,
                  "aws-global",
                  Optional.of(URI.create(iamEndpoint)),
                  Optional.empty(),
                  Optional.of(
                      new AwsTarget.StaticCredentials("sandbox", Secret.of("sandbox-secret")))));
    }
    return new CollectPlan(List.of(databricks), aws, settings, Map.of(), callTimeout);
  }

  /** A plan against a sandbox with the collection settings of {@code config}. */
  public static CollectPlan forSandbox(URI host, JsonNode info, CollectConfig config) {
    return forSandbox(host, info, settings(config), config.callTimeout());
  }

  public static CollectionRun.Settings settings(CollectConfig config) {
    CollectConfig.Concurrency concurrency = config.concurrency();
    CollectConfig.Retry retry = config.retry();
    if (retry.maxAttempts() < 1) {
      throw PlumblineException.userError(
          "plumbline.collect.retry.max-attempts must be at least 1, got " + retry.maxAttempts());
    }
    return new CollectionRun.Settings(
        Map.of(
            ScopeKind.ACCOUNT, atLeastOne(concurrency.account(), "concurrency.account"),
            ScopeKind.WORKSPACE, atLeastOne(concurrency.workspaces(), "concurrency.workspaces"),
            ScopeKind.AWS, atLeastOne(concurrency.aws(), "concurrency.aws")),
        new RetryPolicy(retry.maxAttempts(), retry.initialBackoff(), retry.maxBackoff()),
        positive(config.deadline(), "deadline"),
        System.nanoTime());
  }

  private static DatabricksTarget account(
      String name, CollectConfig.Account account, Function<String, String> environment) {
    String prefix = "plumbline.collect.accounts." + name + ".";
    DatabricksTarget.WorkspaceRouting routing =
        switch (account.workspaceRouting().toLowerCase(Locale.ROOT)) {
          case "deployment-url" -> DatabricksTarget.WorkspaceRouting.DEPLOYMENT_URL;
          case "header" -> DatabricksTarget.WorkspaceRouting.HEADER;
          default ->
              throw PlumblineException.userError(
                  prefix
                      + "workspace-routing must be deployment-url or header, got \""
                      + account.workspaceRouting()
                      + "\"");
        };
    DatabricksTarget.Auth auth;
    if (account.clientId().isPresent()) {
      auth =
          new DatabricksTarget.OAuthMachineToMachine(
              account.clientId().get(),
              secret(
                  prefix + "client-secret",
                  account.clientSecretEnv(),
                  account.clientSecretFile(),
                  environment));
    } else {
      auth =
          new DatabricksTarget.PersonalAccessToken(
              secret(
                  prefix + "token",
                  account.tokenEnv().or(() -> Optional.of("DATABRICKS_TOKEN")),
                  account.tokenFile(),
                  environment));
    }
    return new DatabricksTarget(
        name,
        account.host(),
        account.accountId(),
        auth,
        routing,
        account.includeWorkspaces().orElse(Set.of()),
        account.excludeWorkspaces().orElse(Set.of()));
  }

  private static Secret secret(
      String what,
      Optional<String> variable,
      Optional<Path> file,
      Function<String, String> environment) {
    if (file.isPresent()) {
      try {
        return Secret.of(TextFiles.readSecret(file.get(), what + "-file"));
      } catch (IllegalArgumentException e) {
        throw PlumblineException.userError(what + "-file " + file.get() + " is empty");
      }
    }
    String name =
        variable.orElseThrow(
            () -> PlumblineException.userError("set " + what + "-env or " + what + "-file"));
    String value = environment.apply(name);
    if (value == null || value.isBlank()) {
      throw PlumblineException.userError(
          what
              + ": environment variable "
              + name
              + " is not set (secrets come from the environment or a file, never the command line)");
    }
    return Secret.of(value);
  }

  private static int atLeastOne(int value, String name) {
    if (value < 1) {
      throw PlumblineException.userError(
          "plumbline.collect." + name + " must be at least 1, got " + value);
    }
    return value;
  }

  private static Duration positive(Duration value, String name) {
    if (value.isZero() || value.isNegative()) {
      throw PlumblineException.userError(
          "plumbline.collect." + name + " must be positive, got " + value);
    }
    return value;
  }
}
