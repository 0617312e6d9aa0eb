package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.model.ApiCall;
import io.plumbline.model.Attribute;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.ResourceType;
import io.plumbline.model.ScopeKind;
import io.plumbline.sandbox.Estate.Principal;
import io.plumbline.sandbox.Estate.PrincipalKind;
import io.plumbline.sandbox.Estate.Workspace;
import io.plumbline.sandbox.Routes.Call;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The list APIs of the declared types whose API item is essentially their estate entry, rendered
 * from the declarations. An estate section holds a type's items keyed by one attribute (a name or
 * an id); each entry holds the other attributes under the field names the API sends them with. An
 * item is the key, then every declared attribute the entry has (a {@link Listing} says which the
 * API nests in an object or names differently), then the fields the API sends that plumbline does
 * not collect, then what a {@link Filler} derives or defaults. The route is the declaration's read
 * call.
 *
 * <p>Types whose API answer is not an entry's copy keep their own handlers: SCIM identities,
 * workspaces, metastores, cluster policies (a definition served as a JSON string, and their
 * permissions), workspace-conf, IP access lists (account and workspace), log delivery, the
 * account's settings and IAM.
 */
final class DeclaredLists {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What an item is rendered in: the estate, and the workspace for a workspace-level list. */
  record Context(Estate estate, Optional<Workspace> workspace) {
    Context {
      requireNonNull(estate, "estate is null");
      requireNonNull(workspace, "workspace is null");
    }
  }

  /** What an item needs beyond its entry's fields: values derived from the estate, defaults. */
  @FunctionalInterface
  interface Filler {
    Filler NONE = (context, entry, item) -> {};

    void fill(Context context, JsonNode entry, ObjectNode item);
  }

  /** A token-paged list: the request parameter that sizes a page, its default and its cap. */
  record Pages(String sizeParameter, int defaultSize, int maximumSize) {
    Pages {
      requireNonNull(sizeParameter, "sizeParameter is null");
    }
  }

