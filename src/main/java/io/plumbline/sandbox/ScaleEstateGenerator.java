package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Generates large estates in the sandbox format for load and scale tests: the same shape as the
 * default estate (every workspace with its own cross-account role, credentials, root bucket,
 * network, metastore assignment, identity assignments, policies, tokens, clusters and catalog), at
 * the size asked for, the same for the same seed.
 *
 * <p>Group sizes follow a Pareto distribution, as real directories do: most groups have 5 to 50
 * direct members, a few hundreds, one or two reach the 1,500 direct members cap. Some groups nest
 * others, never in a cycle and at most {@value #MAX_GENERATED_NESTING} levels deep. No workspace
 * sees more than 10,000 users and service principals (the per-workspace limit). The account-wide
 * 10,000 limit is one Databricks raises on request, so more users than that are generated when
 * asked for.
 */
public final class ScaleEstateGenerator {

  static final int MAX_DIRECT_MEMBERS = 1_500;
  static final int MAX_PRINCIPALS_PER_WORKSPACE = 10_000;
  static final int MAX_GENERATED_NESTING = 4;

  private static final String DATABRICKS_AWS_ACCOUNT = "414351767826";
  private static final String UNITY_CATALOG_ROLE =
      "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL";
  private static final long BASE_EPOCH_MILLIS = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
  private static final long DAY_MILLIS = 86_400_000L;

  private ScaleEstateGenerator() {}

  /** How big an estate to generate. */
  public record Scale(int workspaces, int groups, int users) {

    public static final Scale DEFAULT = new Scale(3, 50, 200);

    private static final List<String> KEYS = List.of("workspaces", "groups", "users");

    public Scale {
      requirePositive("workspaces", workspaces);
      requirePositive("groups", groups);
      requirePositive("users", users);
      if (groups > EstateIntegrity.MAX_ACCOUNT_GROUPS) {
        throw new IllegalArgumentException(
            "groups must be at most "
                + EstateIntegrity.MAX_ACCOUNT_GROUPS
                + " (the Databricks limit per account), got "
                + groups);
      }
    }

    /**
     * Parses {@code workspaces=200,groups=2000,users=20000}; any subset of the keys, in any order,
     * the others keeping their defaults (3 workspaces, 50 groups, 200 users).
     */
    public static Scale parse(String text) {
      requireNonNull(text, "text is null");
      Map<String, Integer> values = new HashMap<>();
      values.put("workspaces", DEFAULT.workspaces());
      values.put("groups", DEFAULT.groups());
      values.put("users", DEFAULT.users());
      if (text.isBlank()) {
        return DEFAULT;
      }
      Set<String> seen = new HashSet<>();
      for (String rawPart : text.split(",", -1)) {
        String part = rawPart.trim();
        int equals = part.indexOf('=');
        if (equals < 0) {
          throw new IllegalArgumentException(
              "invalid scale part \""
                  + part
                  + "\" in \""
                  + text
                  + "\": expected key=value with key one of "
                  + String.join(", ", KEYS)
                  + " (e.g. workspaces=200,groups=2000,users=20000)");
        }
        String key = part.substring(0, equals).trim();
        String value = part.substring(equals + 1).trim();
        if (!KEYS.contains(key)) {
          throw new IllegalArgumentException(
              "invalid scale part \""
                  + part
                  + "\": unknown key \""
                  + key
                  + "\", expected one of "
                  + String.join(", ", KEYS));
        }
        if (!seen.add(key)) {
          throw new IllegalArgumentException(
              "invalid scale \"" + text + "\": " + key + " is given more than once");
        }
        values.put(key, parseCount(part, key, value));
      }
      try {
        return new Scale(values.get("workspaces"), values.get("groups"), values.get("users"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid scale \"" + text + "\": " + e.getMessage(), e);
      }
    }

    private static int parseCount(String part, String key, String value) {
      try {
        int count = Integer.parseInt(value);
        if (count > 0) {
          return count;
        }
      } catch (NumberFormatException e) {
        // reported below, with the same message as a non-positive number
      }
      throw new IllegalArgumentException(
          "invalid scale part \""
              + part
              + "\": "
              + key
              + " must be a positive integer, got \""
              + value
              + "\"");
    }

    private static void requirePositive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be at least 1, got " + value);
      }
    }
  }

  /** Generates an estate of the given scale; the same seed gives the same document. */
  public static ObjectNode generate(Scale scale, long seed) {
    requireNonNull(scale, "scale is null");
    return new Generator(scale, new SplittableRandom(seed)).generate();
  }

  private static final List<String> FIRST_NAMES =
      List.of(
          "ada",
          "ahmed",
          "aiko",
          "alex",
          "amara",
          "ana",
          "arjun",
          "ben",
          "bianca",
          "carlos",
          "chen",
          "clara",
          "daniel",
          "diego",
          "elena",
          "eli",
          "emeka",
          "erin",
          "fatima",
          "felix",
          "freya",
          "gabriel",
          "hana",
          "hugo",
          "ingrid",
          "isaac",
          "jamal",
          "jana",
          "javier",
          "julia",
          "kai",
          "karim",
          "lara",
          "leo",
          "lina",
          "lucas",
          "mei",
          "mateo",
          "mila",
          "nadia",
          "nikhil",
          "noah",
          "olga",
          "oscar",
          "paula",
          "pedro",
          "quinn",
          "ravi",
          "rina",
          "sara",
          "sebastian",
          "sofia",
          "tariq",
          "tess",
          "uri",
          "valentina",
          "wei",
          "yara",
          "yusuf",
          "zoe");
  private static final List<String> LAST_NAMES =
      List.of(
          "abbott",
          "adeyemi",
          "alvarez",
          "andersen",
          "bauer",
          "becker",
          "bianchi",
          "brown",
          "castro",
          "chowdhury",
          "costa",
          "dasilva",
          "dubois",
          "eriksson",
          "fischer",
          "garcia",
          "gupta",
          "hansen",
          "hoffmann",
          "ito",
          "jensen",
          "kaur",
          "kim",
          "kowalski",
          "kumar",
          "larsen",
          "lee",
          "lopez",
          "martin",
          "meyer",
          "moreau",
          "mueller",
          "nakamura",
          "novak",
          "obi",
          "olsen",
          "park",
          "patel",
          "perez",
          "petrov",
          "ricci",
          "rossi",
          "santos",
          "sato",
          "schmidt",
          "shah",
          "silva",
          "singh",
          "smith",
          "suzuki",
          "tanaka",
          "taylor",
          "torres",
          "nguyen",
          "wagner",
          "walker",
          "wang",
          "weber",
          "yilmaz",
          "zhang");
  private static final List<String> DEPARTMENTS =
      List.of(
          "finance",
          "marketing",
          "sales",
          "risk",
          "supply-chain",
          "hr",
          "legal",
          "research",
          "platform",
          "security",
          "fraud",
          "pricing",
          "logistics",
          "customer-success",
          "growth",
          "data-science",
          "clinical",
          "compliance",
          "treasury",
          "procurement");
  private static final List<String> FUNCTIONS =
      List.of(
          "engineers",
          "analysts",
          "scientists",
          "admins",
          "readers",
          "stewards",
          "developers",
          "operators");
  private static final List<String> ENVIRONMENTS =
      List.of("dev", "qa", "staging", "prod", "sandbox");
  private static final List<String> REGIONS = List.of("us-east-1", "us-west-2", "eu-west-1");
  private static final Map<String, String> BASELINE_CONF =
      orderedMap(
          "enableResultsDownloading", "false",
          "enableNotebookTableClipboard", "false",
          "enableVerboseAuditLogs", "true",
          "enable-X-Frame-Options", "true",
          "enable-X-Content-Type-Options", "true",
          "enable-X-XSS-Protection", "true",
          "enableWebTerminal", "false",
          "enableDbfsFileBrowser", "false",
          "enforceUserIsolation", "true",
          "enableNotebookGitVersioning", "true",
          "enableExportNotebook", "false",
          "storeInteractiveNotebookResultsInCustomerAccount", "true",
          "enableFileStoreEndpoint", "false",
          "enableEnforceImdsV2", "true",
          "enableJobViewAcls", "true",
          "enforceClusterViewAcls", "true",
          "enforceWorkspaceViewAcls", "true",
          "enableProjectTypeInWorkspace", "true",
          "enableProjectsAllowList", "true",
          "enableIpAccessLists", "true");

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int index = 0; index < keysAndValues.length; index += 2) {
      map.put(keysAndValues[index], keysAndValues[index + 1]);
    }
    return map;
  }

  private record WorkspacePlan(String name, String department, String environment) {}

  /** A group before it is written out: members as indexes into the generated lists. */
  private static final class GroupPlan {
    final String name;
    final String id;
    int[] users = new int[0];
    final List<Integer> childGroups = new ArrayList<>();
    final List<Integer> servicePrincipals = new ArrayList<>();
    final List<String> roles = new ArrayList<>();
    int nestingDepth;

    GroupPlan(String name, String id) {
      this.name = name;
      this.id = id;
    }

    int directMembers() {
      return users.length + childGroups.size() + servicePrincipals.size();
    }
  }

  /** One generation run: the random source and the names and ids handed out so far. */
  private static final class Generator {
    private final Scale scale;
    private final SplittableRandom random;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    private final Set<String> usedIds = new HashSet<>();

    private final ObjectNode estate;
    private final String accountId;
    private final String awsAccountId;

    private final List<String> userNames = new ArrayList<>();
    private final List<String> servicePrincipalNames = new ArrayList<>();
    private final List<String> applicationIds = new ArrayList<>();
    private final List<String> principalIds = new ArrayList<>();
    private final List<GroupPlan> groups = new ArrayList<>();
    private final Map<String, String> metastoreIdsByRegion = new LinkedHashMap<>();
    private long nextScimId = 1_000_000_000_000_001L;

    Generator(Scale scale, SplittableRandom random) {
      this.scale = scale;
      this.random = random;
      this.estate = nodes.objectNode();
      this.accountId = uuid();
      this.awsAccountId = digits(12, true);
    }

    ObjectNode generate() {
      ObjectNode account = estate.putObject("account");
      account.put("account_id", accountId);
      account.put("token", "dapi-scale-" + hex(32));
      account.put("aws_account_id", awsAccountId);
      account.put("region", REGIONS.get(0));

      ObjectNode credentials = estate.putObject("credentials");
      ObjectNode storage = estate.putObject("storage_configurations");
      ObjectNode networks = estate.putObject("networks");
      ObjectNode logDelivery = estate.putObject("log_delivery");
      ObjectNode metastores = estate.putObject("metastores");
      ObjectNode ipAccessLists = estate.putObject("ip_access_lists");
      ObjectNode users = estate.putObject("users");
      ObjectNode servicePrincipals = estate.putObject("service_principals");
      ObjectNode accountGroups = estate.putObject("groups");
      ObjectNode workspaces = estate.putObject("workspaces");
      ObjectNode iam = estate.putObject("iam");
      ObjectNode roles = iam.putObject("roles");
      ObjectNode policies = iam.putObject("policies");
      ObjectNode awsManagedPolicies = iam.putObject("aws_managed_policies");
      ObjectNode instanceProfiles = iam.putObject("instance_profiles");
      ArrayNode sparkVersions = estate.putArray("spark_versions");
      for (String version : List.of("16.4", "15.4", "14.3", "13.3")) {
        sparkVersions
            .addObject()
            .put("key", version + ".x-scala2.12")
            .put("name", version + " LTS (includes Apache Spark 3.5, Scala 2.12)");
      }

      addLogDelivery(credentials, storage, logDelivery, roles);
      for (String region : REGIONS) {
        String metastoreId = uuid();
        metastoreIdsByRegion.put(region, metastoreId);
        ObjectNode metastore = metastores.putObject("metastore-" + region);
        metastore.put("metastore_id", metastoreId);
        metastore.put("region", region);
        metastore.put("owner", "platform-admins");
        metastore.put("delta_sharing_scope", "INTERNAL");
      }
      ipAccessLists.put("enabled", true);
      ObjectNode corporate = ipAccessLists.putObject("lists").putObject("corporate-vpn");
      corporate.put("list_id", uuid());
      corporate.put("list_type", "ALLOW");
      corporate.putArray("ip_addresses").add("203.0.113.0/24").add("198.51.100.0/24");
      corporate.put("enabled", true);
      addSharedPolicies(policies, awsManagedPolicies);

      planUsers(users);
      List<WorkspacePlan> workspacePlans = planWorkspaces();
      planServicePrincipals(servicePrincipals, workspacePlans);
      planGroups();

      for (WorkspacePlan plan : workspacePlans) {
        addWorkspace(plan, workspaces, credentials, storage, networks, roles, instanceProfiles);
      }
      writeGroups(accountGroups);
      return estate;
    }

    // ---- account-level infrastructure ----

    private void addLogDelivery(
        ObjectNode credentials, ObjectNode storage, ObjectNode logDelivery, ObjectNode roles) {
      String credentialsId = uuid();
      ObjectNode writer = credentials.putObject("log_writer");
      writer.put("credentials_id", credentialsId);
      writer.put("creation_time", BASE_EPOCH_MILLIS);
      writer.put("role_arn", roleArn("log-delivery"));
      writer.put("external_id", accountId);
      String storageId = uuid();
      ObjectNode bucket = storage.putObject("log_bucket");
      bucket.put("storage_configuration_id", storageId);
      bucket.put("bucket_name", "example-scale-databricks-logs");
      bucket.put("creation_time", BASE_EPOCH_MILLIS);
      String[][] configurations = {
        {"billable-usage", "BILLABLE_USAGE", "CSV"}, {"audit-logs", "AUDIT_LOGS", "JSON"}
      };
      for (String[] configuration : configurations) {
        ObjectNode delivery = logDelivery.putObject(configuration[0]);
        delivery.put("config_id", uuid());
        delivery.put("log_type", configuration[1]);
        delivery.put("output_format", configuration[2]);
        delivery.put("credentials_id", credentialsId);
        delivery.put("storage_configuration_id", storageId);
        delivery.put("delivery_path_prefix", configuration[0]);
        delivery.put("status", "ENABLED");
      }
      ObjectNode role =
          role(
              roles,
              "log-delivery",
              trustedByDatabricks(
                  "arn:aws:iam::"
                      + DATABRICKS_AWS_ACCOUNT
                      + ":role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK"));
      role.putObject("inline_policies")
          .set(
              "log-delivery-write",
              policyDocument(
                  statement(
                      List.of("s3:GetBucketLocation", "s3:ListBucket"),
                      List.of("arn:aws:s3:::example-scale-databricks-logs")),
                  statement(
                      List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject"),
                      List.of("arn:aws:s3:::example-scale-databricks-logs/*"))));
    }

    private void addSharedPolicies(ObjectNode policies, ObjectNode awsManagedPolicies) {
      ObjectNode shared = policies.putObject("shared-reference-data-read");
      shared.put("policy_id", "ANPA" + uniqueBase32(17));
      shared.put("path", "/");
      shared.put("description", "Read access to the shared reference data bucket.");
      shared.put("default_version_id", "v1");
      shared.put("create_date", isoDate(BASE_EPOCH_MILLIS));
      shared
          .putObject("versions")
          .set(
              "v1",
              policyDocument(
                  statement(
                      List.of("s3:ListBucket", "s3:GetObject"),
                      List.of(
                          "arn:aws:s3:::example-reference-data",
                          "arn:aws:s3:::example-reference-data/*"))));
      ObjectNode cloudWatch = awsManagedPolicies.putObject("CloudWatchAgentServerPolicy");
      cloudWatch.put("policy_id", "ANPA" + uniqueBase32(17));
      cloudWatch.put("path", "/");
      cloudWatch.put("description", "Permissions required to use AmazonCloudWatchAgent on servers");
      cloudWatch.put("default_version_id", "v1");
      cloudWatch
          .putObject("versions")
          .set(
              "v1",
              policyDocument(
                  statement(
                      List.of(
                          "cloudwatch:PutMetricData",
                          "logs:CreateLogStream",
                          "logs:PutLogEvents",
                          "logs:DescribeLogStreams"),
                      List.of("*"))));
    }

    // ---- identities ----

    private void planUsers(ObjectNode users) {
      Map<String, Integer> timesUsed = new HashMap<>();
      for (int index = 0; index < scale.users(); index++) {
        String first = pick(FIRST_NAMES);
        String last = pick(LAST_NAMES);
        String base = first + "." + last;
        int used = timesUsed.merge(base, 1, Integer::sum);
        String userName = (used == 1 ? base : base + used) + "@example.com";
        userNames.add(userName);
        String id = nextScimId();
        principalIds.add(id);
        ObjectNode user = users.putObject(userName);
        user.put("id", id);
        user.put("displayName", capitalize(first) + " " + capitalize(last));
        // A few users leave, a few were created by hand before SCIM: real directories have both.
        user.put("active", random.nextInt(100) >= 3);
        if (random.nextInt(100) >= 1) {
          user.put("externalId", "00u" + alphanumeric(17));
        }
      }
    }

    private List<WorkspacePlan> planWorkspaces() {
      List<WorkspacePlan> plans = new ArrayList<>();
      Map<String, Integer> timesUsed = new HashMap<>();
      for (int index = 0; index < scale.workspaces(); index++) {
        String department = pick(DEPARTMENTS);
        String environment = pick(ENVIRONMENTS);
        String base = department + "-" + environment;
        int used = timesUsed.merge(base, 1, Integer::sum);
        plans.add(new WorkspacePlan(used == 1 ? base : base + "-" + used, department, environment));
      }
      return plans;
    }

    private void planServicePrincipals(
        ObjectNode servicePrincipals, List<WorkspacePlan> workspacePlans) {
      List<String> names = new ArrayList<>(List.of("terraform", "plumbline-auditor"));
      for (WorkspacePlan workspace : workspacePlans) {
        names.add("ci-" + workspace.name());
      }
      for (String name : names) {
        String id = nextScimId();
        String applicationId = uuid();
        servicePrincipalNames.add(name);
        applicationIds.add(applicationId);
        principalIds.add(id);
        ObjectNode principal = servicePrincipals.putObject(name);
        principal.put("id", id);
        principal.put("applicationId", applicationId);
        principal.put("active", true);
      }
    }

    private void planGroups() {
      Set<String> names = new HashSet<>();
      groups.add(new GroupPlan("platform-admins", nextScimId()));
      names.add("platform-admins");
      Map<String, Integer> timesUsed = new HashMap<>();
      while (groups.size() < scale.groups()) {
        String base = pick(DEPARTMENTS) + "-" + pick(FUNCTIONS);
        int used = timesUsed.merge(base, 1, Integer::sum);
        String name = used == 1 ? base : base + "-" + used;
        if (names.add(name)) {
          groups.add(new GroupPlan(name, nextScimId()));
        }
      }
      int userCount = userNames.size();
      // Children always have a higher index than their parent, so nesting cannot cycle; going
      // from the last group to the first, each child's depth is known when its parent is planned.
      for (int index = groups.size() - 1; index >= 1; index--) {
        GroupPlan group = groups.get(index);
        if (index + 1 < groups.size() && random.nextInt(100) < 5) {
          int wanted = 1 + random.nextInt(3);
          for (int attempt = 0;
              attempt < wanted * 3 && group.childGroups.size() < wanted;
              attempt++) {
            int child = index + 1 + random.nextInt(groups.size() - index - 1);
            GroupPlan candidate = groups.get(child);
            if (candidate.nestingDepth < MAX_GENERATED_NESTING
                && !group.childGroups.contains(child)) {
              group.childGroups.add(child);
              group.nestingDepth = Math.max(group.nestingDepth, candidate.nestingDepth + 1);
            }
          }
        }
      }
      for (int index = 0; index < groups.size(); index++) {
        GroupPlan group = groups.get(index);
        int size;
        if (index == 0) {
          size = 3 + random.nextInt(4);
        } else if (index <= 2) {
          // The "everyone in the division" groups that real accounts always have.
          size = MAX_DIRECT_MEMBERS - random.nextInt(index == 1 ? 1 : 600);
        } else {
          size = paretoSize();
        }
        int room = MAX_DIRECT_MEMBERS - group.childGroups.size() - group.servicePrincipals.size();
        group.users = pickDistinct(Math.min(Math.min(size, room), userCount), userCount);
      }
      groups.get(0).servicePrincipals.add(0); // terraform manages everything as a platform admin
    }

    /** Pareto(x_min = 5, alpha = 1.2): median ~9, 6% above 50, 0.4% above 500. */
    private int paretoSize() {
      if (random.nextInt(10) == 0) {
        return 1 + random.nextInt(4);
      }
      double uniform = 1.0 - random.nextDouble(); // in (0, 1]
      double size = 5.0 / Math.pow(uniform, 1.0 / 1.2);
      return (int) Math.min(MAX_DIRECT_MEMBERS, Math.floor(size));
    }

    private void writeGroups(ObjectNode accountGroups) {
      for (GroupPlan group : groups) {
        ObjectNode node = accountGroups.putObject(group.name);
        node.put("id", group.id);
        ObjectNode members = node.putObject("members");
        ArrayNode users = members.putArray("users");
        for (int user : group.users) {
          users.add(userNames.get(user));
        }
        if (!group.childGroups.isEmpty()) {
          ArrayNode children = members.putArray("groups");
          for (int child : group.childGroups) {
            children.add(groups.get(child).name);
          }
        }
        if (!group.servicePrincipals.isEmpty()) {
          ArrayNode principals = members.putArray("service_principals");
          for (int principal : group.servicePrincipals) {
            principals.add(servicePrincipalNames.get(principal));
          }
        }
        if (!group.roles.isEmpty()) {
          ArrayNode roles = node.putArray("roles");
          group.roles.forEach(roles::add);
        }
      }
    }

    /** Users and service principals (user indexes first, then service principals) of a group. */
    private BitSet principalsOf(int groupIndex) {
      BitSet principals = new BitSet(userNames.size() + servicePrincipalNames.size());
      BitSet seenGroups = new BitSet(groups.size());
      List<Integer> pending = new ArrayList<>(List.of(groupIndex));
      while (!pending.isEmpty()) {
        int current = pending.remove(pending.size() - 1);
        if (seenGroups.get(current)) {
          continue;
        }
        seenGroups.set(current);
        GroupPlan group = groups.get(current);
        for (int user : group.users) {
          principals.set(user);
        }
        for (int principal : group.servicePrincipals) {
          principals.set(userNames.size() + principal);
        }
        pending.addAll(group.childGroups);
      }
      return principals;
    }

    // ---- workspaces ----

    private void addWorkspace(
        WorkspacePlan plan,
        ObjectNode workspaces,
        ObjectNode credentials,
        ObjectNode storage,
        ObjectNode networks,
        ObjectNode roles,
        ObjectNode instanceProfiles) {
      String name = plan.name();
      String region = weightedRegion();
      long workspaceId = uniqueWorkspaceId();
      long created = BASE_EPOCH_MILLIS + random.nextLong(365) * DAY_MILLIS;
      String ciName = "ci-" + name;
      int ciIndex = servicePrincipalNames.indexOf(ciName);

      ObjectNode crossAccount =
          role(
              roles,
              name + "-cross-account",
              trustedByDatabricks("arn:aws:iam::" + DATABRICKS_AWS_ACCOUNT + ":root"));
      crossAccount
          .putObject("inline_policies")
          .set(
              name + "-cross-account-policy",
              policyDocument(
                  statement(
                      List.of(
                          "ec2:AssociateIamInstanceProfile",
                          "ec2:CreateTags",
                          "ec2:DescribeInstances",
                          "ec2:DescribeSubnets",
                          "ec2:DescribeVpcs",
                          "ec2:RunInstances",
                          "ec2:TerminateInstances",
                          "ec2:RequestSpotInstances"),
                      List.of("*"))));
      String credentialsId = uuid();
      ObjectNode credential = credentials.putObject(name + "-credentials");
      credential.put("credentials_id", credentialsId);
      credential.put("creation_time", created);
      credential.put("role_arn", roleArn(name + "-cross-account"));
      credential.put("external_id", accountId);
      String storageId = uuid();
      ObjectNode root = storage.putObject(name + "-root");
      root.put("storage_configuration_id", storageId);
      root.put("bucket_name", "example-" + name + "-root");
      root.put("creation_time", created);
      String networkId = uuid();
      ObjectNode network = networks.putObject(name + "-network");
      network.put("network_id", networkId);
      network.put("vpc_id", "vpc-" + hex(17));
      network.putArray("subnet_ids").add("subnet-" + hex(17)).add("subnet-" + hex(17));
      network.putArray("security_group_ids").add("sg-" + hex(17));
      network.put("vpc_status", "VALID");
      network.put("workspace_id", workspaceId);

      ObjectNode workspace = workspaces.putObject(name);
      workspace.put("workspace_id", workspaceId);
      workspace.put("deployment_name", "example-" + name);
      workspace.put("aws_region", region);
      workspace.put("pricing_tier", "ENTERPRISE");
      workspace.put("workspace_status", "RUNNING");
      workspace.put("creation_time", created);
      workspace.put("credentials_id", credentialsId);
      workspace.put("storage_configuration_id", storageId);
      workspace.put("network_id", networkId);
      ObjectNode tags = workspace.putObject("custom_tags");
      tags.put("tier", plan.environment().equals("prod") ? "prod" : "dev");
      tags.put("team", plan.department());
      tags.put("environment", plan.environment());
      ObjectNode assignment = workspace.putObject("metastore_assignment");
      assignment.put("metastore_id", metastoreIdsByRegion.get(region));
      String catalogName = name.replace('-', '_');
      assignment.put("default_catalog_name", catalogName);

      // Identity assignment: platform-admins always, a few team groups, the workspace's CI
      // principal; a group is skipped if it would take the workspace past 10,000 principals.
      List<Integer> adminGroups = new ArrayList<>(List.of(0));
      List<Integer> userGroups = new ArrayList<>();
      BitSet visible = principalsOf(0);
      visible.set(userNames.size() + ciIndex);
      int wanted = 2 + random.nextInt(5);
      for (int attempt = 0; attempt < wanted * 2 && userGroups.size() < wanted; attempt++) {
        if (groups.size() < 2) {
          break;
        }
        int candidate = 1 + random.nextInt(groups.size() - 1);
        if (userGroups.contains(candidate) || adminGroups.contains(candidate)) {
          continue;
        }
        BitSet union = (BitSet) visible.clone();
        union.or(principalsOf(candidate));
        if (union.cardinality() > MAX_PRINCIPALS_PER_WORKSPACE) {
          continue;
        }
        visible = union;
        if (userGroups.isEmpty() || random.nextInt(8) != 0) {
          userGroups.add(candidate);
        } else {
          adminGroups.add(candidate);
        }
      }
      ArrayNode assignments = workspace.putArray("permission_assignments");
      for (int group : adminGroups) {
        ObjectNode entry = assignments.addObject().put("group", groups.get(group).name);
        entry.putArray("permissions").add("ADMIN");
      }
      for (int group : userGroups) {
        ObjectNode entry = assignments.addObject().put("group", groups.get(group).name);
        entry.putArray("permissions").add("USER");
      }
      ObjectNode ciAssignment = assignments.addObject().put("service_principal", ciName);
      ciAssignment.putArray("permissions").add("USER");

      ObjectNode localGroups = workspace.putObject("groups");
      ObjectNode admins = localGroups.putObject("admins");
      admins.put("id", nextScimId());
      ArrayNode adminMembers = admins.putObject("members").putArray("groups");
      adminGroups.forEach(group -> adminMembers.add(groups.get(group).name));
      admins
          .putArray("entitlements")
          .add("workspace-access")
          .add("databricks-sql-access")
          .add("allow-cluster-create")
          .add("allow-instance-pool-create");
      ObjectNode usersGroup = localGroups.putObject("users");
      usersGroup.put("id", nextScimId());
      ObjectNode usersMembers = usersGroup.putObject("members");
      ArrayNode userGroupMembers = usersMembers.putArray("groups");
      userGroups.forEach(group -> userGroupMembers.add(groups.get(group).name));
      usersMembers.putArray("service_principals").add(ciName);
      usersGroup.putArray("entitlements").add("workspace-access").add("databricks-sql-access");

      // Instance profiles, attached to a team group (or to the local users group if none).
      ObjectNode registered = workspace.putObject("instance_profiles");
      List<String> profileArns = new ArrayList<>();
      int profileCount = 1 + random.nextInt(2);
      for (int profile = 1; profile <= profileCount; profile++) {
        String profileName = name + "-profile-" + profile;
        ObjectNode role = role(roles, profileName, trustedByService("ec2.amazonaws.com"));
        role.putObject("inline_policies")
            .set(
                profileName + "-s3",
                policyDocument(
                    statement(
                        List.of("s3:ListBucket"),
                        List.of("arn:aws:s3:::example-" + name + "-data")),
                    statement(
                        List.of("s3:GetObject", "s3:PutObject"),
                        List.of("arn:aws:s3:::example-" + name + "-data/team" + profile + "/*"))));
        ArrayNode attached = role.putArray("attached_policies");
        attached.add("arn:aws:iam::" + awsAccountId + ":policy/shared-reference-data-read");
        if (random.nextInt(5) == 0) {
          attached.add("arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy");
        }
        ObjectNode iamProfile = instanceProfiles.putObject(profileName);
        iamProfile.put("instance_profile_id", "AIPA" + uniqueBase32(17));
        iamProfile.put("path", "/");
        iamProfile.put("create_date", isoDate(created));
        iamProfile.putArray("roles").add(profileName);
        String profileArn = "arn:aws:iam::" + awsAccountId + ":instance-profile/" + profileName;
        profileArns.add(profileArn);
        ObjectNode registration = registered.putObject(profileName);
        registration.put("instance_profile_arn", profileArn);
        registration.put("iam_role_arn", roleArn(profileName));
        registration.put("is_meta_instance_profile", false);
        if (userGroups.isEmpty()) {
          ArrayNode localRoles =
              usersGroup.has("roles")
                  ? (ArrayNode) usersGroup.get("roles")
                  : usersGroup.putArray("roles");
          localRoles.add(profileArn);
        } else {
          groups.get(userGroups.get(random.nextInt(userGroups.size()))).roles.add(profileArn);
        }
      }

      // Cluster policies, usable by the team groups (or the admins if there are none).
      ObjectNode policies = workspace.putObject("cluster_policies");
      List<String> policyIds = new ArrayList<>();
      int policyCount = 1 + random.nextInt(3);
      String[] policyNames = {"fair_use", "job_compute", "single_node"};
      for (int policy = 0; policy < policyCount; policy++) {
        String policyId = uniqueHex(16).toUpperCase(Locale.ROOT);
        policyIds.add(policyId);
        ObjectNode node = policies.putObject(policyNames[policy]);
        node.put("policy_id", policyId);
        node.put("description", policyNames[policy] + " policy of " + name);
        node.put("creator_user_name", applicationIds.get(0));
        node.put("created_at_timestamp", created + DAY_MILLIS);
        node.put("is_default", false);
        node.set("definition", policyDefinition(policy));
        ArrayNode permissions = node.putArray("permissions");
        List<Integer> grantees = userGroups.isEmpty() ? adminGroups : userGroups;
        int granted = 1 + random.nextInt(Math.min(2, grantees.size()));
        for (int grant = 0; grant < granted; grant++) {
          permissions
              .addObject()
              .put("group_name", groups.get(grantees.get(grant)).name)
              .put("permission_level", "CAN_USE");
        }
        if (policy == 1) {
          permissions
              .addObject()
              .put("service_principal_name", applicationIds.get(ciIndex))
              .put("permission_level", "CAN_USE");
        }
      }

      ObjectNode conf = workspace.putObject("workspace_conf");
      BASELINE_CONF.forEach(
          (key, value) -> {
            // About one workspace in twenty strays from the baseline on any given key.
            boolean strays = random.nextInt(20) == 0;
            conf.put(key, strays ? String.valueOf(!Boolean.parseBoolean(value)) : value);
          });

      ObjectNode tokens = workspace.putObject("tokens");
      int tokenCount = random.nextInt(6);
      for (int token = 0; token < tokenCount; token++) {
        boolean byCi = token == 0;
        int user = random.nextInt(userNames.size());
        long tokenCreated = created + random.nextLong(600) * DAY_MILLIS;
        ObjectNode node = tokens.putObject(uniqueHex(64));
        node.put("created_by_username", byCi ? applicationIds.get(ciIndex) : userNames.get(user));
        node.put(
            "owner_id",
            Long.parseLong(
                byCi ? principalIds.get(userNames.size() + ciIndex) : principalIds.get(user)));
        node.put("comment", byCi ? "deployments" : "personal");
        node.put("creation_time", tokenCreated);
        node.put("expiry_time", random.nextInt(100) < 15 ? -1 : tokenCreated + 90 * DAY_MILLIS);
        node.put("last_used_day", tokenCreated + random.nextLong(30) * DAY_MILLIS);
      }

      ObjectNode clusters = workspace.putObject("clusters");
      int clusterCount = 1 + random.nextInt(4);
      for (int cluster = 1; cluster <= clusterCount; cluster++) {
        ObjectNode node = clusters.putObject(name + "-cluster-" + cluster);
        node.put("cluster_id", uniqueClusterId(created));
        node.put("policy_id", policyIds.get(random.nextInt(policyIds.size())));
        node.put("instance_profile_arn", profileArns.get(random.nextInt(profileArns.size())));
        boolean singleUser = random.nextInt(3) == 0;
        node.put("data_security_mode", singleUser ? "SINGLE_USER" : "USER_ISOLATION");
        if (singleUser) {
          node.put("single_user_name", userNames.get(random.nextInt(userNames.size())));
        }
        node.put("state", random.nextInt(4) == 0 ? "RUNNING" : "TERMINATED");
        node.put("cluster_source", "API");
        node.put("creator_user_name", applicationIds.get(0));
        node.putObject("custom_tags").put("Team", plan.department());
        node.put("autotermination_minutes", new int[] {20, 30, 60, 120}[random.nextInt(4)]);
        node.put("spark_version", "15.4.x-scala2.12");
        node.put("node_type_id", "m5d.large");
        node.put("num_workers", 1 + random.nextInt(8));
      }

      String bucket = "example-" + name + "-catalog";
      ObjectNode catalog = workspace.putObject("catalogs").putObject(catalogName);
      catalog.put("owner", "platform-admins");
      catalog.put("isolation_mode", "ISOLATED");
      catalog.put("storage_root", "s3://" + bucket + "/managed");
      catalog.put("catalog_type", "MANAGED_CATALOG");
      ObjectNode ucRole = role(roles, name + "-uc-access", trustedByDatabricks(UNITY_CATALOG_ROLE));
      ucRole
          .putObject("inline_policies")
          .set(
              name + "-catalog-access",
              policyDocument(
                  statement(
                      List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"),
                      List.of("arn:aws:s3:::" + bucket, "arn:aws:s3:::" + bucket + "/*"))));
      ObjectNode storageCredential =
          workspace.putObject("storage_credentials").putObject(name + "-credential");
      storageCredential.put("id", uuid());
      storageCredential.put("owner", "platform-admins");
      storageCredential.put("role_arn", roleArn(name + "-uc-access"));
      storageCredential.put("external_id", accountId);
      storageCredential.put("unity_catalog_iam_arn", UNITY_CATALOG_ROLE);
      storageCredential.put("isolation_mode", "ISOLATION_MODE_ISOLATED");
      storageCredential.put("read_only", false);
      ObjectNode location = workspace.putObject("external_locations").putObject(name + "-location");
      location.put("url", "s3://" + bucket + "/");
      location.put("credential_name", name + "-credential");
      location.put("owner", "platform-admins");
      location.put("read_only", false);
      location.put("isolation_mode", "ISOLATION_MODE_ISOLATED");

      // The workspace module's script, made as the Terraform principal; one workspace in five also
      // keeps a disabled script a user made. Derived from the workspace id rather than drawn, so
      // that the rest of an estate of a given seed is what it was before scripts were added.
      ObjectNode scripts = workspace.putObject("global_init_scripts");
      globalInitScript(
          scripts,
          "install-monitoring-agent",
          workspaceId,
          0,
          true,
          applicationIds.get(0),
          created);
      workspaceObjects(
          workspace,
          plan,
          workspaceId,
          created,
          userGroups,
          adminGroups,
          policyIds,
          profileArns,
          applicationIds.get(ciIndex));
      if (Math.floorMod(workspaceId, 5) == 0) {
        globalInitScript(
            scripts,
            "legacy-proxy-settings",
            workspaceId,
            1,
            false,
            userNames.get(Math.floorMod(workspaceId, userNames.size())),
            created + 30 * DAY_MILLIS);
      }
    }

    /**
     * The workspace objects teams make (issue 11): tens of jobs on job clusters under the
     * workspace's policies and instance profiles, hundreds of notebooks in team folders under
     * /Shared, a few Git folders, secret scopes, a warehouse, a pool and a serving endpoint, with
     * their ACLs. Drawn from a generator of the workspace's own (seeded by its id), so that the
     * rest of an estate of a given seed is what it was before workspace objects were added.
     */
    private void workspaceObjects(
        ObjectNode workspace,
        WorkspacePlan plan,
        long workspaceId,
        long created,
        List<Integer> userGroups,
        List<Integer> adminGroups,
        List<String> policyIds,
        List<String> profileArns,
        String ciApplicationId) {
      SplittableRandom local = new SplittableRandom(workspaceId);
      String deployer = applicationIds.get(0);
      List<Integer> teamGroups = userGroups.isEmpty() ? adminGroups : userGroups;
      String team = groups.get(teamGroups.get(0)).name;
      long base = Math.floorMod(workspaceId, 1_000_000L) * 10_000_000L;

      ObjectNode jobs = workspace.putObject("jobs");
      int jobCount = 10 + local.nextInt(31);
      for (int index = 1; index <= jobCount; index++) {
        ObjectNode job = jobs.putObject(String.format("%s-job-%02d", plan.department(), index));
        job.put("job_id", base + index);
        job.put("creator_user_name", deployer);
        job.put("created_time", created + local.nextLong(300) * DAY_MILLIS);
        job.putObject("run_as").put("service_principal_name", deployer);
        job.putObject("schedule")
            .put(
                "quartz_cron_expression",
                "0 " + local.nextInt(60) + " " + local.nextInt(24) + " * * ?")
            .put("timezone_id", "UTC")
            .put("pause_status", local.nextInt(5) == 0 ? "PAUSED" : "UNPAUSED");
        job.putObject("tags").put("team", plan.department()).put("managed_by", "terraform");
        ObjectNode cluster = job.putArray("job_clusters").addObject();
        cluster.put("job_cluster_key", "main");
        ObjectNode spec = cluster.putObject("new_cluster");
        spec.put("spark_version", "15.4.x-scala2.12");
        spec.put("node_type_id", "m5d.large");
        spec.put("num_workers", 1 + local.nextInt(8));
        spec.put("policy_id", policyIds.get(local.nextInt(policyIds.size())));
        spec.putObject("aws_attributes")
            .put("instance_profile_arn", profileArns.get(local.nextInt(profileArns.size())));
        ArrayNode tasks = job.putArray("tasks");
        int taskCount = 1 + local.nextInt(6);
        for (int task = 1; task <= taskCount; task++) {
          tasks
              .addObject()
              .put("task_key", "step_" + task)
              .put("job_cluster_key", "main")
              .putObject("notebook_task")
              .put("notebook_path", "/Shared/" + plan.department() + "/etl/step_" + task);
        }
        if (local.nextInt(25) == 0) {
          job.put("generated_tasks", 100 + local.nextInt(60));
        }
        ArrayNode acl = job.putArray("permissions");
        acl.addObject().put("service_principal_name", deployer).put("permission_level", "IS_OWNER");
        acl.addObject().put("group_name", team).put("permission_level", "CAN_MANAGE_RUN");
      }

      ObjectNode objects = workspace.putObject("workspace_objects");
      long objectId = base + 100_000;
      objects.putObject("/Shared").put("object_id", objectId++);
      objects.putObject("/Repos").put("object_id", objectId++);
      String teamFolder = "/Shared/" + plan.department();
      ObjectNode folder = objects.putObject(teamFolder);
      folder.put("object_id", objectId++);
      folder
          .putArray("permissions")
          .addObject()
          .put("group_name", team)
          .put("permission_level", "CAN_MANAGE");
      int notebookCount = 100 + local.nextInt(301);
      int perFolder = 25;
      String current = null;
      for (int index = 0; index < notebookCount; index++) {
        if (index % perFolder == 0) {
          current = teamFolder + "/area-" + (index / perFolder + 1);
          objects.putObject(current).put("object_id", objectId++);
        }
        ObjectNode notebook = objects.putObject(current + "/notebook_" + index);
        notebook.put("object_id", objectId++);
        notebook.put("object_type", "NOTEBOOK");
        notebook.put("language", new String[] {"PYTHON", "SQL", "SCALA", "R"}[local.nextInt(4)]);
      }

      ObjectNode repos = workspace.putObject("repos");
      objects.putObject("/Repos/ci").put("object_id", objectId++);
      int repoCount = 2 + local.nextInt(7);
      for (int index = 0; index < repoCount; index++) {
        ObjectNode repo = repos.putObject("/Repos/ci/" + plan.department() + "-repo-" + index);
        repo.put("id", base + 200_000 + index);
        repo.put("url", "https://github.com/example-org/" + plan.department() + "-repo-" + index);
        repo.put("provider", "gitHub");
        repo.put("branch", "main");
        repo.putArray("permissions")
            .addObject()
            .put("service_principal_name", ciApplicationId)
            .put("permission_level", "CAN_MANAGE");
      }

      ObjectNode scopes = workspace.putObject("secret_scopes");
      int scopeCount = 2 + local.nextInt(3);
      for (int index = 0; index < scopeCount; index++) {
        ObjectNode scope = scopes.putObject(plan.department() + "-secrets-" + index);
        scope.put("backend_type", "DATABRICKS");
        ArrayNode acls = scope.putArray("acls");
        acls.addObject().put("principal", "admins").put("permission", "MANAGE");
        acls.addObject().put("principal", deployer).put("permission", "MANAGE");
        acls.addObject().put("principal", team).put("permission", "READ");
        scope.putArray("keys").add("api-token").add("jdbc-password");
      }

      ObjectNode warehouse =
          workspace.putObject("sql_warehouses").putObject(plan.department() + "-warehouse");
      warehouse.put("id", String.format("%016x", workspaceId));
      warehouse.put("cluster_size", "Small");
      warehouse.put("min_num_clusters", 1);
      warehouse.put("max_num_clusters", 1 + local.nextInt(4));
      warehouse.put("auto_stop_mins", 10 + local.nextInt(20));
      warehouse.put("enable_serverless_compute", true);
      warehouse.put("warehouse_type", "PRO");
      warehouse.putObject("channel").put("name", "CHANNEL_NAME_CURRENT");
      warehouse
          .putArray("permissions")
          .addObject()
          .put("group_name", team)
          .put("permission_level", "CAN_USE");

      ObjectNode pool =
          workspace.putObject("instance_pools").putObject(plan.department() + "-pool");
      pool.put(
          "instance_pool_id",
          String.format(
              "%04d-%06d-pool%08x", 101, Math.floorMod(workspaceId, 1_000_000L), local.nextInt()));
      pool.put("node_type_id", "m5d.large");
      pool.put("max_capacity", 10 + local.nextInt(50));
      pool.put("idle_instance_autotermination_minutes", 15);
      pool.putObject("aws_attributes")
          .put("availability", "SPOT")
          .put("instance_profile_arn", profileArns.get(local.nextInt(profileArns.size())));
      pool.putObject("custom_tags").put("team", plan.department());
      pool.putArray("permissions")
          .addObject()
          .put("group_name", team)
          .put("permission_level", "CAN_ATTACH_TO");

      ObjectNode endpoint =
          workspace.putObject("serving_endpoints").putObject(plan.name() + "-assistant");
      endpoint.put("id", String.format("%032x", workspaceId));
      endpoint.put("creator", deployer);
      endpoint.put("task", "llm/v1/chat");
      endpoint.put("route_optimized", false);
      ObjectNode external =
          endpoint
              .putObject("config")
              .putArray("served_entities")
              .addObject()
              .put("name", "assistant")
              .putObject("external_model");
      external
          .put("provider", "anthropic")
          .put("name", "claude-sonnet-4")
          .put("task", "llm/v1/chat");
      external
          .putObject("anthropic_config")
          .put("anthropic_api_key", "{{secrets/" + plan.department() + "-secrets-0/api-token}}");
      ObjectNode gateway = endpoint.putObject("ai_gateway");
      gateway.putObject("usage_tracking_config").put("enabled", true);
      gateway
          .putArray("rate_limits")
          .addObject()
          .put("calls", 100)
          .put("key", "user")
          .put("renewal_period", "minute");
      endpoint
          .putArray("permissions")
          .addObject()
          .put("group_name", team)
          .put("permission_level", "CAN_QUERY");

      workspace
          .putArray("token_permissions")
          .addObject()
          .put("service_principal_name", ciApplicationId)
          .put("permission_level", "CAN_USE");
    }

    private static void globalInitScript(
        ObjectNode scripts,
        String scriptName,
        long workspaceId,
        int position,
        boolean enabled,
        String creator,
        long createdAt) {
      ObjectNode script = scripts.putObject(scriptName);
      // 16 hex digits, as the API's; unique within the workspace by position
      script.put(
          "script_id",
          String.format(
              "%016X", (workspaceId * 0x9E3779B97F4A7C15L) ^ (position * 0xBF58476D1CE4E5B9L)));
      script.put("enabled", enabled);
      script.put("position", position);
      script.put("created_by", creator);
      script.put("created_at", createdAt);
      script.put("updated_by", creator);
      script.put("updated_at", createdAt);
    }

    private ObjectNode policyDefinition(int policy) {
      ObjectNode definition = nodes.objectNode();
      switch (policy) {
        case 0 -> {
          definition.putObject("dbus_per_hour").put("type", "range").put("maxValue", 10);
          definition
              .putObject("autotermination_minutes")
              .put("type", "fixed")
              .put("value", 20)
              .put("hidden", true);
          definition
              .putObject("custom_tags.Team")
              .put("type", "unlimited")
              .put("isOptional", false);
        }
        case 1 -> {
          definition.putObject("cluster_type").put("type", "fixed").put("value", "job");
          definition
              .putObject("spark_version")
              .put("type", "regex")
              .put("pattern", "1[4-6]\\.[0-9]+\\.x-scala.*");
        }
        default -> {
          definition.putObject("num_workers").put("type", "fixed").put("value", 0);
          definition
              .putObject("node_type_id")
              .put("type", "allowlist")
              .putArray("values")
              .add("m5d.large")
              .add("m5d.xlarge");
        }
      }
      return definition;
    }

    // ---- IAM helpers ----

    private ObjectNode role(ObjectNode roles, String name, ObjectNode trustPolicy) {
      ObjectNode role = roles.putObject(name);
      role.put("role_id", "AROA" + uniqueBase32(17));
      role.put("path", "/");
      role.put("create_date", isoDate(BASE_EPOCH_MILLIS + random.nextLong(365) * DAY_MILLIS));
      role.put("max_session_duration", 3600);
      role.set("assume_role_policy", trustPolicy);
      role.putObject("tags").put("ManagedBy", "terraform");
      return role;
    }

    private ObjectNode trustedByDatabricks(String principalArn) {
      ObjectNode statement = nodes.objectNode();
      statement.put("Effect", "Allow");
      statement.putObject("Principal").put("AWS", principalArn);
      statement.put("Action", "sts:AssumeRole");
      statement.putObject("Condition").putObject("StringEquals").put("sts:ExternalId", accountId);
      return policyDocument(statement);
    }

    private ObjectNode trustedByService(String service) {
      ObjectNode statement = nodes.objectNode();
      statement.put("Effect", "Allow");
      statement.putObject("Principal").put("Service", service);
      statement.put("Action", "sts:AssumeRole");
      return policyDocument(statement);
    }

    private ObjectNode statement(List<String> actions, List<String> resources) {
      ObjectNode statement = nodes.objectNode();
      statement.put("Effect", "Allow");
      ArrayNode actionArray = statement.putArray("Action");
      actions.forEach(actionArray::add);
      ArrayNode resourceArray = statement.putArray("Resource");
      resources.forEach(resourceArray::add);
      return statement;
    }

    private ObjectNode policyDocument(ObjectNode... statements) {
      ObjectNode document = nodes.objectNode();
      document.put("Version", "2012-10-17");
      ArrayNode array = document.putArray("Statement");
      Arrays.stream(statements).forEach(array::add);
      return document;
    }

    private String roleArn(String name) {
      return "arn:aws:iam::" + awsAccountId + ":role/" + name;
    }

    // ---- random values ----

    private String pick(List<String> values) {
      return values.get(random.nextInt(values.size()));
    }

    private String weightedRegion() {
      int draw = random.nextInt(10);
      return draw < 7 ? REGIONS.get(0) : draw < 9 ? REGIONS.get(1) : REGIONS.get(2);
    }

    /** {@code count} distinct indexes below {@code bound}, ascending. */
    private int[] pickDistinct(int count, int bound) {
      int[] picked;
      if (count * 3L >= bound) {
        // Dense: a partial Fisher-Yates shuffle is cheaper than rejecting repeats.
        int[] all = new int[bound];
        for (int index = 0; index < bound; index++) {
          all[index] = index;
        }
        for (int index = 0; index < count; index++) {
          int swap = index + random.nextInt(bound - index);
          int value = all[swap];
          all[swap] = all[index];
          all[index] = value;
        }
        picked = Arrays.copyOf(all, count);
      } else {
        BitSet chosen = new BitSet(bound);
        picked = new int[count];
        int filled = 0;
        while (filled < count) {
          int candidate = random.nextInt(bound);
          if (!chosen.get(candidate)) {
            chosen.set(candidate);
            picked[filled++] = candidate;
          }
        }
      }
      Arrays.sort(picked);
      return picked;
    }

    private long uniqueWorkspaceId() {
      while (true) {
        long id = 1_000_000_000_000_000L + random.nextLong(8_999_999_999_999_999L);
        if (usedIds.add("workspace:" + id)) {
          return id;
        }
      }
    }

    private String uniqueClusterId(long created) {
      while (true) {
        String date = isoDate(created + random.nextLong(300) * DAY_MILLIS);
        String id =
            date.substring(5, 7)
                + date.substring(8, 10)
                + "-"
                + digits(6, false)
                + "-"
                + lowercaseAlphanumeric(8);
        if (usedIds.add("cluster:" + id)) {
          return id;
        }
      }
    }

    private String uniqueHex(int length) {
      while (true) {
        String value = hex(length);
        if (usedIds.add("hex:" + value)) {
          return value;
        }
      }
    }

    private String uniqueBase32(int length) {
      while (true) {
        String value = base32(length);
        if (usedIds.add("base32:" + value)) {
          return value;
        }
      }
    }

    private String nextScimId() {
      return Long.toString(nextScimId++);
    }

    private String uuid() {
      long most = (random.nextLong() & ~0xF000L) | 0x4000L;
      long least = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
      return new UUID(most, least).toString();
    }

    private String hex(int length) {
      return randomString("0123456789abcdef", length);
    }

    private String base32(int length) {
      return randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", length);
    }

    private String alphanumeric(int length) {
      return randomString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", length);
    }

    private String lowercaseAlphanumeric(int length) {
      return randomString("abcdefghijklmnopqrstuvwxyz0123456789", length);
    }

    private String digits(int length, boolean noLeadingZero) {
      String value = randomString("0123456789", length);
      return noLeadingZero && value.charAt(0) == '0' ? "1" + value.substring(1) : value;
    }

    private String randomString(String alphabet, int length) {
      char[] characters = new char[length];
      for (int index = 0; index < length; index++) {
        characters[index] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      return new String(characters);
    }
  }

  private static String capitalize(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String isoDate(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
