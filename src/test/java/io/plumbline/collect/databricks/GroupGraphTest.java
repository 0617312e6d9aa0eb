package io.plumbline.collect.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.collect.databricks.GroupGraph.EffectiveMembers;
import io.plumbline.collect.databricks.GroupGraph.Member;
import io.plumbline.collect.databricks.GroupGraph.MemberKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Expansion of nested groups. The sandbox cannot serve a membership cycle (its integrity checks
 * reject one at load and on every PATCH, as Databricks does), so cycle safety is tested here, on
 * the expansion itself.
 */
class GroupGraphTest {

  private static Member user(String id) {
    return new Member(id, MemberKind.USER, id);
  }

  private static Member servicePrincipal(String id) {
    return new Member(id, MemberKind.SERVICE_PRINCIPAL, id);
  }

  private static Member group(String id) {
    return new Member(id, MemberKind.GROUP, id);
  }

  @Test
  @Timeout(5)
  void aMembershipCycleEndsAndBothGroupsReachEveryoneInIt() {
    Map<String, EffectiveMembers> effective =
        GroupGraph.expand(
            Map.of(
                "a", List.of(group("b"), user("alice")),
                "b", List.of(group("a"), user("bob"), servicePrincipal("ci"))));

    assertThat(effective.get("a").users()).containsExactly("alice", "bob");
    assertThat(effective.get("a").servicePrincipals()).containsExactly("ci");
    assertThat(effective.get("b").users()).containsExactly("alice", "bob");
  }

  @Test
  @Timeout(5)
  void aGroupContainingItselfEnds() {
    Map<String, EffectiveMembers> effective =
        GroupGraph.expand(Map.of("a", List.of(group("a"), user("alice"))));

    assertThat(effective.get("a").users()).containsExactly("alice");
  }

  @Test
  void nestingIsFollowedToAnyDepthAndSharedGroupsAreCountedOnce() {
    Map<String, EffectiveMembers> effective =
        GroupGraph.expand(
            Map.of(
                "top", List.of(group("left"), group("right")),
                "left", List.of(group("leaf"), user("u1")),
                "right", List.of(group("leaf")),
                "leaf", List.of(user("u2"), servicePrincipal("sp"))));

    assertThat(effective.get("top").users()).containsExactly("u1", "u2");
    assertThat(effective.get("top").servicePrincipals()).containsExactly("sp");
    assertThat(effective.get("right").users()).containsExactly("u2");
  }

  @Test
  void membersOfUnknownKindAndGroupsOutsideTheListAreNotGuessed() {
    Map<String, EffectiveMembers> effective =
        GroupGraph.expand(
            Map.of(
                "a",
                List.of(new Member("x", MemberKind.UNKNOWN, null), group("elsewhere"), user("u"))));

    assertThat(effective.get("a").users()).containsExactly("u");
    assertThat(effective.get("a").servicePrincipals()).isEmpty();
  }

  @Test
  void memberKindsComeFromScimReferences() {
    assertThat(MemberKind.ofReference("Users/123")).isEqualTo(MemberKind.USER);
    assertThat(MemberKind.ofReference("Groups/9")).isEqualTo(MemberKind.GROUP);
    assertThat(MemberKind.ofReference("ServicePrincipals/5"))
        .isEqualTo(MemberKind.SERVICE_PRINCIPAL);
    assertThat(
            MemberKind.ofReference(
                "https://accounts.cloud.databricks.com/api/2.0/accounts/a/scim/v2/Groups/9"))
        .isEqualTo(MemberKind.GROUP);
    assertThat(MemberKind.ofReference(null)).isEqualTo(MemberKind.UNKNOWN);
  }

  @Test
  @Timeout(10)
  void aLongChainWithACycleAtTheEndExpandsQuickly() {
    Map<String, List<Member>> chain = new HashMap<>();
    int length = 1_000;
    for (int index = 0; index < length; index++) {
      chain.put("g" + index, List.of(group("g" + ((index + 1) % length)), user("u" + index)));
    }
    long start = System.nanoTime();
    Map<String, EffectiveMembers> effective = GroupGraph.expand(chain);
    assertThat(effective.get("g0").users()).hasSize(length);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
