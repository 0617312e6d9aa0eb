package io.plumbline.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IamStatementTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static IamStatement only(String document) {
    List<IamStatement> statements = IamStatement.of(json(document));
    assertThat(statements).hasSize(1);
    return statements.get(0);
  }

  @Test
  void aNormalisedDocumentAndIamShorthandReadAlike() {
    IamStatement normalised =
        only(
            """
            {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/*"]}]}
            """);
    IamStatement shorthand =
        only(
            """
            {"Version": "2012-10-17",
             "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}}
            """);

    assertThat(shorthand.getActions()).isEqualTo(normalised.getActions());
    assertThat(shorthand.getResources()).isEqualTo(normalised.getResources());
    assertThat(shorthand.isAllow()).isTrue();
  }

  @Test
  void aDocumentWithoutStatementsHasNone() {
    assertThat(IamStatement.of(null)).isEmpty();
    assertThat(IamStatement.of(json("null"))).isEmpty();
    assertThat(IamStatement.of(json("{\"Version\": \"2012-10-17\"}"))).isEmpty();
    assertThat(IamStatement.of(json("{\"Statement\": [\"not an object\"]}"))).isEmpty();
  }

  @Test
  void actionPatternsMatchCaseInsensitivelyWithIamWildcards() {
    assertThat(IamStatement.actionMatches("sts:AssumeRole", "sts:assumerole")).isTrue();
    assertThat(IamStatement.actionMatches("sts:*", "sts:AssumeRole")).isTrue();
    assertThat(IamStatement.actionMatches("*", "sts:AssumeRole")).isTrue();
    assertThat(IamStatement.actionMatches("sts:Assume*", "sts:AssumeRoleWithSAML")).isTrue();
    assertThat(IamStatement.actionMatches("ec2:Describe?pcs", "ec2:DescribeVpcs")).isTrue();
    assertThat(IamStatement.actionMatches("sts:AssumeRole", "sts:AssumeRoleWithSAML")).isFalse();
    assertThat(IamStatement.actionMatches("s3.*", "s3:GetObject"))
        .as("a dot is a dot, not a regular expression")
        .isFalse();
  }

  @Test
  void notActionCoversEveryActionItDoesNotName() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": ["*"]}]}
            """);

    assertThat(statement.coversAction("s3:DeleteBucket")).isTrue();
    assertThat(statement.coversAction("iam:CreateUser")).isFalse();
    assertThat(statement.isAnyAction()).isTrue();
    assertThat(statement.getWildcardActions()).containsExactly("NotAction:iam:*");
  }

  @Test
  void aDenyAllowsNothing() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Deny", "Action": ["*"], "Resource": ["*"]}]}
            """);

    assertThat(statement.coversAction("s3:GetObject")).isTrue();
    assertThat(statement.allowsAction("s3:GetObject")).isFalse();
  }

  @Test
  void wildcardActionsAndResourcesAreNamed() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:*", "s3:GetObject"],
                            "Resource": ["*"]}]}
            """);

    assertThat(statement.getWildcardActions()).containsExactly("ec2:Describe*", "s3:*");
    assertThat(statement.isAnyAction()).isFalse();
    assertThat(statement.isAnyResource()).isTrue();
  }

  @Test
  void aNotResourceAppliesToEveryOtherResource() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],
                            "NotResource": ["arn:aws:s3:::secret/*"]}]}
            """);

    assertThat(statement.isAnyResource()).isTrue();
  }

  @Test
  void actionsOutsideAnAllowedSetIncludeWildcardsUnlessNamedThemselves() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow",
                            "Action": ["ec2:describeinstances", "ec2:Describe*", "s3:GetObject"],
                            "Resource": ["*"]}]}
            """);

    assertThat(statement.actionsOutside(Set.of("ec2:DescribeInstances")))
        .containsExactly("ec2:Describe*", "s3:GetObject");
    assertThat(statement.actionsOutside(Set.of("ec2:DescribeInstances", "ec2:Describe*")))
        .containsExactly("s3:GetObject");
  }

  @Test
  void principalAccountsComeFromArnsAndBareAccountIds() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"],
              "Principal": {"AWS": ["arn:aws:iam::414351767826:root",
                                    "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole",
                                    "444455556666", "AROAEXAMPLEID"],
                            "Service": ["ec2.amazonaws.com"]}}]}
            """);

    assertThat(statement.getPrincipalAccountIds()).containsExactly("414351767826", "444455556666");
    assertThat(statement.getServicePrincipals()).containsExactly("ec2.amazonaws.com");
    assertThat(statement.isAnyPrincipal()).isFalse();
  }

  @Test
  void aStarPrincipalIsAnyPrincipalWhetherBareOrUnderAws() {
    assertThat(
            only("""
                    {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": "*"}]}
                    """)
                .isAnyPrincipal())
        .isTrue();
    assertThat(
            only("""
                    {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                    "Principal": {"AWS": "*"}}]}
                    """)
                .isAnyPrincipal())
        .isTrue();
    assertThat(
            only("""
                    {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                    "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}]}
                    """)
                .hasNotPrincipal())
        .isTrue();
  }

  @Test
  void exactConditionValuesComeFromEqualityAndFromLikeWithoutWildcards() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"],
              "Principal": {"AWS": ["arn:aws:iam::414351767826:root"]},
              "Condition": {"StringEquals": {"sts:externalid": ["c0ffee00"]},
                            "StringLike": {"sts:ExternalId": ["abc", "prefix-*"]},
                            "ArnLike": {"aws:SourceArn": ["arn:aws:iam::*:role/x"]}}}]}
            """);

    assertThat(statement.exactConditionValues("sts:ExternalId")).containsExactly("c0ffee00", "abc");
    assertThat(statement.conditionValues("STS:EXTERNALID"))
        .containsExactly("c0ffee00", "abc", "prefix-*");
    assertThat(statement.exactConditionValues("aws:SourceArn")).isEmpty();
    assertThat(statement.hasCondition()).isTrue();
  }

  @Test
  void aWildcardOnlyExternalIdIsNoExternalId() {
    IamStatement statement =
        only(
            """
            {"Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"],
              "Principal": {"AWS": ["arn:aws:iam::414351767826:root"]},
              "Condition": {"StringLike": {"sts:ExternalId": ["*"]}}}]}
            """);

    assertThat(statement.exactConditionValues("sts:ExternalId")).isEmpty();
  }

  @Test
  void theStatementIsKeptAsWrittenForEvidence() {
    String text = "{\"Action\":[\"s3:*\"],\"Effect\":\"Allow\",\"Resource\":[\"*\"]}";
    IamStatement statement = only("{\"Statement\": [" + text + "]}");

    assertThat(statement.getJson()).isEqualTo(json(text));
  }
}
