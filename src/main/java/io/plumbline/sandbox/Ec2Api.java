package io.plumbline.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The EC2 emulator: the read-only Describe actions plumbline collects, in EC2's Query protocol
 * (version 2016-11-15: no Result wrapper, lowerCamel names, {@code item} lists), from the {@code
 * ec2} section of an estate. Lists page with MaxResults/NextToken; a page that ends exactly at the
 * end of the list still carries a token, whose page is empty, as EC2 sometimes does.
 */
public final class Ec2Api {

  static final String VERSION = "2016-11-15";
  private static final String NAMESPACE = "http://ec2.amazonaws.com/doc/" + VERSION + "/";

  /** One Describe action: its estate collection, id parameter, filters and item writer. */
  private record Action(
      String section,
      String idParameter,
      String setElement,
      int largestPage,
      Map<String, FilterValue> filters,
      BiConsumer<Item, AwsXml> writer) {}

  @FunctionalInterface
  private interface FilterValue {
    Set<String> of(Item item);
  }

  /** An estate item with its id and the AWS account id the estate runs in. */
  private record Item(String id, JsonNode node, String ownerId) {
    String text(String field) {
      JsonNode value = node.path(field);
      return value.isMissingNode() || value.isNull() ? null : value.asText();
    }
  }

  private static final Map<String, Action> ACTIONS = actions();

  public Ec2Api() {}

  /** An EC2 error response, as the fault injector and the handler send them. */
  public static SandboxResponse error(int status, String code, String message) {
    String requestId = UUID.randomUUID().toString();
    AwsXml xml =
        new AwsXml()
            .raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
            .open("Response")
            .open("Errors")
            .open("Error")
            .element("Code", code)
            .element("Message", message)
            .close("Error")
            .close("Errors")
            .element("RequestID", requestId)
            .close("Response");
    return SandboxResponse.xml(status, xml.toString());
  }

  /** The Action parameter of a request, or "". */
  public static String action(SandboxRequest request) {
    return parameters(request).getOrDefault("Action", "");
  }