  /**
   * How one declared type's list is served.
   *
   * @param type the declaration: its read call is the route, its attributes what an item holds
   * @param section the estate section (of the document, or of a workspace) holding the entries
   * @param itemsField the response field holding the items; empty for a bare JSON array
   * @param keyAttribute the attribute an entry's key is; empty when the key is only a handle in the
   *     estate and the API does not send it
   * @param apiFields attributes the API sends under another field name (which the estate entry uses
   *     too), by attribute
   * @param nested API objects (a dotted path) and the attributes the API sends inside them
   * @param nestedOnlyWhenSet whether a nested object is left out when none of its attributes is set
   * @param alsoSends fields the API sends that the declaration does not collect (a cluster's state)
   * @param accountId whether each item carries the account id
   * @param inMetastore whether the list needs the workspace's metastore (404 without one) and each
   *     item carries its id
   * @param pages how the list is paged, if it is
   * @param filler derived values and defaults
   * @param principalFields fields naming a user (userName) or service principal (applicationId)
   * @param ownerFields fields naming an owner: a user, an account group or a service principal
   * @param idsUniqueInEstate whether the sandbox holds its ids unique in the whole estate rather
   *     than in their scope, as the declaration does
   */
  record Listing(
      ResourceType type,
      String section,
      String itemsField,
      Optional<String> keyAttribute,
      Map<String, String> apiFields,
      Map<String, List<String>> nested,
      boolean nestedOnlyWhenSet,
      List<String> alsoSends,
      boolean accountId,
      boolean inMetastore,
      Optional<Pages> pages,
      Filler filler,
      List<String> principalFields,
      List<String> ownerFields,
      boolean idsUniqueInEstate) {

    Listing {
      requireNonNull(type, "type is null");
      requireNonNull(section, "section is null");
      requireNonNull(itemsField, "itemsField is null");
      requireNonNull(keyAttribute, "keyAttribute is null");
      apiFields = Map.copyOf(apiFields);
      nested = Collections.unmodifiableMap(new LinkedHashMap<>(nested));
      alsoSends = List.copyOf(alsoSends);
      requireNonNull(pages, "pages is null");
      requireNonNull(filler, "filler is null");
      principalFields = List.copyOf(principalFields);
      ownerFields = List.copyOf(ownerFields);
      for (String attribute : apiFields.keySet()) {
        requireDeclared(type, attribute);
      }
      nested.values().forEach(attributes -> attributes.forEach(a -> requireDeclared(type, a)));
      keyAttribute.ifPresent(attribute -> requireDeclared(type, attribute));
    }

    private static void requireDeclared(ResourceType type, String attribute) {
      if (type.attribute(attribute).isEmpty()) {
        throw new IllegalArgumentException(
            type.name() + " declares no attribute " + attribute + " for the sandbox to serve");
      }
    }

    /** The scope kind the list is read in: account or workspace. */
    ScopeKind scope() {
      return type.readIn(ScopeKind.WORKSPACE) ? ScopeKind.WORKSPACE : ScopeKind.ACCOUNT;
    }

    /** The declared read call the list answers. */
    ApiCall call() {
      return type.read(scope()).orElseThrow().calls().get(0);
    }

    /**
     * The entries' fields that hold an id unique in the estate: the declared id attributes but the
     * key, and what the API calls {@code id} (a storage credential's, whose declared id is its
     * name).
     */
    List<String> idFields() {
      List<String> fields = new ArrayList<>();
      type.idAttributes().stream()
          .filter(attribute -> keyAttribute.filter(attribute::equals).isEmpty())
          .map(this::apiField)
          .forEach(fields::add);
      if (apiFields.containsValue("id") && !fields.contains("id")) {
        fields.add("id");
      }
      return fields;
    }

    /**
     * Whether the key is an id unique in the estate: it is the declared id, and not a name in a
     * metastore (which the workspaces assigned to it share).
     */
    boolean keyIsUniqueId() {
      return !inMetastore && keyAttribute.filter(type.idAttributes()::contains).isPresent();
    }

    /** The field an attribute is sent, and kept in the estate, under. */
    String apiField(String attribute) {
      return apiFields.getOrDefault(attribute, attribute);
    }

    static Builder of(ResourceType type, String section) {
      return new Builder(type, section);
    }
  }

  /** Listings read as what differs from an entry's copy. */
  static final class Builder {
    private final ResourceType type;
    private final String section;
    private String itemsField;
    private Optional<String> keyAttribute = Optional.empty();
    private final Map<String, String> apiFields = new LinkedHashMap<>();
    private final Map<String, List<String>> nested = new LinkedHashMap<>();
    private boolean nestedOnlyWhenSet;
    private final List<String> alsoSends = new ArrayList<>();
    private boolean accountId;
    private boolean inMetastore;
    private Optional<Pages> pages = Optional.empty();
    private Filler filler = Filler.NONE;
    private final List<String> principalFields = new ArrayList<>();
    private final List<String> ownerFields = new ArrayList<>();
    private boolean idsUniqueInEstate;

    private Builder(ResourceType type, String section) {
      this.type = type;
      this.section = section;
      this.itemsField = section;
    }

    Builder items(String field) {
      itemsField = field;
      return this;
    }

    Builder bareArray() {
      itemsField = "";
      return this;
    }

    Builder key(String attribute) {
      keyAttribute = Optional.of(attribute);
      return this;
    }

    Builder sentAs(String attribute, String field) {
      apiFields.put(attribute, field);
      return this;
    }

    Builder nested(String object, String... attributes) {
      nested.put(object, List.of(attributes));
      return this;
    }

    Builder nestedOnlyWhenSet(String object, String... attributes) {
      nestedOnlyWhenSet = true;
      return nested(object, attributes);
    }

    Builder alsoSends(String... fields) {
      alsoSends.addAll(List.of(fields));
      return this;
    }

    Builder withAccountId() {
      accountId = true;
      return this;
    }

    Builder inMetastore() {
      inMetastore = true;
      return this;
    }

    Builder paged(String sizeParameter, int defaultSize, int maximumSize) {
      pages = Optional.of(new Pages(sizeParameter, defaultSize, maximumSize));
      return this;
    }

