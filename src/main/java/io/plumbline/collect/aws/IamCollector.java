package io.plumbline.collect.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.collect.AwsTarget;
import io.plumbline.collect.CallStats;
import io.plumbline.collect.CollectionRun;
import io.plumbline.collect.Collector;
import io.plumbline.collect.ReadException;
import io.plumbline.collect.ReadResult;
import io.plumbline.collect.ResourceTypeSpec;
import io.plumbline.model.Resource;
import io.plumbline.model.ResourceCatalogue;
import io.plumbline.model.Scope;
import io.plumbline.model.ScopeKind;
import io.plumbline.model.normal.PolicyDocuments;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.GetAccountAuthorizationDetailsResponse;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.ListInstanceProfilesResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.ManagedPolicyDetail;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyDetail;
import software.amazon.awssdk.services.iam.model.PolicyVersion;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;
import software.amazon.awssdk.services.iam.model.RoleLastUsed;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Collects the IAM roles, their inline and attached policies, the managed policies in use and the
 * instance profiles of one AWS account, in scope {@code aws:<account id>}.
 *
 * <p>Roles, role policies, attachments and managed policies all come from one paged
 * GetAccountAuthorizationDetails, shared by the four reads (see {@link SharedFetch}); its role
 * entries lack the maximum session duration and the description, which ListRoles adds. Instance
 * profiles are listed on their own, so that a profile without a role is seen too.
 */
public final class IamCollector implements Collector {

  public static final String ROLE = ResourceCatalogue.IAM_ROLE.name();
  public static final String ROLE_POLICY = ResourceCatalogue.IAM_ROLE_POLICY.name();
  public static final String ROLE_POLICY_ATTACHMENT =
      ResourceCatalogue.IAM_ROLE_POLICY_ATTACHMENT.name();
  public static final String POLICY = ResourceCatalogue.IAM_POLICY.name();
  public static final String INSTANCE_PROFILE = ResourceCatalogue.IAM_INSTANCE_PROFILE.name();

  private static final Logger LOG = Logger.getLogger(IamCollector.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String AUTHORIZATION_DETAILS = "GetAccountAuthorizationDetails";

  /** IAM's own default and a good size: documents make GetAccountAuthorizationDetails pages big. */
  static final int DEFAULT_PAGE_SIZE = 100;

  /** The AWS types of the catalogue, with the IAM actions their reads need. */
  private static final List<ResourceTypeSpec> RESOURCE_TYPES =
      ResourceTypeSpec.declaredIn(ScopeKind.AWS).stream()
          .filter(spec -> spec.iamActions().stream().allMatch(action -> action.startsWith("iam:")))
          .toList();

  private final AwsTarget target;
  private final Scope scope;
  private final IamClients clients;
  private final int pageSize;

  /**
   * @throws io.plumbline.error.PlumblineException (a user error) when the target asks for what this
   *     build cannot do, e.g. assuming a role
   */
  public IamCollector(AwsTarget target, Duration callTimeout) {
    this(target, callTimeout, DEFAULT_PAGE_SIZE);
  }

  IamCollector(AwsTarget target, Duration callTimeout, int pageSize) {
    this.target = requireNonNull(target, "target is null");
    requireNonNull(callTimeout, "callTimeout is null");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("call timeout must be positive, got " + callTimeout);
    }
    if (pageSize < 1 || pageSize > 1000) {
      throw new IllegalArgumentException("IAM page size must be from 1 to 1000, got " + pageSize);
    }
    this.scope = Scope.aws(target.accountId());
    this.clients = new IamClients(target, callTimeout);
    this.pageSize = pageSize;
  }

  /** Every resource type an IAM collector reads, with the IAM actions it needs. */
  public static List<ResourceTypeSpec> declaredResourceTypes() {
    return RESOURCE_TYPES;
  }

  @Override
  public String name() {
    return "aws-iam";
  }

  @Override
  public List<ResourceTypeSpec> resourceTypes() {
    return RESOURCE_TYPES;
  }

