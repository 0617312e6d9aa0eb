package io.plumbline.sandbox;

import static io.plumbline.sandbox.EstateExpectations.list;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.ComplexValue;
import com.databricks.sdk.service.iam.Group;
import com.databricks.sdk.service.iam.ListAccountUsersRequest;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.User;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * SCIM offset paging at scale: the default estate plus 12,000 SCIM-provisioned users, all of them
 * members of one account group that is assigned to one workspace.
 */
@TestInstance(Lifecycle.PER_CLASS)
// a server that ignored startIndex would make the SDK page forever
@Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
class SandboxPagingTest {

  private static final int ADDED_USERS = 12_000;
  private static final String GROUP = "paging-everyone";
  private static final int PAGE_SIZE = SandboxOptions.DEFAULT_SCIM_PAGE_SIZE;

  private SandboxClients sandbox;
  private Set<String> addedUserIds;
  private Set<String> addedUserNames;
  private String groupId;
  private String workspaceName;

  @BeforeAll
  void startSandboxWithManyUsers() {
    ObjectNode document = EstateLoader.loadDefault().document().deepCopy();
    Set<String> takenIds = new HashSet<>();
    for (String kind : List.of("users", "groups", "service_principals")) {
      document.path(kind).forEach(item -> takenIds.add(item.path("id").asText()));
    }
    document
        .path("workspaces")
        .forEach(
            workspace ->
                workspace.path("groups").forEach(group -> takenIds.add(group.path("id").asText())));

    addedUserIds = new LinkedHashSet<>();
    addedUserNames = new LinkedHashSet<>();
    ObjectNode users = (ObjectNode) document.path("users");
    long nextId = 7_100_000_000_000L;
    for (int index = 0; index < ADDED_USERS; index++) {
      String id = Long.toString(nextId++);
      assertThat(takenIds.add(id)).as("id %s is free", id).isTrue();
      String userName = String.format("paging.user%05d@example.com", index);
      users
          .putObject(userName)
          .put("id", id)
          .put("displayName", "Paging User " + index)
          .put("externalId", "okta-paging-" + index);
      addedUserIds.add(id);
      addedUserNames.add(userName);
    }
    groupId = Long.toString(nextId);
    assertThat(takenIds.add(groupId)).isTrue();
    ObjectNode group = ((ObjectNode) document.path("groups")).putObject(GROUP);
    group.put("id", groupId);
    ArrayNode members = group.putObject("members").putArray("users");
    addedUserNames.forEach(members::add);

    workspaceName = document.path("workspaces").fieldNames().next();
    ObjectNode workspace = (ObjectNode) document.path("workspaces").path(workspaceName);
    ArrayNode assignments =
        workspace.has("permission_assignments")
            ? (ArrayNode) workspace.get("permission_assignments")
            : workspace.putArray("permission_assignments");
    ObjectNode assignment = assignments.addObject();
    assignment.put("group", GROUP);
    assignment.putArray("permissions").add("USER");

    sandbox = SandboxClients.start(SandboxOptions.of(EstateLoader.fromDocument(document, "test")));
  }

  @AfterAll
  void stopSandbox() {
    sandbox.close();
  }

  @BeforeEach
  void resetSandbox() {
    sandbox.reset();
  }

  private static long expectedPages(int resources) {
    // full and partial pages, then the empty page on which the SDK stops
    return (resources + PAGE_SIZE - 1) / PAGE_SIZE + 1;
  }

  @Test
  void sdkListsEveryAccountUserOnceInAboutOneHundredTwentyRequests() {
    int totalUsers = sandbox.document().path("users").size();
    assertThat(totalUsers).isGreaterThan(ADDED_USERS);

    List<User> users = list(sandbox.account().users().list(new ListAccountUsersRequest()));

    assertThat(users).hasSize(totalUsers);
    assertThat(users).extracting(User::getId).doesNotHaveDuplicates().containsAll(addedUserIds);
    assertThat(users)
        .filteredOn(user -> addedUserIds.contains(user.getId()))
        .allSatisfy(user -> assertThat(user.getExternalId()).startsWith("okta-paging-"));
    long pages = sandbox.requestCount(SandboxClients.ACCOUNT_USERS, 200);
    assertThat(pages).isEqualTo(expectedPages(totalUsers)).isBetween(120L, 130L);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_USERS)).isEqualTo(pages);
  }

  @Test
  void scimPagesAreDisjointAndCoverEveryUser() {
    int totalUsers = sandbox.document().path("users").size();
    Set<String> seen = new HashSet<>();
    int startIndex = 1;
    int requests = 0;
    while (true) {
      HttpResponse<String> response =
          sandbox.apiGet(
              sandbox.accountPath("/scim/v2/Users") + "?startIndex=" + startIndex + "&count=10000");
      requests++;
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode page = SandboxClients.parse(response.body());
      assertThat(page.path("totalResults").asInt()).isEqualTo(totalUsers);
      assertThat(page.path("startIndex").asInt()).isEqualTo(startIndex);
      JsonNode resources = page.path("Resources");
      assertThat(page.path("itemsPerPage").asInt()).isEqualTo(resources.size());
      if (resources.isEmpty()) {
        break;
      }
      assertThat(resources.size()).isLessThanOrEqualTo(PAGE_SIZE);
      for (JsonNode user : resources) {
        assertThat(seen.add(user.path("id").asText()))
            .as("user %s seen once", user.path("id").asText())
            .isTrue();
      }
      startIndex += resources.size();
      assertThat(requests).as("requests before the list ends").isLessThan(1_000);
    }
    assertThat(seen).hasSize(totalUsers).containsAll(addedUserIds);
    assertThat(requests).isEqualTo(expectedPages(totalUsers));
  }

  @Test
  void filteredListReturnsOnlyTheMatchingUser() {
    String userName = addedUserNames.stream().skip(ADDED_USERS / 2).findFirst().orElseThrow();

    List<User> users =
        list(
            sandbox
                .account()
                .users()
                .list(new ListAccountUsersRequest().setFilter("userName eq \"" + userName + "\"")));

    assertThat(users).extracting(User::getUserName).containsExactly(userName);
    assertThat(sandbox.requestCount(SandboxClients.ACCOUNT_USERS, 200)).isEqualTo(2);
  }

  @Test
  void groupGetReturnsEveryMemberExactlyOnce() {
    Group group = sandbox.account().groups().get(groupId);

    assertThat(group.getDisplayName()).isEqualTo(GROUP);
    assertThat(group.getMembers()).hasSize(ADDED_USERS);
    assertThat(group.getMembers())
        .extracting(ComplexValue::getValue)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(addedUserIds);
    assertThat(group.getMembers())
        .allSatisfy(member -> assertThat(member.getRef()).startsWith("Users/"));
  }

  @Test
  void workspaceScimListPagesThroughTheUsersOfAnAssignedGroup() {
    WorkspaceClient workspace = sandbox.workspace(workspaceName);
    int visible = new EstateExpectations(sandbox.document()).visibleUsers(workspaceName).size();
    assertThat(visible).isGreaterThanOrEqualTo(ADDED_USERS);

    List<User> users = list(workspace.users().list(new ListUsersRequest()));

    assertThat(users).hasSize(visible);
    assertThat(users)
        .extracting(User::getUserName)
        .doesNotHaveDuplicates()
        .containsAll(addedUserNames);
    assertThat(sandbox.requestCount(SandboxClients.WORKSPACE_USERS, 200))
        .isEqualTo(expectedPages(visible));
  }
}