    Builder filled(Filler value) {
      filler = value;
      return this;
    }

    Builder principals(String... fields) {
      principalFields.addAll(List.of(fields));
      return this;
    }

    Builder owners(String... fields) {
      ownerFields.addAll(List.of(fields));
      return this;
    }

    Builder idsUniqueInEstate() {
      idsUniqueInEstate = true;
      return this;
    }

    Listing build() {
      return new Listing(
          type,
          section,
          itemsField,
          keyAttribute,
          apiFields,
          nested,
          nestedOnlyWhenSet,
          alsoSends,
          accountId,
          inMetastore,
          pages,
          filler,
          principalFields,
          ownerFields,
          idsUniqueInEstate);
    }
  }

  /** Every listing, account ones first. */
  static List<Listing> all() {
    List<Listing> all = new ArrayList<>(ACCOUNT);
    all.addAll(WORKSPACE);
    return all;
  }

  /** The account's provisioning lists: bare arrays, each item with the account id. */
  static final List<Listing> ACCOUNT =
      List.of(
          Listing.of(ResourceCatalogue.MWS_CREDENTIALS, "credentials")
              .bareArray()
              .key("credentials_name")
              .withAccountId()
              .nested("aws_credentials.sts_role", "role_arn", "external_id")
              .filled(
                  (context, entry, item) -> {
                    ObjectNode role = (ObjectNode) item.path("aws_credentials").path("sts_role");
                    if (!role.has("external_id")) {
                      role.put("external_id", context.estate().accountId());
                    }
                  })
              .build(),
          Listing.of(ResourceCatalogue.MWS_STORAGE_CONFIGURATIONS, "storage_configurations")
              .bareArray()
              .key("storage_configuration_name")
              .withAccountId()
              .nested("root_bucket_info", "bucket_name")
              .build(),
          Listing.of(ResourceCatalogue.MWS_NETWORKS, "networks")
              .bareArray()
              .key("network_name")
              .withAccountId()
              .alsoSends("error_messages", "warning_messages")
              .filled(defaultText("vpc_status", "VALID"))
              .build(),
          Listing.of(ResourceCatalogue.MWS_PRIVATE_ACCESS_SETTINGS, "private_access_settings")
              .bareArray()
              .key("private_access_settings_name")
              .withAccountId()
              .build(),
          Listing.of(ResourceCatalogue.MWS_VPC_ENDPOINT, "vpc_endpoints")
              .bareArray()
              .key("vpc_endpoint_name")
              .withAccountId()
              .build(),
          // keyed by a handle: the API names no customer-managed key
          Listing.of(ResourceCatalogue.MWS_CUSTOMER_MANAGED_KEYS, "customer_managed_keys")
              .bareArray()
              .withAccountId()
              .nested("aws_key_info", "key_arn", "key_alias", "key_region")
              .build());

  private static final int CLUSTERS_DEFAULT_PAGE_SIZE = 20;
  private static final int CLUSTERS_MAXIMUM_PAGE_SIZE = 100;
  private static final int UNITY_CATALOG_DEFAULT_PAGE_SIZE = 50;
  private static final int UNITY_CATALOG_MAXIMUM_PAGE_SIZE = 1000;

