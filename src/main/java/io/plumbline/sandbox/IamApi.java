package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The AWS IAM emulator: answers the read-only IAM actions plumbline collects, in the AWS Query
 * protocol, from the {@code iam} section of an estate, so that the real AWS SDK works against it.
 */
public final class IamApi {

  private static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
  private static final String API_VERSION = "2010-05-08";
  private static final int DEFAULT_MAX_ITEMS = 100;
  private static final int LARGEST_MAX_ITEMS = 1000;
  private static final int DEFAULT_MAX_SESSION_DURATION = 3600;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Comparator<String> BY_NAME =
      String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());
  private static final Set<String> ENTITY_FILTERS =
      Set.of("User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy");

  public IamApi() {}

  /** The Action form parameter of an IAM request ("ListRoles"), or "" when absent. */
  public static String action(SandboxRequest request) {
    return Parameters.of(request).optional("Action", "");
  }

  /**
   * Answers one IAM request against the estate's root JSON document (the whole estate; IAM data is
   * under "iam", the AWS account id under account.aws_account_id).
   */
  public SandboxResponse handle(SandboxRequest request, JsonNode estate) {
    requireNonNull(request, "request is null");
    Parameters parameters = Parameters.of(request);
    Account account = Account.of(estate == null ? MissingNode.getInstance() : estate);
    String action = parameters.optional("Action", "");
    try {
      return switch (action) {
        case "" -> throw new IamError(400, "MissingAction", "The request has no Action parameter.");
        case "ListRoles" -> listRoles(parameters, account);
        case "GetRole" -> getRole(parameters, account);
        case "ListAttachedRolePolicies" -> listAttachedRolePolicies(parameters, account);
        case "ListRolePolicies" -> listRolePolicies(parameters, account);
        case "GetRolePolicy" -> getRolePolicy(parameters, account);
        case "GetPolicy" -> getPolicy(parameters, account);
        case "GetPolicyVersion" -> getPolicyVersion(parameters, account);
        case "ListInstanceProfiles" -> listInstanceProfiles(parameters, account);
        case "ListInstanceProfilesForRole" -> listInstanceProfilesForRole(parameters, account);
        case "GetAccountAuthorizationDetails" ->
            getAccountAuthorizationDetails(parameters, account);
        default ->
            throw new IamError(
                400,
                "InvalidAction",
                "Could not find operation " + action + " for version " + API_VERSION);
      };
    } catch (IamError e) {
      return error(e.status, "Sender", e.code, e.getMessage());
    } catch (IllegalArgumentException e) {
      // A malformed estate value is the emulator's fault, not the caller's, as on AWS's side.
      return error(500, "Receiver", "ServiceFailure", e.getMessage());
    }
  }

  /**
   * An AWS error response, e.g. error(400, "Sender", "Throttling", "Rate exceeded") or error(403,
   * "Sender", "AccessDenied", "..."), used also by the fault injector.
   */
  public static SandboxResponse error(int status, String type, String code, String message) {
    String requestId = UUID.randomUUID().toString();
    Xml xml = new Xml();
    xml.raw("<ErrorResponse xmlns=\"" + NAMESPACE + "\">")
        .open("Error")
        .element("Type", type)
        .element("Code", code)
        .element("Message", message)
        .close("Error")
        .element("RequestId", requestId)
        .close("ErrorResponse");
    return SandboxResponse.xml(status, xml.toString()).withHeader("x-amzn-RequestId", requestId);
  }

  private SandboxResponse listRoles(Parameters parameters, Account account) {
    String pathPrefix = parameters.optional("PathPrefix", "/");
    Page page = parameters.page();
    List<String> names = new ArrayList<>();
    for (String name : account.roleNames()) {
      if (path(account.role(name)).startsWith(pathPrefix)) {
        names.add(name);
      }
    }
    Xml xml = new Xml();
    page.writeTruncation(xml, names.size());
    xml.open("Roles");
    for (String name : page.window(names)) {
      xml.open("member");
      writeRole(xml, account, name, account.role(name));
      xml.close("member");
    }
    xml.close("Roles");
    return success("ListRoles", xml);
  }

  private SandboxResponse getRole(Parameters parameters, Account account) {
    String name = parameters.required("RoleName");
    JsonNode role = account.existingRole(name);
    Xml xml = new Xml().open("Role");
    writeRole(xml, account, name, role);
    writePermissionsBoundary(xml, role);
    writeTags(xml, role.path("tags"));
    writeRoleLastUsed(xml, role);
    xml.close("Role");
    return success("GetRole", xml);
  }

  private SandboxResponse listAttachedRolePolicies(Parameters parameters, Account account) {
    String roleName = parameters.required("RoleName");
    String pathPrefix = parameters.optional("PathPrefix", "/");
    Page page = parameters.page();
    List<AttachedPolicy> attached = new ArrayList<>();
    for (AttachedPolicy policy : attachedPolicies(account.existingRole(roleName))) {
      if (policy.path().startsWith(pathPrefix)) {
        attached.add(policy);
      }
    }
    Xml xml = new Xml();
    page.writeTruncation(xml, attached.size());
    xml.open("AttachedPolicies");
    for (AttachedPolicy policy : page.window(attached)) {
      xml.open("member");
      writeAttachedPolicy(xml, policy);
      xml.close("member");
    }
    xml.close("AttachedPolicies");
    return success("ListAttachedRolePolicies", xml);
  }

  private SandboxResponse listRolePolicies(Parameters parameters, Account account) {
    String roleName = parameters.required("RoleName");
    Page page = parameters.page();
    List<String> names = sortedFieldNames(account.existingRole(roleName).path("inline_policies"));
    Xml xml = new Xml();
    page.writeTruncation(xml, names.size());
    xml.open("PolicyNames");
    for (String name : page.window(names)) {
      xml.element("member", name);
    }
    xml.close("PolicyNames");
    return success("ListRolePolicies", xml);
  }

  private SandboxResponse getRolePolicy(Parameters parameters, Account account) {
    String roleName = parameters.required("RoleName");
    String policyName = parameters.required("PolicyName");
    JsonNode document = account.existingRole(roleName).path("inline_policies").get(policyName);
    if (document == null) {
      throw IamError.noSuchEntity("The role policy with name " + policyName + " cannot be found.");
    }
    Xml xml =
        new Xml()
            .element("RoleName", roleName)
            .element("PolicyName", policyName)
            .element("PolicyDocument", encodeDocument(document));
    return success("GetRolePolicy", xml);
  }

  private SandboxResponse getPolicy(Parameters parameters, Account account) {
    ManagedPolicy policy = account.existingPolicy(parameters.required("PolicyArn"));
    Xml xml = new Xml().open("Policy");
    writeManagedPolicy(xml, policy, PolicyUsage.of(account));
    xml.close("Policy");
    return success("GetPolicy", xml);
  }

  private SandboxResponse getPolicyVersion(Parameters parameters, Account account) {
    String arn = parameters.required("PolicyArn");
    String versionId = parameters.required("VersionId");
    ManagedPolicy policy = account.existingPolicy(arn);
    PolicyVersion version =
        policy.versions().stream()
            .filter(candidate -> candidate.versionId().equals(versionId))
            .findFirst()
            .orElseThrow(
                () ->
                    IamError.noSuchEntity(
                        "Policy "
                            + arn
                            + " version "
                            + versionId
                            + " does not exist or is not attachable."));
    Xml xml = new Xml().open("PolicyVersion");
    writePolicyVersion(xml, version);
    xml.close("PolicyVersion");
    return success("GetPolicyVersion", xml);
  }

  private SandboxResponse listInstanceProfiles(Parameters parameters, Account account) {
    String pathPrefix = parameters.optional("PathPrefix", "/");
    Page page = parameters.page();
    List<String> names = new ArrayList<>();
    for (String name : account.instanceProfileNames()) {
      if (path(account.instanceProfile(name)).startsWith(pathPrefix)) {
        names.add(name);
      }
    }
    return instanceProfileList("ListInstanceProfiles", account, page, names);
  }

  private SandboxResponse listInstanceProfilesForRole(Parameters parameters, Account account) {
    String roleName = parameters.required("RoleName");
    account.existingRole(roleName);
    Page page = parameters.page();
    List<String> names = account.instanceProfilesByRole().getOrDefault(roleName, List.of());
    return instanceProfileList("ListInstanceProfilesForRole", account, page, names);
  }

  private SandboxResponse instanceProfileList(
      String action, Account account, Page page, List<String> names) {
    Xml xml = new Xml();
    page.writeTruncation(xml, names.size());
    xml.open("InstanceProfiles");
    for (String name : page.window(names)) {
      xml.open("member");
      writeInstanceProfile(xml, account, name);
      xml.close("member");
    }
    xml.close("InstanceProfiles");
    return success(action, xml);
  }

  /**
   * Pages over roles first and then managed policies as one sequence, as AWS pages over all entity
   * kinds together; a page may therefore end inside the roles and the next start there.
   */
  private SandboxResponse getAccountAuthorizationDetails(Parameters parameters, Account account) {
    Set<String> filters = parameters.entityFilters();
    Page page = parameters.page();
    List<String> roleNames = filters.contains("Role") ? account.roleNames() : List.of();
    List<ManagedPolicy> policies = new ArrayList<>();
    if (filters.contains("LocalManagedPolicy")) {
      policies.addAll(account.sortedLocalPolicies());
    }
    if (filters.contains("AWSManagedPolicy")) {
      policies.addAll(account.sortedAwsManagedPolicies());
    }
    int total = roleNames.size() + policies.size();
    int end = page.end(total);
    Map<String, List<String>> profilesByRole = account.instanceProfilesByRole();
    PolicyUsage usage = PolicyUsage.of(account);

    Xml xml = new Xml();
    page.writeTruncation(xml, total);
    xml.empty("UserDetailList").empty("GroupDetailList").open("RoleDetailList");
    for (int index = page.offset(); index < Math.min(end, roleNames.size()); index++) {
      xml.open("member");
      writeRoleDetail(xml, account, roleNames.get(index), profilesByRole);
      xml.close("member");
    }
    xml.close("RoleDetailList").open("Policies");
    for (int index = Math.max(page.offset(), roleNames.size()); index < end; index++) {
      xml.open("member");
      writeManagedPolicyDetail(xml, policies.get(index - roleNames.size()), usage);
      xml.close("member");
    }
    xml.close("Policies");
    return success("GetAccountAuthorizationDetails", xml);
  }

  private static void writeRole(Xml xml, Account account, String name, JsonNode role) {
    xml.element("Path", path(role))
        .element("RoleName", name)
        .element("RoleId", text(role, "role_id"))
        .element("Arn", account.roleArn(name, role))
        .element("CreateDate", timestamp(role.path("create_date")))
        .element("AssumeRolePolicyDocument", encodeDocument(role.path("assume_role_policy")))
        .element("Description", text(role, "description"))
        .element(
            "MaxSessionDuration",
            String.valueOf(role.path("max_session_duration").asInt(DEFAULT_MAX_SESSION_DURATION)));
  }

  private static void writeRoleDetail(
      Xml xml, Account account, String name, Map<String, List<String>> profilesByRole) {
    JsonNode role = account.role(name);
    xml.element("Path", path(role))
        .element("RoleName", name)
        .element("RoleId", text(role, "role_id"))
        .element("Arn", account.roleArn(name, role))
        .element("CreateDate", timestamp(role.path("create_date")))
        .element("AssumeRolePolicyDocument", encodeDocument(role.path("assume_role_policy")));
    xml.open("InstanceProfileList");
    for (String profileName : profilesByRole.getOrDefault(name, List.of())) {
      xml.open("member");
      writeInstanceProfile(xml, account, profileName);
      xml.close("member");
    }
    xml.close("InstanceProfileList").open("RolePolicyList");
    JsonNode inlinePolicies = role.path("inline_policies");
    for (String policyName : sortedFieldNames(inlinePolicies)) {
      xml.open("member")
          .element("PolicyName", policyName)
          .element("PolicyDocument", encodeDocument(inlinePolicies.get(policyName)))
          .close("member");
    }
    xml.close("RolePolicyList").open("AttachedManagedPolicies");
    for (AttachedPolicy policy : attachedPolicies(role)) {
      xml.open("member");
      writeAttachedPolicy(xml, policy);
      xml.close("member");
    }
    xml.close("AttachedManagedPolicies");
    writePermissionsBoundary(xml, role);
    writeTags(xml, role.path("tags"));
    writeRoleLastUsed(xml, role);
  }

  private static void writePermissionsBoundary(Xml xml, JsonNode role) {
    String boundary = text(role, "permissions_boundary");
    if (boundary != null) {
      xml.open("PermissionsBoundary")
          .element("PermissionsBoundaryType", "Policy")
          .element("PermissionsBoundaryArn", boundary)
          .close("PermissionsBoundary");
    }
  }

  private static void writeTags(Xml xml, JsonNode tags) {
    if (!tags.isObject() || tags.isEmpty()) {
      return;
    }
    xml.open("Tags");
    for (Map.Entry<String, JsonNode> tag : tags.properties()) {
      xml.open("member")
          .element("Key", tag.getKey())
          .element("Value", tag.getValue().isNull() ? "" : tag.getValue().asText())
          .close("member");
    }
    xml.close("Tags");
  }

  /** AWS always sends RoleLastUsed on a full role, empty when the role was never used. */
  private static void writeRoleLastUsed(Xml xml, JsonNode role) {
    JsonNode lastUsed = role.path("last_used");
    xml.open("RoleLastUsed")
        .element("LastUsedDate", timestamp(lastUsed.path("date")))
        .element("Region", text(lastUsed, "region"))
        .close("RoleLastUsed");
  }

  private static void writeAttachedPolicy(Xml xml, AttachedPolicy policy) {
    xml.element("PolicyName", policy.name()).element("PolicyArn", policy.arn());
  }

  private static void writeInstanceProfile(Xml xml, Account account, String name) {
    JsonNode profile = account.instanceProfile(name);
    xml.element("Path", path(profile))
        .element("InstanceProfileName", name)
        .element("InstanceProfileId", text(profile, "instance_profile_id"))
        .element("Arn", account.instanceProfileArn(name, profile))
        .element("CreateDate", timestamp(profile.path("create_date")))
        .open("Roles");
    for (JsonNode roleName : profile.path("roles")) {
      JsonNode role = account.role(roleName.asText());
      // A profile naming a role the estate lacks would make AWS fail too; serve what exists.
      if (!role.isMissingNode()) {
        xml.open("member");
        writeRole(xml, account, roleName.asText(), role);
        xml.close("member");
      }
    }
    xml.close("Roles");
  }

  private static void writeManagedPolicy(Xml xml, ManagedPolicy policy, PolicyUsage usage) {
    JsonNode node = policy.node();
    xml.element("PolicyName", policy.name())
        .element("PolicyId", text(node, "policy_id"))
        .element("Arn", policy.arn())
        .element("Path", path(node))
        .element("DefaultVersionId", policy.defaultVersionId())
        .element("AttachmentCount", String.valueOf(usage.attachments(policy.arn())))
        .element("PermissionsBoundaryUsageCount", String.valueOf(usage.boundaries(policy.arn())))
        .element("IsAttachable", "true")
        .element("Description", text(node, "description"))
        .element("CreateDate", timestamp(node.path("create_date")))
        .element("UpdateDate", timestamp(updateDate(node)));
  }

  private static void writeManagedPolicyDetail(Xml xml, ManagedPolicy policy, PolicyUsage usage) {
    writeManagedPolicy(xml, policy, usage);
    xml.open("PolicyVersionList");
    for (PolicyVersion version : policy.versions()) {
      xml.open("member");
      writePolicyVersion(xml, version);
      xml.close("member");
    }
    xml.close("PolicyVersionList");
  }

  private static void writePolicyVersion(Xml xml, PolicyVersion version) {
    xml.element("Document", encodeDocument(version.document()))
        .element("VersionId", version.versionId())
        .element("IsDefaultVersion", String.valueOf(version.isDefault()))
        .element("CreateDate", version.createDate());
  }

  private static SandboxResponse success(String action, Xml result) {
    String requestId = UUID.randomUUID().toString();
    Xml xml = new Xml();
    xml.raw("<" + action + "Response xmlns=\"" + NAMESPACE + "\">")
        .open(action + "Result")
        .raw(result.toString())
        .close(action + "Result")
        .open("ResponseMetadata")
        .element("RequestId", requestId)
        .close("ResponseMetadata")
        .close(action + "Response");
    return SandboxResponse.xml(200, xml.toString()).withHeader("x-amzn-RequestId", requestId);
  }

  private static List<AttachedPolicy> attachedPolicies(JsonNode role) {
    List<AttachedPolicy> policies = new ArrayList<>();
    for (JsonNode arn : role.path("attached_policies")) {
      policies.add(AttachedPolicy.of(arn.asText()));
    }
    policies.sort(
        Comparator.comparing(AttachedPolicy::name, BY_NAME).thenComparing(AttachedPolicy::arn));
    return policies;
  }

  /**
   * AWS serves policy documents as compact JSON percent-encoded per RFC 3986, which the SDK hands
   * to callers as is; a document written as a string in the estate is taken to be JSON already.
   */
  private static String encodeDocument(JsonNode document) {
    if (document == null || document.isMissingNode() || document.isNull()) {
      return null;
    }
    String json;
    try {
      json = document.isTextual() ? document.asText() : JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise policy document " + document, e);
    }
    return percentEncode(json);
  }

  private static String percentEncode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder(bytes.length * 2);
    for (byte value : bytes) {
      int octet = value & 0xff;
      if (isUnreserved(octet)) {
        encoded.append((char) octet);
      } else {
        encoded.append('%').append(Character.toUpperCase(Character.forDigit(octet >> 4, 16)));
        encoded.append(Character.toUpperCase(Character.forDigit(octet & 0xf, 16)));
      }
    }
    return encoded.toString();
  }

  private static boolean isUnreserved(int octet) {
    return (octet >= 'A' && octet <= 'Z')
        || (octet >= 'a' && octet <= 'z')
        || (octet >= '0' && octet <= '9')
        || octet == '-'
        || octet == '_'
        || octet == '.'
        || octet == '~';
  }

  /**
   * Estates are hand-written, so a date may come as an ISO instant, an offset date-time, a plain
   * date or epoch milliseconds; AWS always sends an ISO-8601 instant.
   */
  private static String timestamp(JsonNode value) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(value.asLong()));
    }
    String text = value.asText().trim();
    try {
      return DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notDateTime) {
      try {
        return DateTimeFormatter.ISO_INSTANT.format(
            LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException notDate) {
        throw new IllegalArgumentException("invalid IAM timestamp in estate: \"" + text + "\"");
      }
    }
  }

  private static JsonNode updateDate(JsonNode policy) {
    JsonNode updated = policy.path("update_date");
    return updated.isMissingNode() || updated.isNull() ? policy.path("create_date") : updated;
  }

  /** IAM paths begin and end with "/"; an estate may write "service-role" for "/service-role/". */
  private static String path(JsonNode item) {
    String path = text(item, "path");
    if (path == null || path.isEmpty()) {
      return "/";
    }
    String leading = path.startsWith("/") ? path : "/" + path;
    return leading.endsWith("/") ? leading : leading + "/";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static List<String> sortedFieldNames(JsonNode node) {
    List<String> names = new ArrayList<>(node.size());
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(names::add);
    }
    names.sort(BY_NAME);
    return names;
  }

  private static JsonNode object(JsonNode parent, String field) {
    JsonNode child = parent.path(field);
    return child.isObject() ? child : MissingNode.getInstance();
  }

  /** The IAM side of an estate, tolerant of absent or malformed sections. */
  private record Account(
      String awsAccountId,
      JsonNode roles,
      JsonNode localPolicies,
      JsonNode awsManagedPolicies,
      JsonNode instanceProfiles) {

    Account {
      requireNonNull(awsAccountId, "awsAccountId is null");
      requireNonNull(roles, "roles is null");
      requireNonNull(localPolicies, "localPolicies is null");
      requireNonNull(awsManagedPolicies, "awsManagedPolicies is null");
      requireNonNull(instanceProfiles, "instanceProfiles is null");
    }

    static Account of(JsonNode estate) {
      JsonNode iam = object(estate, "iam");
      return new Account(
          awsAccountId(estate.path("account").path("aws_account_id")),
          object(iam, "roles"),
          object(iam, "policies"),
          object(iam, "aws_managed_policies"),
          object(iam, "instance_profiles"));
    }

    /** YAML reads an unquoted account id as a number, which loses its leading zeros. */
    private static String awsAccountId(JsonNode value) {
      if (value.isIntegralNumber()) {
        return String.format("%012d", value.asLong());
      }
      return value.isTextual() ? value.asText() : "000000000000";
    }

    List<String> roleNames() {
      return sortedFieldNames(roles);
    }

    JsonNode role(String name) {
      return objectOrMissing(roles.path(name));
    }

    JsonNode existingRole(String name) {
      JsonNode role = role(name);
      if (role.isMissingNode()) {
        throw IamError.noSuchEntity("The role with name " + name + " cannot be found.");
      }
      return role;
    }

    String roleArn(String name, JsonNode role) {
      return "arn:aws:iam::" + awsAccountId + ":role" + path(role) + name;
    }

    List<String> instanceProfileNames() {
      return sortedFieldNames(instanceProfiles);
    }

    JsonNode instanceProfile(String name) {
      return objectOrMissing(instanceProfiles.path(name));
    }

    String instanceProfileArn(String name, JsonNode profile) {
      return "arn:aws:iam::" + awsAccountId + ":instance-profile" + path(profile) + name;
    }

    /** Role name to the names of the instance profiles holding it, each list in name order. */
    Map<String, List<String>> instanceProfilesByRole() {
      Map<String, List<String>> byRole = new HashMap<>();
      for (String profileName : instanceProfileNames()) {
        for (JsonNode roleName : instanceProfile(profileName).path("roles")) {
          byRole.computeIfAbsent(roleName.asText(), key -> new ArrayList<>()).add(profileName);
        }
      }
      return byRole;
    }

    List<ManagedPolicy> sortedLocalPolicies() {
      return managedPolicies(localPolicies, false);
    }

    List<ManagedPolicy> sortedAwsManagedPolicies() {
      return managedPolicies(awsManagedPolicies, true);
    }

    private List<ManagedPolicy> managedPolicies(JsonNode policies, boolean awsManaged) {
      List<ManagedPolicy> result = new ArrayList<>(policies.size());
      for (String name : sortedFieldNames(policies)) {
        result.add(managedPolicy(name, policies.get(name), awsManaged));
      }
      return result;
    }

    private ManagedPolicy managedPolicy(String name, JsonNode node, boolean awsManaged) {
      JsonNode policy = objectOrMissing(node);
      String owner = awsManaged ? "aws" : awsAccountId;
      return new ManagedPolicy(
          name, "arn:aws:iam::" + owner + ":policy" + path(policy) + name, policy);
    }

    ManagedPolicy existingPolicy(String arn) {
      int policyMarker = arn.indexOf(":policy/");
      if (!arn.startsWith("arn:aws:iam::") || policyMarker < 0) {
        throw new IamError(400, "InvalidInput", "ARN " + arn + " is not valid.");
      }
      String owner = arn.substring("arn:aws:iam::".length(), policyMarker);
      String name = arn.substring(arn.lastIndexOf('/') + 1);
      JsonNode policies = owner.equals("aws") ? awsManagedPolicies : localPolicies;
      boolean known = owner.equals("aws") || owner.equals(awsAccountId);
      if (known && policies.has(name)) {
        ManagedPolicy policy = managedPolicy(name, policies.get(name), owner.equals("aws"));
        if (policy.arn().equals(arn)) {
          return policy;
        }
      }
      throw IamError.noSuchEntity("Policy " + arn + " was not found.");
    }

    private static JsonNode objectOrMissing(JsonNode node) {
      return node != null && node.isObject() ? node : MissingNode.getInstance();
    }
  }

  private record ManagedPolicy(String name, String arn, JsonNode node) {

    ManagedPolicy {
      requireNonNull(name, "name is null");
      requireNonNull(arn, "arn is null");
      requireNonNull(node, "node is null");
    }

    /** The declared default version, else the latest, as AWS makes a new version the default. */
    String defaultVersionId() {
      String declared = text(node, "default_version_id");
      if (declared != null) {
        return declared;
      }
      List<String> ids = versionIds();
      return ids.isEmpty() ? "v1" : ids.get(ids.size() - 1);
    }

    /**
     * The estate keeps no per-version dates, so the default version is dated when the policy was
     * last updated and the others when it was created.
     */
    List<PolicyVersion> versions() {
      JsonNode versions = node.path("versions");
      String defaultId = defaultVersionId();
      List<PolicyVersion> result = new ArrayList<>();
      for (String id : versionIds()) {
        boolean isDefault = id.equals(defaultId);
        JsonNode date = isDefault ? updateDate(node) : node.path("create_date");
        result.add(new PolicyVersion(id, versions.get(id), isDefault, timestamp(date)));
      }
      return result;
    }

    /** Version ids in version order, v2 before v10. */
    private List<String> versionIds() {
      List<String> ids = new ArrayList<>();
      JsonNode versions = node.path("versions");
      if (versions.isObject()) {
        versions.fieldNames().forEachRemaining(ids::add);
      }
      ids.sort(Comparator.comparingLong(ManagedPolicy::versionNumber).thenComparing(BY_NAME));
      return ids;
    }

    private static long versionNumber(String versionId) {
      String digits = versionId.startsWith("v") ? versionId.substring(1) : versionId;
      try {
        return Long.parseLong(digits);
      } catch (NumberFormatException e) {
        return Long.MAX_VALUE;
      }
    }
  }

  private record PolicyVersion(
      String versionId, JsonNode document, boolean isDefault, String createDate) {

    PolicyVersion {
      requireNonNull(versionId, "versionId is null");
    }
  }

  private record AttachedPolicy(String name, String path, String arn) {

    AttachedPolicy {
      requireNonNull(name, "name is null");
      requireNonNull(path, "path is null");
      requireNonNull(arn, "arn is null");
    }

    /** A policy ARN ends in {@code policy<path><name>}. */
    static AttachedPolicy of(String arn) {
      int slash = arn.lastIndexOf('/');
      int pathStart = arn.indexOf(":policy/");
      String path = pathStart < 0 || slash < 0 ? "/" : arn.substring(pathStart + 7, slash + 1);
      return new AttachedPolicy(arn.substring(slash + 1), path, arn);
    }
  }

  /** How many roles attach each policy ARN, and how many use it as a permissions boundary. */
  private record PolicyUsage(
      Map<String, Integer> attachmentCounts, Map<String, Integer> boundaryCounts) {

    PolicyUsage {
      attachmentCounts = Map.copyOf(attachmentCounts);
      boundaryCounts = Map.copyOf(boundaryCounts);
    }

    static PolicyUsage of(Account account) {
      Map<String, Integer> attachments = new HashMap<>();
      Map<String, Integer> boundaries = new HashMap<>();
      for (JsonNode role : account.roles()) {
        Set<String> distinct = new LinkedHashSet<>();
        role.path("attached_policies").forEach(arn -> distinct.add(arn.asText()));
        distinct.forEach(arn -> attachments.merge(arn, 1, Integer::sum));
        String boundary = text(role, "permissions_boundary");
        if (boundary != null) {
          boundaries.merge(boundary, 1, Integer::sum);
        }
      }
      return new PolicyUsage(attachments, boundaries);
    }

    int attachments(String arn) {
      return attachmentCounts.getOrDefault(arn, 0);
    }

    int boundaries(String arn) {
      return boundaryCounts.getOrDefault(arn, 0);
    }
  }

  /** The request parameters: the query string merged with the form body, first value winning. */
  private record Parameters(Map<String, String> values) {

    Parameters {
      values = Map.copyOf(values);
    }

    static Parameters of(SandboxRequest request) {
      Map<String, String> values = new LinkedHashMap<>();
      request.query().forEach((name, list) -> putFirst(values, name, list));
      SandboxRequest.parseForm(request.bodyText())
          .forEach((name, list) -> putFirst(values, name, list));
      return new Parameters(values);
    }

    private static void putFirst(Map<String, String> values, String name, List<String> list) {
      if (!list.isEmpty()) {
        values.putIfAbsent(name, list.get(0));
      }
    }

    String optional(String name, String fallback) {
      return values.getOrDefault(name, fallback);
    }

    String required(String name) {
      String value = values.get(name);
      if (value == null || value.isEmpty()) {
        String member = Character.toLowerCase(name.charAt(0)) + name.substring(1);
        throw validationError(
            "1 validation error detected: Value null at '"
                + member
                + "' failed to satisfy constraint: Member must not be null");
      }
      return value;
    }

    /** The Filter.member.N values, or every entity kind when none is given. */
    Set<String> entityFilters() {
      Set<String> filters = new LinkedHashSet<>();
      for (int index = 1; values.containsKey("Filter.member." + index); index++) {
        String filter = values.get("Filter.member." + index);
        if (!ENTITY_FILTERS.contains(filter)) {
          throw validationError(
              "1 validation error detected: Value '"
                  + filter
                  + "' at 'filter' failed to satisfy constraint: Member must satisfy enum value"
                  + " set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]");
        }
        filters.add(filter);
      }
      return filters.isEmpty() ? ENTITY_FILTERS : filters;
    }

    Page page() {
      return new Page(offset(), maxItems());
    }

    private int maxItems() {
      String text = values.get("MaxItems");
      if (text == null) {
        return DEFAULT_MAX_ITEMS;
      }
      int maxItems;
      try {
        maxItems = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw validationError("MaxItems \"" + text + "\" is not an integer.");
      }
      if (maxItems < 1 || maxItems > LARGEST_MAX_ITEMS) {
        throw validationError(
            "1 validation error detected: Value '"
                + text
                + "' at 'maxItems' failed to satisfy constraint: Member must have value between 1"
                + " and "
                + LARGEST_MAX_ITEMS);
      }
      return maxItems;
    }

    private int offset() {
      String marker = values.get("Marker");
      if (marker == null) {
        return 0;
      }
      try {
        int offset =
            Integer.parseInt(
                new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8));
        if (offset >= 0) {
          return offset;
        }
      } catch (IllegalArgumentException notOurs) {
        // falls through to the error below; NumberFormatException is an IllegalArgumentException
      }
      throw validationError(
          "Invalid Marker \"" + marker + "\": pass the Marker of a previous response.");
    }

    private static IamError validationError(String message) {
      return new IamError(400, "ValidationError", message);
    }
  }

  /**
   * A window of a listing. The marker is the next offset, base64-encoded so that clients treat it
   * as opaque; an offset past the end (the estate shrank between pages) gives an empty last page.
   */
  private record Page(int offset, int maxItems) {

    Page {
      if (offset < 0) {
        throw new IllegalArgumentException("invalid page offset: " + offset);
      }
      if (maxItems < 1) {
        throw new IllegalArgumentException("invalid page size: " + maxItems);
      }
    }

    int end(int size) {
      return (int) Math.min(size, (long) offset + maxItems);
    }

    <T> List<T> window(List<T> items) {
      return offset >= items.size() ? List.of() : items.subList(offset, end(items.size()));
    }

    void writeTruncation(Xml xml, int size) {
      boolean truncated = end(size) < size;
      xml.element("IsTruncated", String.valueOf(truncated));
      if (truncated) {
        String next = String.valueOf(end(size));
        xml.element(
            "Marker",
            Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(next.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  private static final class IamError extends RuntimeException {
    private final int status;
    private final String code;

    IamError(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
    }

    static IamError noSuchEntity(String message) {
      return new IamError(404, "NoSuchEntity", message);
    }
  }

  /** Appends XML; absent values leave their element out, as AWS omits unset fields. */
  private static final class Xml {
    private final StringBuilder text = new StringBuilder(1024);

    Xml raw(String markup) {
      text.append(markup);
      return this;
    }

    Xml open(String name) {
      text.append('<').append(name).append('>');
      return this;
    }

    Xml close(String name) {
      text.append("</").append(name).append('>');
      return this;
    }

    Xml empty(String name) {
      text.append('<').append(name).append("/>");
      return this;
    }

    Xml element(String name, String value) {
      if (value != null) {
        open(name);
        escape(value);
        close(name);
      }
      return this;
    }

    /** Element text needs only these three escaped; quotes matter inside attributes alone. */
    private void escape(String value) {
      for (int index = 0; index < value.length(); index++) {
        char character = value.charAt(index);
        switch (character) {
          case '&' -> text.append("&amp;");
          case '<' -> text.append("&lt;");
          case '>' -> text.append("&gt;");
          default -> text.append(character);
        }
      }
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