  @Override
  public void start(CollectionRun run) {
    CallStats stats = run.stats();
    SharedFetch<AuthorizationDetails> details =
        new SharedFetch<>(() -> fetchAuthorizationDetails(stats));
    run.read(scope, ROLE, counting(attempt -> roles(details.get(attempt), stats)));
    run.read(
        scope,
        ROLE_POLICY,
        counting(attempt -> ReadResult.of(details.get(attempt).rolePolicies())));
    run.read(
        scope,
        ROLE_POLICY_ATTACHMENT,
        counting(attempt -> ReadResult.of(details.get(attempt).attachments())));
    run.read(scope, POLICY, counting(attempt -> ReadResult.of(details.get(attempt).policies())));
    run.read(scope, INSTANCE_PROFILE, () -> instanceProfiles(stats));
  }

  @FunctionalInterface
  private interface AttemptRead {
    ReadResult run(int attempt) throws Exception;
  }

  /** A read that knows which of its attempts this is, so that it can share a fetch's attempt. */
  private static CollectionRun.Read counting(AttemptRead read) {
    AtomicInteger attempts = new AtomicInteger();
    return () -> read.run(attempts.incrementAndGet());
  }

  /**
   * The four resource lists GetAccountAuthorizationDetails yields. Roles still lack
   * max_session_duration and description.
   */
  private record AuthorizationDetails(
      List<Resource> roles,
      List<Resource> rolePolicies,
      List<Resource> attachments,
      List<Resource> policies) {
    AuthorizationDetails {
      roles = List.copyOf(roles);
      rolePolicies = List.copyOf(rolePolicies);
      attachments = List.copyOf(attachments);
      policies = List.copyOf(policies);
    }
  }

  /**
   * Reads every page and decodes every document before anything is handed out: a page or a document
   * that fails fails the whole fetch, never leaving a shorter list that looks complete.
   */
  private AuthorizationDetails fetchAuthorizationDetails(CallStats stats)
      throws ReadException, InterruptedException {
    long start = System.nanoTime();
    Map<String, RoleDetail> roles = new LinkedHashMap<>();
    Map<String, ManagedPolicyDetail> policies = new LinkedHashMap<>();
    int pages = 0;
    try (IamClient iam = clients.create(stats)) {
      for (GetAccountAuthorizationDetailsResponse page :
          iam.getAccountAuthorizationDetailsPaginator(
              request ->
                  request
                      .filter(
                          EntityType.ROLE,
                          EntityType.LOCAL_MANAGED_POLICY,
                          EntityType.AWS_MANAGED_POLICY)
                      .maxItems(pageSize))) {
        pages++;
        checkPage(AUTHORIZATION_DETAILS, page.isTruncated(), page.marker());
        // AWS pages over all entities as one sequence; keyed, an entity repeated across pages
        // (the account changed while paging) is counted once
        page.roleDetailList().forEach(role -> roles.put(role.roleName(), role));
        page.policies().forEach(policy -> policies.put(policy.arn(), policy));
        checkInterrupted();
      }
    } catch (SdkException e) {
      throw translate(e, AUTHORIZATION_DETAILS);
    }
    List<Resource> roleResources = new ArrayList<>();
    List<Resource> rolePolicies = new ArrayList<>();
    List<Resource> attachments = new ArrayList<>();
    for (RoleDetail role : roles.values()) {
      checkAccount(role.arn(), "role " + role.roleName());
      roleResources.add(role(role));
      for (PolicyDetail inline : role.rolePolicyList()) {
        rolePolicies.add(rolePolicy(role.roleName(), inline));
      }
      for (AttachedPolicy attached : role.attachedManagedPolicies()) {
        attachments.add(attachment(role.roleName(), attached.policyArn()));
      }
    }
    List<Resource> policyResources = new ArrayList<>();
    for (ManagedPolicyDetail policy : policies.values()) {
      boolean awsManaged = "aws".equals(arnAccount(policy.arn()));
      if (!awsManaged) {
        checkAccount(policy.arn(), "policy " + policy.policyName());
      }
      if (!awsManaged || inUse(policy)) {
        policyResources.add(policy(policy, awsManaged));
      }
    }
    LOG.debugf(
        "IAM of AWS account %s: %d roles, %d managed policies in %d pages, %d ms",
        target.accountId(),
        roles.size(),
        policies.size(),
        pages,
        (System.nanoTime() - start) / 1_000_000);
    return new AuthorizationDetails(roleResources, rolePolicies, attachments, policyResources);
  }