  /** A workspace's lists. */
  static final List<Listing> WORKSPACE =
      List.of(
          // keyed by a handle (normally the IAM instance profile's name), which the API never sends
          Listing.of(ResourceCatalogue.INSTANCE_PROFILE, "instance_profiles").build(),
          Listing.of(ResourceCatalogue.TOKEN, "tokens")
              .items("token_infos")
              .key("token_id")
              .idsUniqueInEstate()
              .principals("created_by_username")
              .filled(DeclaredLists::tokenOwner)
              .build(),
          Listing.of(ResourceCatalogue.GLOBAL_INIT_SCRIPT, "global_init_scripts")
              .items("scripts")
              .key("name")
              .principals("created_by", "updated_by")
              .build(),
          Listing.of(ResourceCatalogue.CLUSTER, "clusters")
              .key("cluster_name")
              .idsUniqueInEstate()
              .nestedOnlyWhenSet("aws_attributes", "instance_profile_arn")
              .alsoSends("state")
              .principals("single_user_name", "creator_user_name")
              .paged("page_size", CLUSTERS_DEFAULT_PAGE_SIZE, CLUSTERS_MAXIMUM_PAGE_SIZE)
              .build(),
          Listing.of(ResourceCatalogue.CATALOG, "catalogs")
              .key("name")
              .owners("owner")
              .inMetastore()
              .paged(
                  "max_results", UNITY_CATALOG_DEFAULT_PAGE_SIZE, UNITY_CATALOG_MAXIMUM_PAGE_SIZE)
              .filled(
                  (context, entry, item) -> {
                    item.set("full_name", item.path("name"));
                    defaultText("catalog_type", "MANAGED_CATALOG").fill(context, entry, item);
                  })
              .build(),
          Listing.of(ResourceCatalogue.STORAGE_CREDENTIAL, "storage_credentials")
              .key("name")
              .sentAs("storage_credential_id", "id")
              .idsUniqueInEstate()
              .nested("aws_iam_role", "role_arn", "external_id", "unity_catalog_iam_arn")
              .owners("owner")
              .inMetastore()
              .paged(
                  "max_results", UNITY_CATALOG_DEFAULT_PAGE_SIZE, UNITY_CATALOG_MAXIMUM_PAGE_SIZE)
              .filled(DeclaredLists::securableIsolationMode)
              .build(),
          Listing.of(ResourceCatalogue.EXTERNAL_LOCATION, "external_locations")
              .key("name")
              .owners("owner")
              .inMetastore()
              .paged(
                  "max_results", UNITY_CATALOG_DEFAULT_PAGE_SIZE, UNITY_CATALOG_MAXIMUM_PAGE_SIZE)
              .filled(DeclaredLists::securableIsolationMode)
              .build(),
          Listing.of(ResourceCatalogue.RECIPIENT, "recipients")
              .key("name")
              .owners("owner")
              .inMetastore()
              .paged(
                  "max_results", UNITY_CATALOG_DEFAULT_PAGE_SIZE, UNITY_CATALOG_MAXIMUM_PAGE_SIZE)
              .filled(DeclaredLists::recipientTokens)
              .build());

  /**
   * A TOKEN recipient's tokens carry the activation link that downloads the credential, as the real
   * list does: a collector must not keep it.
   */
  private static void recipientTokens(Context context, JsonNode entry, ObjectNode item) {
    for (JsonNode token : item.path("tokens")) {
      if (token instanceof ObjectNode object && !object.has("activation_url")) {
        object.put(
            "activation_url",
            "https://example.cloud.databricks.com/delta_sharing/retrieve_config.html?"
                + object.path("id").asText());
      }
    }
  }

  private DeclaredLists() {}

  /** Routes each listing's declared read call to the handler made for it. */
  static void register(
      Routes routes, List<Listing> listings, Function<Listing, Routes.Handler> handler) {
    for (Listing listing : listings) {
      routes.add(listing.call().method(), listing.call().path(), handler.apply(listing));
    }
  }

  /** The account-level answer of a listing. */
  static SandboxResponse account(Call call, Listing listing) {
    return answer(
        call, listing, new Context(call.estate(), Optional.empty()), call.estate().document());
  }

  /** The answer of a listing in a workspace. */
  static SandboxResponse workspace(Call call, Listing listing, Workspace workspace) {
    if (listing.inMetastore() && !workspace.item().path("metastore_assignment").isObject()) {
      return ApiErrors.databricks(
          404,
          "METASTORE_DOES_NOT_EXIST",
          "No metastore assigned for the current workspace " + workspace.id() + ".");
    }
    return answer(
        call, listing, new Context(call.estate(), Optional.of(workspace)), workspace.item());
  }

