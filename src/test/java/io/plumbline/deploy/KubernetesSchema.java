package io.plumbline.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a rendered object into the fabric8 model of its kind (generated from the Kubernetes OpenAPI
 * document and the Prometheus Operator's CRD schemas) and reports every field the schema does not
 * know. The models keep unknown fields in {@code additionalProperties} instead of refusing them, so
 * strictness is a walk over the whole object looking for any.
 */
final class KubernetesSchema {

  private static final Map<String, Class<?>> KINDS =
      Map.of(
          "v1/ConfigMap", ConfigMap.class,
          "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
          "v1/Service", Service.class,
          "v1/ServiceAccount", ServiceAccount.class,
          "apps/v1/Deployment", Deployment.class,
          "networking.k8s.io/v1/Ingress", Ingress.class,
          "networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class,
          "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
          "monitoring.coreos.com/v1/PrometheusRule", PrometheusRule.class,
          "monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class);

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private KubernetesSchema() {}

  /** What is wrong with the object against its kind's schema; empty when nothing is. */
  static List<String> problems(JsonNode object) {
    String kind = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
    Class<?> type = KINDS.get(kind);
    if (type == null) {
      return List.of("no schema for " + kind + " (the test knows " + KINDS.keySet() + ")");
    }
    Object typed;
    try {
      typed = MAPPER.treeToValue(object, type);
    } catch (Exception e) {
      return List.of(kind + " does not read as " + type.getSimpleName() + ": " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    walk(typed, kind, problems);
    return problems;
  }

  private static void walk(Object value, String path, List<String> problems) {
    if (value instanceof Collection<?> elements) {
      int index = 0;
      for (Object element : elements) {
        walk(element, path + "[" + index++ + "]", problems);
      }
      return;
    }
    if (value instanceof Map<?, ?> entries) {
      entries.forEach((key, entry) -> walk(entry, path + "." + key, problems));
      return;
    }
    if (value == null || !value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> type = value.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        boolean additional = field.getName().equals("additionalProperties");
        if (!additional && !field.isAnnotationPresent(JsonProperty.class)) {
          continue;
        }
        field.setAccessible(true);
        Object fieldValue;
        try {
          fieldValue = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        if (additional) {
          if (fieldValue instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
            problems.add(path + ": fields the schema does not know: " + unknown.keySet());
          }
        } else {
          walk(fieldValue, path + "." + field.getAnnotation(JsonProperty.class).value(), problems);
        }
      }
    }
  }
}