  /**
   * The roles with what ListRoles adds. A role GetAccountAuthorizationDetails returned but
   * ListRoles did not was deleted or created in between: GetRole tells which. A role only ListRoles
   * returned was created after the details were read and is left for the next collection.
   */
  private ReadResult roles(AuthorizationDetails details, CallStats stats)
      throws ReadException, InterruptedException {
    Map<String, Role> listed = new TreeMap<>();
    List<Resource> roles = new ArrayList<>();
    try (IamClient iam = clients.create(stats)) {
      try {
        for (ListRolesResponse page :
            iam.listRolesPaginator(request -> request.maxItems(pageSize))) {
          checkPage("ListRoles", page.isTruncated(), page.marker());
          page.roles().forEach(role -> listed.put(role.roleName(), role));
          checkInterrupted();
        }
      } catch (SdkException e) {
        throw translate(e, "ListRoles");
      }
      for (Resource role : details.roles()) {
        Role summary = listed.get(role.id());
        if (summary == null) {
          checkInterrupted();
          try {
            summary = iam.getRole(request -> request.roleName(role.id())).role();
            if (summary == null) {
              throw malformed("GetRole: the response is not an IAM GetRole result", null);
            }
          } catch (NoSuchEntityException deleted) {
            continue; // it no longer exists
          } catch (SdkException e) {
            throw translate(e, "GetRole");
          }
        }
        ObjectNode attributes = role.attributes().deepCopy();
        attributes.put("description", summary.description());
        putInteger(attributes, "max_session_duration", summary.maxSessionDuration());
        roles.add(new Resource(ROLE, role.id(), scope, attributes));
      }
    }
    return ReadResult.of(roles);
  }

  private ReadResult instanceProfiles(CallStats stats) throws ReadException, InterruptedException {
    Map<String, Resource> profiles = new TreeMap<>();
    try (IamClient iam = clients.create(stats)) {
      for (ListInstanceProfilesResponse page :
          iam.listInstanceProfilesPaginator(request -> request.maxItems(pageSize))) {
        checkPage("ListInstanceProfiles", page.isTruncated(), page.marker());
        for (InstanceProfile profile : page.instanceProfiles()) {
          checkAccount(profile.arn(), "instance profile " + profile.instanceProfileName());
          profiles.put(profile.instanceProfileName(), instanceProfile(profile));
        }
        checkInterrupted();
      }
    } catch (SdkException e) {
      throw translate(e, "ListInstanceProfiles");
    }
    checkInterrupted();
    return ReadResult.of(List.copyOf(profiles.values()));
  }

  // ---- resources ---------------------------------------------------------------------------