  private static SandboxResponse answer(
      Call call, Listing listing, Context context, JsonNode scopeDocument) {
    List<ObjectNode> items = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry :
        Estate.entries(scopeDocument.path(listing.section()))) {
      items.add(item(listing, context, entry.getKey(), entry.getValue()));
    }
    if (listing.pages().isPresent()) {
      Pages pages = listing.pages().get();
      int pageSize =
          Paging.pageSize(
              call.request(), pages.sizeParameter(), pages.defaultSize(), pages.maximumSize());
      return SandboxResponse.json(
          200,
          Paging.tokenPage(
              listing.itemsField(), items, call.request().queryParameter("page_token"), pageSize));
    }
    ArrayNode array = NODES.arrayNode();
    items.forEach(array::add);
    if (listing.itemsField().isEmpty()) {
      return SandboxResponse.json(200, array);
    }
    ObjectNode body = NODES.objectNode();
    body.set(listing.itemsField(), array);
    return SandboxResponse.json(200, body);
  }

  /** One item as the API sends it. */
  static ObjectNode item(Listing listing, Context context, String key, JsonNode entry) {
    ObjectNode item = NODES.objectNode();
    listing.keyAttribute().ifPresent(attribute -> item.put(listing.apiField(attribute), key));
    if (listing.accountId()) {
      item.put("account_id", context.estate().accountId());
    }
    if (listing.inMetastore()) {
      item.set(
          "metastore_id",
          context
              .workspace()
              .orElseThrow()
              .item()
              .path("metastore_assignment")
              .path("metastore_id"));
    }
    Map<String, String> objectOf = new LinkedHashMap<>();
    listing
        .nested()
        .forEach((object, attributes) -> attributes.forEach(a -> objectOf.put(a, object)));
    if (!listing.nestedOnlyWhenSet()) {
      listing.nested().keySet().forEach(object -> object(item, object));
    }
    for (Attribute attribute : listing.type().attributes()) {
      String field = listing.apiField(attribute.name());
      if (item.has(field) || listing.keyAttribute().filter(attribute.name()::equals).isPresent()) {
        continue;
      }
      JsonNode value = entry.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      String object = objectOf.get(attribute.name());
      (object == null ? item : object(item, object)).set(field, value);
    }
    for (String field : listing.alsoSends()) {
      JsonNode value = entry.get(field);
      if (value != null && !value.isNull()) {
        item.set(field, value);
      }
    }
    listing.filler().fill(context, entry, item);
    return item;
  }

  /** The object at a dotted path of an item, made if absent. */
  private static ObjectNode object(ObjectNode item, String path) {
    ObjectNode current = item;
    for (String field : path.split("\\.")) {
      JsonNode next = current.get(field);
      current = next instanceof ObjectNode object ? object : current.putObject(field);
    }
    return current;
  }

  private static Filler defaultText(String field, String value) {
    return (context, entry, item) -> {
      if (!item.has(field)) {
        item.put(field, value);
      }
    };
  }

  /**
   * A token names its creator by user name; the API also sends the creator's id, and the owner's
   * when the estate leaves it out (the creator's). A token without an expiry time never expires.
   */
  private static void tokenOwner(Context context, JsonNode entry, ObjectNode item) {
    Optional<Principal> creator =
        context
            .estate()
            .accountPrincipalByName(PrincipalKind.USER, entry.path("created_by_username").asText());
    creator.ifPresent(principal -> item.put("created_by_id", Long.parseLong(principal.id())));
    if (!item.has("owner_id")) {
      creator.ifPresent(principal -> item.put("owner_id", Long.parseLong(principal.id())));
    }
    if (!item.has("expiry_time")) {
      item.put("expiry_time", -1);
    }
  }

  /**
   * Storage credentials and external locations name their modes ISOLATION_MODE_OPEN and
   * ISOLATION_MODE_ISOLATED; the estate also accepts the catalogs' short OPEN and ISOLATED, which
   * the SDK would read as null here. Any other value (one declared unknown) is served as written.
   */
  private static void securableIsolationMode(Context context, JsonNode entry, ObjectNode item) {
    JsonNode mode = entry.get("isolation_mode");
    if (mode != null && mode.isTextual()) {
      String text = mode.asText();
      item.put(
          "isolation_mode",
          text.equals("OPEN") || text.equals("ISOLATED") ? "ISOLATION_MODE_" + text : text);
    }
  }
}
