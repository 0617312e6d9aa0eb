package io.plumbline.policy.facts;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.plumbline.model.Attribute;
import io.plumbline.model.AttributeType;
import io.plumbline.model.GitHosts;
import io.plumbline.model.KnownValues;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The fact types that come from the resource-type catalogue instead of a hand-written class: one
 * fact per resource, a property per declared attribute (its name in camelCase, typed by its {@link
 * AttributeType}), {@code workspaceId} and {@code ref} from {@link DeclaredFact}, and the few
 * derived properties listed here for the type. The engine compiles {@link #drl()} into the rule
 * base, so {@code Catalog( isolationMode != "ISOLATED", !isolated )} reads as it did with a bean.
 *
 * <p>Absent values read as they did in the beans: an absent text is the empty string, an absent
 * number 0, an absent flag false (declare a derived {@code ...Known} property where absence means
 * something), an absent list or map empty, an absent object JSON null.
 */
public final class FactDeclarations {

  /**
   * The DRL package the types are declared in; rules import {@code io.plumbline.policy.facts.*}.
   */
  public static final String PACKAGE = "io.plumbline.policy.facts";

  /** A property computed from the others (and the raw attributes), declared once for its type. */
  public record Derived(String name, Class<?> javaType, Function<Values, Object> value) {
    public Derived {
      requireNonNull(name, "name is null");
      requireNonNull(javaType, "javaType is null");
      requireNonNull(value, "value is null");
    }
  }

  /** What a derived property is computed from: the declared properties and the raw attributes. */
  public record Values(Resource resource, Map<String, Object> properties) {
    public String text(String property) {
      Object value = properties.get(property);
      return value == null ? "" : value.toString();
    }

    /** The id of the scope the resource was read in: the account id for account-level types. */
    public String scopeId() {
      return resource.scope().id();
    }

    /** The attribute is in the snapshot with a value of its declared JSON type. */
    public boolean present(String attribute, AttributeType type) {
      JsonNode value = resource.attributes().path(attribute);
      return switch (type) {
        case BOOLEAN -> value.isBoolean();
        case NUMBER -> value.isNumber();
        default -> !value.isMissingNode() && !value.isNull();
      };
    }
  }

  /** One property of a declared fact type, as Drools declares it. */
  public record Property(String name, String drlType) {}

  /** A resource type whose facts come from its declaration. */
  public record Declared(
      ResourceType type, String factType, List<Derived> derived, Map<String, Object> absent) {

    public Declared {
      requireNonNull(type, "type is null");
      requireNonNull(factType, "factType is null");
      derived = List.copyOf(derived);
      absent = Map.copyOf(absent);
    }

    /** The value an attribute reads as when the API leaves it out, where that is not the usual. */
    Declared absentAs(String attribute, Object value) {
      if (type.attribute(attribute).isEmpty()) {
        throw new IllegalStateException(type.name() + " has no attribute " + attribute);
      }
      Map<String, Object> values = new LinkedHashMap<>(absent);
      values.put(attribute, value);
      return new Declared(type, factType, derived, values);
    }

    /** Every property in the order {@link ResourceFact#properties()} holds them. */
    public List<Property> properties() {
      List<Property> properties = new ArrayList<>();
      for (Attribute attribute : type.attributes()) {
        properties.add(new Property(camelCase(attribute.name()), drlType(attribute.type())));
      }
      for (Derived property : derived) {
        properties.add(new Property(property.name(), property.javaType().getName()));
      }
      return properties;
    }

    public ResourceFact fact(Resource resource) {
      JsonNode attributes = resource.attributes();
      Map<String, Object> properties = new LinkedHashMap<>();
      for (Attribute attribute : type.attributes()) {
        Object fallback = absent.get(attribute.name());
        JsonNode raw = attributes.path(attribute.name());
        properties.put(
            camelCase(attribute.name()),
            fallback != null && (raw.isMissingNode() || raw.isNull())
                ? fallback
                : value(attributes, attribute));
      }
      // a resource is its id even where its attributes leave the id attribute out
      if (type.idAttributes().size() == 1) {
        String id = type.idAttributes().get(0);
        if (type.attribute(id).orElseThrow().type() == AttributeType.STRING
            && properties.get(camelCase(id)).equals("")) {
          properties.put(camelCase(id), resource.id());
        }
      }
      Values values = new Values(resource, properties);
      Map<String, Object> derivedValues = new LinkedHashMap<>();
      for (Derived property : derived) {
        derivedValues.put(property.name(), property.value().apply(values));
      }
      properties.putAll(derivedValues);
      return new ResourceFact(factType, resource, properties);
    }

    private String declaration() {
      StringBuilder drl = new StringBuilder();
      drl.append("declare ")
          .append(factType)
          .append(" extends ")
          .append(DeclaredFact.class.getName())
          .append('\n');
      for (Property property : properties()) {
        drl.append("    ")
            .append(property.name())
            .append(" : ")
            .append(property.drlType())
            .append('\n');
      }
      return drl.append("end\n").toString();
    }
  }

  /** Properties {@link DeclaredFact} has for every type; no attribute may take their names. */
  private static final Set<String> COMMON = Set.of("workspaceId", "accountLevel", "ref");

  /**
   * Sources of clusters people keep and reuse; job, pipeline and SQL clusters end with their run.
   */
  private static final Set<String> INTERACTIVE_SOURCES = Set.of("", "UI", "API");

  private static final List<Declared> ALL =
      List.of(
          declared(
              ResourceCatalogue.CATALOG,
              isolated(),
              new Derived(
                  "catalogTypeKnown",
                  boolean.class,
                  values -> KnownValues.CATALOG_TYPES.contains(values.text("catalogType")))),
          declared(ResourceCatalogue.STORAGE_CREDENTIAL, isolated()),
          declared(ResourceCatalogue.MWS_CREDENTIALS, accountId()),
          // SCIM's default: a principal whose "active" is not given is active
          declared(ResourceCatalogue.SERVICE_PRINCIPAL).absentAs("active", true),
          declared(
              ResourceCatalogue.IAM_INSTANCE_PROFILE,
              new Derived("awsAccountId", String.class, Values::scopeId)),
          // the provider's name is plural; one fact is one configuration
          declared(
              "MwsStorageConfiguration", ResourceCatalogue.MWS_STORAGE_CONFIGURATIONS, accountId()),
          declared(
              ResourceCatalogue.MWS_PRIVATE_ACCESS_SETTINGS,
              accountId(),
              // absent is the API's default, ACCOUNT
              new Derived(
                  "privateAccessLevelKnown",
                  boolean.class,
                  values ->
                      values.text("privateAccessLevel").isEmpty()
                          || KnownValues.PRIVATE_ACCESS_LEVELS.contains(
                              values.text("privateAccessLevel")))),
          declared(
              ResourceCatalogue.MWS_LOG_DELIVERY,
              accountId(),
              new Derived(
                  "enabled", boolean.class, values -> values.text("status").equals("ENABLED")),
              new Derived(
                  "logTypeKnown",
                  boolean.class,
                  values -> KnownValues.LOG_TYPES.contains(values.text("logType")))),
          declared(
              ResourceCatalogue.METASTORE,
              new Derived(
                  "rootStorageSet", boolean.class, values -> !values.text("storageRoot").isBlank()),
              new Derived(
                  "externalSharingEnabled",
                  boolean.class,
                  values -> values.text("deltaSharingScope").equals("INTERNAL_AND_EXTERNAL")),
              // absent: Delta Sharing never set up
              new Derived(
                  "deltaSharingScopeKnown",
                  boolean.class,
                  values ->
                      values.text("deltaSharingScope").isEmpty()
                          || KnownValues.DELTA_SHARING_SCOPES.contains(
                              values.text("deltaSharingScope")))),
          declared(ResourceCatalogue.COMPLIANCE_SECURITY_PROFILE_SETTING),
          declared(ResourceCatalogue.ENHANCED_SECURITY_MONITORING_SETTING),
          declared(ResourceCatalogue.AUTOMATIC_CLUSTER_UPDATE_SETTING),
          declared(
              ResourceCatalogue.RESTRICT_WORKSPACE_ADMINS_SETTING,
              // absent: never written, the default ALLOW_ALL
              new Derived(
                  "statusKnown",
                  boolean.class,
                  values ->
                      values.text("status").isEmpty()
                          || KnownValues.RESTRICT_WORKSPACE_ADMINS_STATUSES.contains(
                              values.text("status")))),
          declared(ResourceCatalogue.DISABLE_LEGACY_ACCESS_SETTING),
          declared(ResourceCatalogue.DISABLE_LEGACY_DBFS_SETTING),
          // never written: downloads are allowed, the platform's default
          declared(ResourceCatalogue.SQL_RESULTS_DOWNLOAD_SETTING).absentAs("value", true),
          declared(ResourceCatalogue.ACCOUNT_COMPLIANCE_SECURITY_PROFILE_SETTING),
          declared(ResourceCatalogue.ACCOUNT_ENHANCED_SECURITY_MONITORING_SETTING),
          declared(ResourceCatalogue.DISABLE_LEGACY_FEATURES_SETTING),
          declared(ResourceCatalogue.ACCOUNT_IP_ACCESS_ENABLED),
          declared(
              ResourceCatalogue.ACCOUNT_NETWORK_POLICY,
              new Derived(
                  "egressRestrictionMode",
                  String.class,
                  values -> text(values, "egress", "network_access", "restriction_mode")),
              new Derived(
                  "egressEnforcementMode",
                  String.class,
                  values ->
                      text(
                          values,
                          "egress",
                          "network_access",
                          "policy_enforcement",
                          "enforcement_mode")),
              new Derived(
                  "ingressRestrictionMode",
                  String.class,
                  values -> text(values, "ingress", "public_access", "restriction_mode"))),
          declared(ResourceCatalogue.WORKSPACE_NETWORK_OPTION),
          declared(
              ResourceCatalogue.RECIPIENT,
              new Derived(
                  "tokenAuthenticated",
                  boolean.class,
                  values -> values.text("authenticationType").equals("TOKEN")),
              new Derived(
                  "ipAccessListSet",
                  boolean.class,
                  values ->
                      values
                              .resource()
                              .attributes()
                              .path("ip_access_list")
                              .path("allowed_ip_addresses")
                              .size()
                          > 0),
              // tokens listed without an expiration_time never expire
              new Derived(
                  "tokensWithoutExpiry",
                  long.class,
                  values -> {
                    long count = 0;
                    for (JsonNode token : values.resource().attributes().path("tokens")) {
                      JsonNode expiry = token.path("expiration_time");
                      if (expiry.isMissingNode() || expiry.isNull() || expiry.asLong() <= 0) {
                        count++;
                      }
                    }
                    return count;
                  })),
          declared(
              ResourceCatalogue.SERVICE_PRINCIPAL_SECRET,
              new Derived(
                  "createdEpochMillis", long.class, values -> epochMillis(values, "create_time")),
              new Derived(
                  "updatedEpochMillis", long.class, values -> epochMillis(values, "update_time")),
              // no expire_time: the secret never expires
              new Derived(
                  "expiresEpochMillis", long.class, values -> epochMillis(values, "expire_time"))),
          declared(ResourceCatalogue.EXTERNAL_LOCATION, isolated()),
          declared(
              ResourceCatalogue.CLUSTER,
              new Derived(
                  "policyAssigned", boolean.class, values -> !values.text("policyId").isBlank()),
              // made from the UI or the API (or of absent source), not by a job, pipeline or
              // warehouse: clusters people keep and reuse
              new Derived(
                  "interactive",
                  boolean.class,
                  values -> INTERACTIVE_SOURCES.contains(values.text("clusterSource"))),
              dbfsInitScripts(),
              // custom: and auto: versions are not in the runtime list, whatever they run
              new Derived(
                  "sparkVersionCustom",
                  boolean.class,
                  values ->
                      values.text("sparkVersion").startsWith("custom:")
                          || values.text("sparkVersion").startsWith("auto:")),
              // a new source may or may not be interactive: neither PASS nor FAIL
              new Derived(
                  "sourceKnown",
                  boolean.class,
                  values ->
                      values.text("clusterSource").isEmpty()
                          || KnownValues.CLUSTER_SOURCES.contains(values.text("clusterSource"))),
              // no user isolation: NONE, or no access mode at all (the API's default)
              new Derived(
                  "withoutIsolation",
                  boolean.class,
                  values ->
                      values.text("dataSecurityMode").isEmpty()
                          || values.text("dataSecurityMode").equals("NONE")),
              new Derived(
                  "dataSecurityModeKnown",
                  boolean.class,
                  values ->
                      values.text("dataSecurityMode").isEmpty()
                          || KnownValues.DATA_SECURITY_MODES.contains(
                              values.text("dataSecurityMode")))),
          declared(
              ResourceCatalogue.JOB,
              new Derived(
                  "runAsUser", boolean.class, values -> !values.text("runAsUserName").isEmpty()),
              // neither given: the list left run_as out, and the job runs as its owner
              new Derived(
                  "runAsKnown",
                  boolean.class,
                  values ->
                      !values.text("runAsUserName").isEmpty()
                          || !values.text("runAsServicePrincipalName").isEmpty()),
              new Derived(
                  "gitHost", String.class, values -> text(GitHosts.host(values.text("gitUrl")))),
              dbfsInitScripts()),
          declared(ResourceCatalogue.NOTEBOOK, shared()),
          declared(ResourceCatalogue.DIRECTORY, shared()),
          declared(ResourceCatalogue.REPO),
          declared(ResourceCatalogue.SECRET_SCOPE),
          declared(
              ResourceCatalogue.SECRET_ACL,
              new Derived(
                  "permissionKnown",
                  boolean.class,
                  values -> KnownValues.SECRET_PERMISSIONS.contains(values.text("permission")))),
          declared(
              ResourceCatalogue.SQL_ENDPOINT,
              // absent: the API's default, the current channel
              new Derived(
                  "channelKnown",
                  boolean.class,
                  values ->
                      values.text("channelName").isEmpty()
                          || KnownValues.WAREHOUSE_CHANNELS.contains(values.text("channelName")))),
          declared(ResourceCatalogue.INSTANCE_POOL),
          declared(ResourceCatalogue.MODEL_SERVING),
          declared(ResourceCatalogue.SPARK_VERSION),
          declared(
              ResourceCatalogue.GLOBAL_INIT_SCRIPT,
              // a script whose enabled flag the API left out may be running
              new Derived(
                  "enabledKnown",
                  boolean.class,
                  values -> values.present("enabled", AttributeType.BOOLEAN))),
          // ==== AWS network, storage and keys of the Databricks estate ========================
          // one fact is one configuration (the provider's name is plural)
          declared("MwsCustomerManagedKey", ResourceCatalogue.MWS_CUSTOMER_MANAGED_KEYS),
          declared(ResourceCatalogue.AWS_VPC),
          declared(ResourceCatalogue.AWS_SUBNET),
          declared(ResourceCatalogue.AWS_SECURITY_GROUP),
          declared(ResourceCatalogue.AWS_SECURITY_GROUP_INGRESS_RULE, securityGroupRule()),
          declared(ResourceCatalogue.AWS_SECURITY_GROUP_EGRESS_RULE, securityGroupRule()),
          declared(
              ResourceCatalogue.AWS_VPC_PEERING_CONNECTION,
              new Derived("awsAccountId", String.class, Values::scopeId)),
          declared(ResourceCatalogue.AWS_VPC_ENDPOINT),
          declared(
              ResourceCatalogue.AWS_ROUTE_TABLE,
              // a default route (IPv4 or IPv6) to an internet gateway: the subnets are public
              new Derived(
                  "defaultRouteToInternetGateway",
                  boolean.class,
                  values -> {
                    for (JsonNode route : values.resource().attributes().path("routes")) {
                      boolean everywhere =
                          route.path("cidr_block").asText("").equals("0.0.0.0/0")
                              || route.path("ipv6_cidr_block").asText("").equals("::/0");
                      if (everywhere && route.path("gateway_id").asText("").startsWith("igw-")) {
                        return true;
                      }
                    }
                    return false;
                  })),
          declared(ResourceCatalogue.AWS_S3_BUCKET),
          declared(
              ResourceCatalogue.AWS_S3_BUCKET_POLICY,
              new Derived(
                  "grantsBeyondDatabricks",
                  List.class,
                  values ->
                      AwsResourcePolicies.grantsBeyondDatabricks(
                          values.resource().attributes().path("policy"))),
              new Derived(
                  "deniesInsecureTransport",
                  boolean.class,
                  values ->
                      AwsResourcePolicies.deniesInsecureTransport(
                          values.resource().attributes().path("policy")))),
          declared(
              ResourceCatalogue.AWS_S3_BUCKET_PUBLIC_ACCESS_BLOCK,
              new Derived(
                  "fullyBlocked",
                  boolean.class,
                  values ->
                      Boolean.TRUE.equals(values.properties().get("blockPublicAcls"))
                          && Boolean.TRUE.equals(values.properties().get("blockPublicPolicy"))
                          && Boolean.TRUE.equals(values.properties().get("ignorePublicAcls"))
                          && Boolean.TRUE.equals(
                              values.properties().get("restrictPublicBuckets")))),
          declared(ResourceCatalogue.AWS_S3_BUCKET_ENCRYPTION),
          declared(ResourceCatalogue.AWS_S3_BUCKET_VERSIONING),
          declared(ResourceCatalogue.AWS_S3_BUCKET_OWNERSHIP_CONTROLS),
          declared(ResourceCatalogue.AWS_S3_BUCKET_LOGGING),
          declared(
              ResourceCatalogue.AWS_KMS_KEY,
              new Derived("awsAccountId", String.class, Values::scopeId),
              // absent: a key that cannot rotate (asymmetric, HMAC, imported, custom key store)
              new Derived(
                  "rotationApplies",
                  boolean.class,
                  values -> values.present("enable_key_rotation", AttributeType.BOOLEAN)),
              new Derived(
                  "foreignPrincipals",
                  List.class,
                  values ->
                      AwsResourcePolicies.foreignPrincipals(
                          values.resource().attributes().path("policy"), values.scopeId())))
          // ==== end of the AWS network, storage and keys section ==============================
          );

  /**
   * What the rules on security group rules ask: open to the whole internet, every protocol and
   * port, or HTTPS alone; {@code ip_protocol} -1 is every protocol (ports -1).
   */
  private static Derived[] securityGroupRule() {
    return new Derived[] {
      new Derived(
          "openToInternet",
          boolean.class,
          values ->
              values.text("cidrIpv4").equals("0.0.0.0/0")
                  || values.text("cidrIpv6").equals("::/0")),
      new Derived(
          "allTraffic",
          boolean.class,
          values ->
              values.text("ipProtocol").equals("-1")
                  || (((Long) values.properties().get("fromPort")) <= 0
                      && ((Long) values.properties().get("toPort")) >= 65535)),
      new Derived(
          "httpsOnly",
          boolean.class,
          values ->
              values.text("ipProtocol").equals("tcp")
                  && ((Long) values.properties().get("fromPort")) == 443
                  && ((Long) values.properties().get("toPort")) == 443)
    };
  }

  private static final Map<String, Declared> BY_RESOURCE_TYPE = index();

  private FactDeclarations() {}

  /** Whether a workspace object is, or is in, the shared folder. */
  private static Derived shared() {
    return new Derived(
        "shared",
        boolean.class,
        values ->
            values.text("path").equals("/Shared") || values.text("path").startsWith("/Shared/"));
  }

  /** The destinations of cluster-scoped init scripts kept on DBFS (legacy, writable by all). */
  private static Derived dbfsInitScripts() {
    return new Derived(
        "dbfsInitScripts",
        java.util.List.class,
        values -> {
          List<String> destinations = new ArrayList<>();
          for (JsonNode script : values.resource().attributes().path("init_scripts")) {
            JsonNode dbfs = script.path("dbfs");
            if (dbfs.isObject()) {
              destinations.add(dbfs.path("destination").asText(""));
            } else if (script.path("s3").path("destination").asText("").startsWith("dbfs:")
                || script.path("workspace").path("destination").asText("").startsWith("dbfs:")) {
              destinations.add(script.toString());
            }
          }
          return List.copyOf(destinations);
        });
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }

  /** Catalogs say {@code ISOLATED}; credentials and locations {@code ISOLATION_MODE_ISOLATED}. */
  private static Derived isolated() {
    return new Derived(
        "isolated", boolean.class, values -> UnityCatalog.isIsolated(values.text("isolationMode")));
  }

  /** The Databricks account an account-level resource belongs to: its scope's id. */
  private static Derived accountId() {
    return new Derived("accountId", String.class, Values::scopeId);
  }

  /** A text nested in an object attribute; empty when any step is absent. */
  private static String text(Values values, String attribute, String... path) {
    JsonNode node = values.resource().attributes().path(attribute);
    for (String step : path) {
      node = node.path(step);
    }
    return node.isTextual() ? node.asText() : "";
  }

  /** An RFC 3339 time as epoch millis; 0 when absent, -1 when present but not such a time. */
  private static long epochMillis(Values values, String attribute) {
    JsonNode node = values.resource().attributes().path(attribute);
    if (node.isMissingNode() || node.isNull()) {
      return 0L;
    }
    try {
      return java.time.OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli();
    } catch (java.time.format.DateTimeParseException e) {
      return -1L;
    }
  }

  private static Declared declared(ResourceType type, Derived... derived) {
    return declared(factTypeName(type.name()), type, derived);
  }

  private static Declared declared(String factType, ResourceType type, Derived... derived) {
    Declared declared = new Declared(type, factType, List.of(derived), Map.of());
    Set<String> names = new java.util.HashSet<>(COMMON);
    for (Property property : declared.properties()) {
      if (!names.add(property.name())) {
        throw new IllegalStateException(
            declared.factType() + " would have property " + property.name() + " twice");
      }
    }
    return declared;
  }

  private static Map<String, Declared> index() {
    Map<String, Declared> byType = new LinkedHashMap<>();
    ALL.forEach(declared -> byType.put(declared.type().name(), declared));
    return Map.copyOf(byType);
  }

  public static List<Declared> all() {
    return ALL;
  }

  public static Optional<Declared> find(String resourceType) {
    return Optional.ofNullable(BY_RESOURCE_TYPE.get(resourceType));
  }

  /** The DRL that declares every type, compiled into each rule base. */
  public static String drl() {
    StringBuilder drl = new StringBuilder("package " + PACKAGE + "\n\n");
    ALL.forEach(declared -> drl.append(declared.declaration()).append('\n'));
    return drl.toString();
  }

  /** {@code databricks_global_init_script} -> {@code GlobalInitScript}. */
  static String factTypeName(String resourceType) {
    String name = resourceType.replaceFirst("^(databricks|aws)_", "");
    String camel = camelCase(name);
    return Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
  }

  /** {@code isolation_mode} -> {@code isolationMode}. */
  static String camelCase(String attribute) {
    StringBuilder camel = new StringBuilder();
    boolean upper = false;
    for (char c : attribute.toCharArray()) {
      if (c == '_') {
        upper = camel.length() > 0;
      } else {
        camel.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
        upper = false;
      }
    }
    return camel.toString();
  }

  private static String drlType(AttributeType type) {
    return switch (type) {
      case STRING -> "String";
      case NUMBER -> "long";
      case BOOLEAN -> "boolean";
      case STRING_LIST -> "java.util.List";
      case STRING_MAP -> "java.util.Map";
      case OBJECT, OBJECT_LIST -> JsonNode.class.getName();
    };
  }

  private static Object value(JsonNode attributes, Attribute attribute) {
    String name = attribute.name();
    return switch (attribute.type()) {
      case STRING -> Attributes.text(attributes, name);
      case NUMBER -> Attributes.number(attributes, name, 0);
      case BOOLEAN -> Attributes.flag(attributes, name, false);
      case STRING_LIST -> Attributes.texts(attributes.path(name));
      case STRING_MAP -> Attributes.textMap(attributes.path(name));
      case OBJECT, OBJECT_LIST -> {
        JsonNode value = attributes.path(name);
        yield value.isMissingNode() ? NullNode.getInstance() : value;
      }
    };
  }
}