  public SandboxResponse handle(SandboxRequest request, JsonNode estate) {
    requireNonNull(request, "request is null");
    Map<String, String> parameters = parameters(request);
    String name = parameters.getOrDefault("Action", "");
    Action action = ACTIONS.get(name);
    if (action == null) {
      return error(
          400, "InvalidAction", "The action " + name + " is not valid for this web service.");
    }
    if (!VERSION.equals(parameters.get("Version"))) {
      return error(400, "InvalidParameterValue", "Version must be " + VERSION);
    }
    String ownerId = estate.path("account").path("aws_account_id").asText();
    try {
      List<Item> items = new ArrayList<>();
      JsonNode collection =
          action.section().equals("security_group_rules")
              ? securityGroupRules(estate)
              : estate.path("ec2").path(action.section());
      collection
          .properties()
          .forEach(entry -> items.add(new Item(entry.getKey(), entry.getValue(), ownerId)));
      List<Item> selected = select(items, action, parameters);
      int offset = offset(parameters.get("NextToken"));
      String maxResults = parameters.get("MaxResults");
      int end = selected.size();
      boolean more = false;
      if (maxResults != null) {
        int size = pageSize(maxResults, action.largestPage());
        end = (int) Math.min(selected.size(), (long) offset + size);
        // a full page ending at the end of the list still carries a token: the next is empty
        more = end < selected.size() || (offset < selected.size() && end - offset == size);
      }
      AwsXml xml =
          new AwsXml()
              .raw("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
              .raw("<" + name + "Response xmlns=\"" + NAMESPACE + "\">")
              .element("requestId", UUID.randomUUID().toString())
              .open(action.setElement());
      for (int index = Math.min(offset, selected.size()); index < end; index++) {
        xml.open("item");
        action.writer().accept(selected.get(index), xml);
        xml.close("item");
      }
      xml.close(action.setElement());
      if (more) {
        xml.element("nextToken", token(end));
      }
      xml.raw("</" + name + "Response>");
      return SandboxResponse.xml(200, xml.toString());
    } catch (Ec2Error e) {
      return error(400, e.code, e.getMessage());
    }
  }

  private static List<Item> select(List<Item> items, Action action, Map<String, String> params) {
    Set<String> ids = numbered(params, action.idParameter() + ".");
    Map<String, Set<String>> filters = new LinkedHashMap<>();
    for (int index = 1; params.containsKey("Filter." + index + ".Name"); index++) {
      String filter = params.get("Filter." + index + ".Name");
      if (!action.filters().containsKey(filter)) {
        throw new Ec2Error("InvalidParameterValue", "The filter '" + filter + "' is invalid");
      }
      filters
          .computeIfAbsent(filter, key -> new LinkedHashSet<>())
          .addAll(numbered(params, "Filter." + index + ".Value."));
    }
    List<Item> selected = new ArrayList<>();
    for (Item item : items) {
      if (!ids.isEmpty() && !ids.contains(item.id())) {
        continue;
      }
      boolean matches = true;
      for (Map.Entry<String, Set<String>> filter : filters.entrySet()) {
        Set<String> values = action.filters().get(filter.getKey()).of(item);
        if (values.stream().noneMatch(filter.getValue()::contains)) {
          matches = false;
        }
      }
      if (matches) {
        selected.add(item);
      }
    }
    if (!ids.isEmpty()) {
      for (String id : ids) {
        if (items.stream().noneMatch(item -> item.id().equals(id))) {
          throw new Ec2Error(
              notFoundCode(action.idParameter()),
              "The " + action.idParameter() + " '" + id + "' does not exist");
        }
      }
    }
    return selected;
  }

  private static String notFoundCode(String idParameter) {
    return switch (idParameter) {
      case "VpcId" -> "InvalidVpcID.NotFound";
      case "SubnetId" -> "InvalidSubnetID.NotFound";
      case "GroupId" -> "InvalidGroup.NotFound";
      case "RouteTableId" -> "InvalidRouteTableID.NotFound";
      case "VpcPeeringConnectionId" -> "InvalidVpcPeeringConnectionID.NotFound";
      case "VpcEndpointId" -> "InvalidVpcEndpointId.NotFound";
      default -> "InvalidParameterValue";
    };
  }

  private static Set<String> numbered(Map<String, String> params, String prefix) {
    Set<String> values = new LinkedHashSet<>();
    for (int index = 1; params.containsKey(prefix + index); index++) {
      values.add(params.get(prefix + index));
    }
    return values;
  }

  private static int pageSize(String text, int largest) {
    int size;
    try {
      size = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new Ec2Error("InvalidParameterValue", "Invalid value '" + text + "' for MaxResults");
    }
    if (size < 5 || size > largest) {
      throw new Ec2Error(
          "InvalidParameterValue",
          "Value ( "
              + text
              + " ) for parameter maxResults is invalid. Expecting a value between 5 and "
              + largest
              + ".");
    }
    return size;
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("ec2:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith("ec2:")) {
        int offset = Integer.parseInt(decoded.substring(4));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException notOurs) {
      // below
    }
    throw new Ec2Error("InvalidNextToken", "The token '" + token + "' is invalid");
  }

  private static Map<String, String> parameters(SandboxRequest request) {
    Map<String, String> values = new LinkedHashMap<>();
    request.query().forEach((name, list) -> putFirst(values, name, list));
    SandboxRequest.parseForm(request.bodyText())
        .forEach((name, list) -> putFirst(values, name, list));
    return values;
  }

  private static void putFirst(Map<String, String> values, String name, List<String> list) {
    if (!list.isEmpty()) {
      values.putIfAbsent(name, list.get(0));
    }
  }

  // ---- the actions -------------------------------------------------------------------------

  private static Map<String, Action> actions() {
    Map<String, Action> actions = new LinkedHashMap<>();
    actions.put(
        "DescribeVpcs",
        new Action(
            "vpcs",
            "VpcId",
            "vpcSet",
            1000,
            Map.of("vpc-id", item -> Set.of(item.id())),
            (item, xml) -> {
              xml.element("vpcId", item.id())
                  .element("ownerId", owner(item))
                  .element("state", item.node().path("state").asText("available"))
                  .element("cidrBlock", item.text("cidr_block"))
                  .element(
                      "isDefault", String.valueOf(item.node().path("is_default").asBoolean(false)));
              tags(xml, item.node());
            }));
    actions.put(
        "DescribeSubnets",
        new Action(
            "subnets",
            "SubnetId",
            "subnetSet",
            1000,
            Map.of(
                "vpc-id", item -> one(item.text("vpc_id")),
                "subnet-id", item -> Set.of(item.id())),
            (item, xml) -> {
              xml.element("subnetId", item.id())
                  .element("state", "available")
                  .element("vpcId", item.text("vpc_id"))
                  .element("cidrBlock", item.text("cidr_block"))
                  .element("availabilityZone", item.text("availability_zone"))
                  .element("mapPublicIpOnLaunch", bool(item.node(), "map_public_ip_on_launch"))
                  .element("ownerId", owner(item));
              tags(xml, item.node());
            }));
    actions.put(
        "DescribeSecurityGroups",
        new Action(
            "security_groups",
            "GroupId",
            "securityGroupInfo",
            1000,
            Map.of(
                "vpc-id", item -> one(item.text("vpc_id")),
                "group-id", item -> Set.of(item.id())),
            Ec2Api::writeSecurityGroup));
    actions.put(
        "DescribeSecurityGroupRules",
        new Action(
            "security_group_rules",
            "SecurityGroupRuleId",
            "securityGroupRuleSet",
            1000,
            Map.of("group-id", item -> one(item.text("group_id"))),
            Ec2Api::writeSecurityGroupRule));
    actions.put(
        "DescribeVpcPeeringConnections",
        new Action(
            "vpc_peering_connections",
            "VpcPeeringConnectionId",
            "vpcPeeringConnectionSet",
            1000,
            Map.of(
                "requester-vpc-info.vpc-id",
                item -> one(item.node().path("requester").path("vpc_id").asText(null)),
                "accepter-vpc-info.vpc-id",
                item -> one(item.node().path("accepter").path("vpc_id").asText(null))),
            (item, xml) -> {
              xml.element("vpcPeeringConnectionId", item.id());
              peer(xml, "requesterVpcInfo", item.node().path("requester"), owner(item));
              peer(xml, "accepterVpcInfo", item.node().path("accepter"), owner(item));
              xml.open("status")
                  .element("code", item.node().path("status").asText("active"))
                  .close("status");
              tags(xml, item.node());
            }));
    actions.put(
        "DescribeVpcEndpoints",
        new Action(
            "vpc_endpoints",
            "VpcEndpointId",
            "vpcEndpointSet",
            1000,
            Map.of("vpc-id", item -> one(item.text("vpc_id"))),
            Ec2Api::writeVpcEndpoint));
    actions.put(
        "DescribeRouteTables",
        new Action(
            "route_tables",
            "RouteTableId",
            "routeTableSet",
            100,
            Map.of("vpc-id", item -> one(item.text("vpc_id"))),
            Ec2Api::writeRouteTable));
    return Map.copyOf(actions);
  }

  /**
   * The security group rules of the estate, one item per rule of every group's {@code ingress} and
   * {@code egress}, as DescribeSecurityGroupRules lists them.
   */
  static JsonNode securityGroupRules(JsonNode estate) {
    com.fasterxml.jackson.databind.node.ObjectNode rules =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    estate
        .path("ec2")
        .path("security_groups")
        .properties()
        .forEach(
            group -> {
              for (String direction : List.of("ingress", "egress")) {
                for (JsonNode rule : group.getValue().path(direction)) {
                  com.fasterxml.jackson.databind.node.ObjectNode copy =
                      ((com.fasterxml.jackson.databind.node.ObjectNode) rule).deepCopy();
                  copy.remove("rule_id");
                  copy.put("group_id", group.getKey());
                  copy.put("is_egress", direction.equals("egress"));
                  rules.set(rule.path("rule_id").asText(), copy);
                }
              }
            });
    return rules;
  }

  private static void writeSecurityGroup(Item item, AwsXml xml) {
    JsonNode group = item.node();
    xml.element("ownerId", owner(item))
        .element("groupId", item.id())
        .element("groupName", item.text("group_name"))
        .element("groupDescription", item.text("description"))
        .element("vpcId", item.text("vpc_id"));
    permissions(xml, "ipPermissions", group.path("ingress"));
    permissions(xml, "ipPermissionsEgress", group.path("egress"));
    tags(xml, group);
  }

  /**
   * The legacy view of the rules: one permission per rule (AWS would merge; plumbline reads rules).
   */
  private static void permissions(AwsXml xml, String element, JsonNode rules) {
    xml.open(element);
    for (JsonNode rule : rules) {
      xml.open("item").element("ipProtocol", rule.path("ip_protocol").asText("-1"));
      if (rule.has("from_port")) {
        xml.element("fromPort", rule.path("from_port").asText());
        xml.element("toPort", rule.path("to_port").asText());
      }
      xml.open("groups");
      if (rule.has("referenced_group_id")) {
        xml.open("item")
            .element("groupId", rule.path("referenced_group_id").asText())
            .close("item");
      }
      xml.close("groups").open("ipRanges");
      if (rule.has("cidr_ipv4")) {
        xml.open("item").element("cidrIp", rule.path("cidr_ipv4").asText()).close("item");
      }
      xml.close("ipRanges").open("ipv6Ranges");
      if (rule.has("cidr_ipv6")) {
        xml.open("item").element("cidrIpv6", rule.path("cidr_ipv6").asText()).close("item");
      }
      xml.close("ipv6Ranges").open("prefixListIds");
      if (rule.has("prefix_list_id")) {
        xml.open("item")
            .element("prefixListId", rule.path("prefix_list_id").asText())
            .close("item");
      }
      xml.close("prefixListIds").close("item");
    }
    xml.close(element);
  }

  private static void writeSecurityGroupRule(Item item, AwsXml xml) {
    JsonNode rule = item.node();
    xml.element("securityGroupRuleId", item.id())
        .element("groupId", item.text("group_id"))
        .element("groupOwnerId", owner(item))
        .element("isEgress", String.valueOf(rule.path("is_egress").asBoolean()))
        .element("ipProtocol", rule.path("ip_protocol").asText("-1"));
    // "-1" (all protocols) has no ports: AWS sends -1 for both
    xml.element("fromPort", rule.path("from_port").asText("-1"))
        .element("toPort", rule.path("to_port").asText("-1"))
        .element("cidrIpv4", item.text("cidr_ipv4"))
        .element("cidrIpv6", item.text("cidr_ipv6"))
        .element("prefixListId", item.text("prefix_list_id"));
    if (rule.has("referenced_group_id")) {
      xml.open("referencedGroupInfo")
          .element("groupId", item.text("referenced_group_id"))
          .element("userId", owner(item))
          .close("referencedGroupInfo");
    }
    xml.element("description", item.text("description"));
    tags(xml, rule);
  }

  private static void writeVpcEndpoint(Item item, AwsXml xml) {
    JsonNode endpoint = item.node();
    xml.element("vpcEndpointId", item.id())
        .element("vpcEndpointType", item.text("vpc_endpoint_type"))
        .element("vpcId", item.text("vpc_id"))
        .element("serviceName", item.text("service_name"))
        // lower camel on the wire while the SDK's enum says Available
        .element("state", endpoint.path("state").asText("available"));
    if (endpoint.has("policy")) {
      xml.element("policyDocument", endpoint.path("policy").toString());
    }
    list(xml, "routeTableIdSet", endpoint.path("route_table_ids"));
    list(xml, "subnetIdSet", endpoint.path("subnet_ids"));
    xml.open("groupSet");
    for (JsonNode group : endpoint.path("security_group_ids")) {
      xml.open("item").element("groupId", group.asText()).close("item");
    }
    xml.close("groupSet")
        .element("privateDnsEnabled", bool(endpoint, "private_dns_enabled"))
        .element("ownerId", owner(item));
    tags(xml, endpoint);
  }

  private static void writeRouteTable(Item item, AwsXml xml) {
    JsonNode table = item.node();
    xml.element("routeTableId", item.id())
        .element("vpcId", item.text("vpc_id"))
        .element("ownerId", owner(item))
        .open("routeSet");
    for (JsonNode route : table.path("routes")) {
      xml.open("item")
          .element("destinationCidrBlock", text(route, "cidr_block"))
          .element("destinationIpv6CidrBlock", text(route, "ipv6_cidr_block"))
          .element("destinationPrefixListId", text(route, "destination_prefix_list_id"))
          .element("gatewayId", text(route, "gateway_id"))
          .element("natGatewayId", text(route, "nat_gateway_id"))
          .element("vpcPeeringConnectionId", text(route, "vpc_peering_connection_id"))
          .element("transitGatewayId", text(route, "transit_gateway_id"))
          .element("networkInterfaceId", text(route, "network_interface_id"))
          .element("state", "active")
          .element("origin", "CreateRoute")
          .close("item");
    }
    xml.close("routeSet").open("associationSet");
    int index = 0;
    if (table.path("main").asBoolean(false)) {
      xml.open("item")
          .element("main", "true")
          .element("routeTableAssociationId", "rtbassoc-main" + item.id().substring(4))
          .element("routeTableId", item.id())
          .close("item");
    }
    for (JsonNode subnet : table.path("subnet_ids")) {
      xml.open("item")
          .element("main", "false")
          .element("routeTableAssociationId", "rtbassoc-" + (index++) + item.id().substring(4))
          .element("routeTableId", item.id())
          .element("subnetId", subnet.asText())
          .open("associationState")
          .element("state", "associated")
          .close("associationState")
          .close("item");
    }
    xml.close("associationSet");
    tags(xml, table);
  }

  private static void peer(AwsXml xml, String element, JsonNode info, String defaultOwner) {
    xml.open(element)
        .element("vpcId", text(info, "vpc_id"))
        .element("ownerId", info.path("owner_id").asText(defaultOwner))
        .element("cidrBlock", text(info, "cidr_block"))
        .element("region", text(info, "region"))
        .close(element);
  }

  private static void list(AwsXml xml, String element, JsonNode values) {
    xml.open(element);
    for (JsonNode value : values) {
      xml.element("item", value.asText());
    }
    xml.close(element);
  }

  /** Tags are left out altogether when there are none, as EC2 does. */
  private static void tags(AwsXml xml, JsonNode node) {
    JsonNode tags = node.path("tags");
    if (!tags.isObject() || tags.isEmpty()) {
      return;
    }
    xml.open("tagSet");
    tags.properties()
        .forEach(
            tag ->
                xml.open("item")
                    .element("key", tag.getKey())
                    .element("value", tag.getValue().asText())
                    .close("item"));
    xml.close("tagSet");
  }

  private static String owner(Item item) {
    return item.node().path("owner_id").asText(item.ownerId());
  }

  private static String bool(JsonNode node, String field) {
    return node.has(field) ? String.valueOf(node.path(field).asBoolean()) : null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }

  private static Set<String> one(String value) {
    return value == null ? Set.of() : Set.of(value);
  }

  private static final class Ec2Error extends RuntimeException {
    private final String code;

    Ec2Error(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