  private Resource role(RoleDetail role) throws ReadException {
    String name = role.roleName();
    ObjectNode attributes = NODES.objectNode();
    attributes.put("name", name);
    attributes.put("arn", role.arn());
    attributes.put("path", role.path());
    attributes.put("role_id", role.roleId());
    attributes.put("create_date", timestamp(role.createDate()));
    attributes.set(
        "assume_role_policy",
        document(role.assumeRolePolicyDocument(), "the trust policy of role " + name));
    ObjectNode inline = NODES.objectNode();
    for (PolicyDetail policy : sortedInline(role.rolePolicyList())) {
      inline.set(
          policy.policyName(),
          document(
              policy.policyDocument(),
              "inline policy " + policy.policyName() + " of role " + name));
    }
    attributes.set("inline_policies", inline);
    attributes.set(
        "managed_policy_arns",
        sortedStrings(
            role.attachedManagedPolicies().stream().map(AttachedPolicy::policyArn).toList()));
    attributes.put(
        "permissions_boundary",
        role.permissionsBoundary() == null
            ? null
            : role.permissionsBoundary().permissionsBoundaryArn());
    attributes.set("tags", tags(role.tags()));
    attributes.set("role_last_used", lastUsed(role.roleLastUsed()));
    attributes.set(
        "instance_profile_arns",
        sortedStrings(role.instanceProfileList().stream().map(InstanceProfile::arn).toList()));
    return new Resource(ROLE, name, scope, attributes);
  }

  private Resource rolePolicy(String roleName, PolicyDetail policy) throws ReadException {
    ObjectNode attributes = NODES.objectNode();
    attributes.put("role", roleName);
    attributes.put("name", policy.policyName());
    attributes.set(
        "policy",
        document(
            policy.policyDocument(),
            "inline policy " + policy.policyName() + " of role " + roleName));
    return new Resource(
        ROLE_POLICY, ResourceCatalogue.IAM_ROLE_POLICY.id(attributes), scope, attributes);
  }

  private Resource attachment(String roleName, String policyArn) {
    ObjectNode attributes = NODES.objectNode();
    attributes.put("role", roleName);
    attributes.put("policy_arn", policyArn);
    return new Resource(
        ROLE_POLICY_ATTACHMENT,
        ResourceCatalogue.IAM_ROLE_POLICY_ATTACHMENT.id(attributes),
        scope,
        attributes);
  }

  private Resource policy(ManagedPolicyDetail policy, boolean awsManaged) throws ReadException {
    PolicyVersion defaultVersion =
        policy.policyVersionList().stream()
            .filter(
                version ->
                    Boolean.TRUE.equals(version.isDefaultVersion())
                        || version.versionId().equals(policy.defaultVersionId()))
            .findFirst()
            .orElseThrow(
                () ->
                    malformed(
                        "managed policy "
                            + policy.arn()
                            + " came without its default version "
                            + policy.defaultVersionId(),
                        null));
    ObjectNode attributes = NODES.objectNode();
    attributes.put("arn", policy.arn());
    attributes.put("name", policy.policyName());
    attributes.put("path", policy.path());
    attributes.put("policy_id", policy.policyId());
    attributes.put("description", policy.description());
    attributes.put("aws_managed", awsManaged);
    attributes.put("default_version_id", defaultVersion.versionId());
    attributes.set(
        "policy",
        document(
            defaultVersion.document(),
            "version " + defaultVersion.versionId() + " of managed policy " + policy.arn()));
    putInteger(attributes, "attachment_count", policy.attachmentCount());
    putInteger(
        attributes, "permissions_boundary_usage_count", policy.permissionsBoundaryUsageCount());
    attributes.put("create_date", timestamp(policy.createDate()));
    attributes.put("update_date", timestamp(policy.updateDate()));
    return new Resource(POLICY, policy.arn(), scope, attributes);
  }

  private Resource instanceProfile(InstanceProfile profile) {
    ObjectNode attributes = NODES.objectNode();
    attributes.put("name", profile.instanceProfileName());
    attributes.put("arn", profile.arn());
    attributes.put("path", profile.path());
    attributes.put("instance_profile_id", profile.instanceProfileId());
    attributes.put("create_date", timestamp(profile.createDate()));
    attributes.set("roles", sortedStrings(profile.roles().stream().map(Role::roleName).toList()));
    return new Resource(INSTANCE_PROFILE, profile.instanceProfileName(), scope, attributes);
  }

  /** AWS-managed policies exist by the hundred; only those the account uses matter. */
  private static boolean inUse(ManagedPolicyDetail policy) {
    return positive(policy.attachmentCount()) || positive(policy.permissionsBoundaryUsageCount());
  }

