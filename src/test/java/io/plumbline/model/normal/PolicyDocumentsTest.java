package io.plumbline.model.normal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolicyDocumentsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void decodesRfc3986EncodingKeepingALiteralPlus() throws Exception {
    // as IAM sends it: %2B for '+', %20 for a space
    String encoded =
        "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C"
            + "%22Action%22%3A%22s3%3AGetObject%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3A"
            + "a%2Bb%20c%2F%2A%22%7D%7D";

    JsonNode document = PolicyDocuments.decode(encoded, "test document");

    assertThat(document.at("/Statement/Resource").asText()).isEqualTo("arn:aws:s3:::a+b c/*");
  }

  @Test
  void anUnencodedPlusIsLiteralTooNotASpace() throws Exception {
    String encoded = "%7B%22Sid%22%3A%22a+b%22%7D";

    assertThat(PolicyDocuments.decode(encoded, "test").path("Sid").asText()).isEqualTo("a+b");
  }

  @Test
  void aDocumentAlreadyDecodedIsReadAsItIs() throws Exception {
    assertThat(PolicyDocuments.decode("{\"Sid\":\"100%\"}", "test").path("Sid").asText())
        .isEqualTo("100%");
  }

  @Test
  void malformedDocumentsSayWhichDocumentAndWhy() {
    assertThatThrownBy(() -> PolicyDocuments.decode("%7B%22Version", "trust policy of role x"))
        .isInstanceOf(PolicyDocuments.MalformedDocumentException.class)
        .hasMessageStartingWith("trust policy of role x is not valid JSON");
    assertThatThrownBy(() -> PolicyDocuments.decode("%ZZ", "inline policy p"))
        .isInstanceOf(PolicyDocuments.MalformedDocumentException.class)
        .hasMessageStartingWith("inline policy p is not validly percent-encoded");
    assertThatThrownBy(() -> PolicyDocuments.decode("%5B1%5D", "policy q"))
        .isInstanceOf(PolicyDocuments.MalformedDocumentException.class)
        .hasMessageStartingWith("policy q is not a JSON object");
  }

  @Test
  void aSingleStringAndAOneElementListAreTheSame() throws Exception {
    JsonNode single =
        json(
            "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:GetObject',"
                + "'Resource':'arn:aws:s3:::b/*','Principal':{'AWS':'arn:aws:iam::1:root'},"
                + "'Condition':{'StringEquals':{'sts:ExternalId':'x'}}}}");
    JsonNode lists =
        json(
            "{'Statement':[{'Condition':{'StringEquals':{'sts:ExternalId':['x']}},"
                + "'Principal':{'AWS':['arn:aws:iam::1:root']},'Resource':['arn:aws:s3:::b/*'],"
                + "'Action':['s3:GetObject'],'Effect':'Allow'}],'Version':'2012-10-17'}");

    assertThat(PolicyDocuments.normalize(single)).isEqualTo(PolicyDocuments.normalize(lists));
    assertThat(PolicyDocuments.normalize(single).at("/Statement/0/Action"))
        .isEqualTo(json("['s3:GetObject']"));
  }

  @Test
  void orderOfStatementsActionsAndResourcesDoesNotMatterButDuplicatesGo() throws Exception {
    JsonNode first =
        json(
            "{'Version':'2012-10-17','Statement':["
                + "{'Effect':'Allow','Action':['s3:PutObject','s3:GetObject','s3:GetObject'],"
                + "'Resource':['arn:b','arn:a']},"
                + "{'Effect':'Deny','NotAction':'iam:*','NotResource':'*'}]}");
    JsonNode second =
        json(
            "{'Version':'2012-10-17','Statement':["
                + "{'Effect':'Deny','NotAction':['iam:*'],'NotResource':['*']},"
                + "{'Resource':['arn:a','arn:b'],'Action':['s3:GetObject','s3:PutObject'],"
                + "'Effect':'Allow'}]}");

    JsonNode normalized = PolicyDocuments.normalize(first);

    assertThat(normalized).isEqualTo(PolicyDocuments.normalize(second));
    assertThat(normalized.toString())
        .isEqualTo(
            "{\"Statement\":[{\"Action\":[\"s3:GetObject\",\"s3:PutObject\"],\"Effect\":\"Allow\","
                + "\"Resource\":[\"arn:a\",\"arn:b\"]},{\"Effect\":\"Deny\",\"NotAction\":"
                + "[\"iam:*\"],\"NotResource\":[\"*\"]}],\"Version\":\"2012-10-17\"}");
  }

  @Test
  void aWildcardPrincipalStaysAString() throws Exception {
    JsonNode normalized =
        PolicyDocuments.normalize(
            json("{'Statement':[{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'}]}"));

    assertThat(normalized.at("/Statement/0/Principal").isTextual()).isTrue();
    assertThat(normalized.at("/Statement/0/Principal").asText()).isEqualTo("*");
  }

  @Test
  void aRealDifferenceStaysADifference() throws Exception {
    JsonNode withExternalId =
        json(
            "{'Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::1:root'},"
                + "'Action':'sts:AssumeRole','Condition':{'StringEquals':{'sts:ExternalId':'x'}}}]}");
    JsonNode without =
        json(
            "{'Statement':[{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::1:root'},"
                + "'Action':'sts:AssumeRole'}]}");

    assertThat(PolicyDocuments.normalize(withExternalId))
        .isNotEqualTo(PolicyDocuments.normalize(without));
  }

  @Test
  void normalisingDoesNotChangeTheArgumentAndIsIdempotent() throws Exception {
    JsonNode original =
        json("{'Version':'2012-10-17','Statement':{'Action':'a','Effect':'Allow'}}");
    JsonNode copy = original.deepCopy();

    JsonNode once = PolicyDocuments.normalize(original);

    assertThat(original).isEqualTo(copy);
    assertThat(PolicyDocuments.normalize(once)).isEqualTo(once);
  }

  @Test
  void decodeNormalizedRoundTripsWhatTheEmulatorEncodes() throws Exception {
    JsonNode document =
        json(
            "{'Version':'2012-10-17','Statement':{'Effect':'Allow','Action':'s3:*','Resource':'*'}}");
    String encoded =
        URLEncoder.encode(JSON.writeValueAsString(document), StandardCharsets.UTF_8)
            .replace("+", "%20");

    assertThat(PolicyDocuments.decodeNormalized(encoded, "test"))
        .isEqualTo(PolicyDocuments.normalize(document));
  }

  private static JsonNode json(String singleQuoted) throws Exception {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }
}