  private static boolean positive(Integer count) {
    return count != null && count > 0;
  }

  private static JsonNode document(String encoded, String what) throws ReadException {
    if (encoded == null) {
      return NullNode.getInstance();
    }
    try {
      return PolicyDocuments.decodeNormalized(encoded, what);
    } catch (PolicyDocuments.MalformedDocumentException e) {
      throw malformed(e.getMessage(), e);
    }
  }

  private static List<PolicyDetail> sortedInline(Collection<PolicyDetail> policies) {
    return policies.stream().sorted(Comparator.comparing(PolicyDetail::policyName)).toList();
  }

  private static ObjectNode tags(List<Tag> tags) {
    Map<String, String> sorted = new TreeMap<>();
    tags.forEach(tag -> sorted.put(tag.key(), tag.value()));
    ObjectNode node = NODES.objectNode();
    sorted.forEach(node::put);
    return node;
  }

  /** AWS sends an empty RoleLastUsed for a role never used (or not within its tracking window). */
  private static JsonNode lastUsed(RoleLastUsed lastUsed) {
    if (lastUsed == null || (lastUsed.lastUsedDate() == null && lastUsed.region() == null)) {
      return NullNode.getInstance();
    }
    ObjectNode node = NODES.objectNode();
    node.put("date", timestamp(lastUsed.lastUsedDate()));
    node.put("region", lastUsed.region());
    return node;
  }

  private static ArrayNode sortedStrings(List<String> values) {
    ArrayNode list = NODES.arrayNode();
    new TreeSet<>(values).forEach(list::add);
    return list;
  }

  private static void putInteger(ObjectNode node, String field, Integer value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value.intValue());
    }
  }

  private static String timestamp(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  // ---- errors ------------------------------------------------------------------------------

  /**
   * Credentials of another account would file its roles under this account's scope: nothing read
   * that way can be trusted, and retrying does not help.
   */
  private void checkAccount(String arn, String what) throws ReadException {
    String account = arnAccount(arn);
    if (account != null && !account.equals(target.accountId())) {
      throw new ReadException(
          OptionalInt.empty(),
          "ACCOUNT_MISMATCH",
          "the AWS credentials read account "
              + account
              + " ("
              + what
              + " is "
              + arn
              + "), but the target is account "
              + target.accountId(),
          false,
          Optional.empty(),
          null);
    }
  }

  /**
   * IAM always says whether a list page is the last. A page without IsTruncated is not an IAM
   * answer (an HTML error page from a proxy parses as XML and would read as an empty list), and a
   * truncated page without a Marker would make the paginator stop early: both would pass a short
   * list off as complete.
   */
  private static void checkPage(String action, Boolean isTruncated, String marker)
      throws ReadException {
    if (isTruncated == null) {
      throw malformed(
          action + ": the response is not an IAM " + action + " result (it has no IsTruncated)",
          null);
    }
    if (isTruncated && (marker == null || marker.isEmpty())) {
      throw malformed(action + ": a page says more follow but gives no Marker", null);
    }
  }

  /** The account field of an ARN ({@code arn:partition:service:region:account:resource}). */
  private static String arnAccount(String arn) {
    if (arn == null) {
      return null;
    }
    String[] parts = arn.split(":", 6);
    return parts.length == 6 ? parts[4] : null;
  }

  private static ReadException malformed(String message, Throwable cause) {
    return new ReadException(
        OptionalInt.empty(), "MALFORMED_RESPONSE", message, true, Optional.empty(), cause);
  }

  private static ReadException translate(SdkException e, String action)
      throws InterruptedException {
    if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) {
      InterruptedException interrupted =
          new InterruptedException(action + " was interrupted (the scan deadline passed)");
      interrupted.initCause(e);
      throw interrupted;
    }
    return IamErrors.translate(e, action);
  }

  private static void checkInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted while reading IAM");
    }
  }
}
