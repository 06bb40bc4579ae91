package io.raftcache.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** A YAML syntax error on one line: where it is, and what is wrong. */
final class YamlErrors {
  private YamlErrors() {}

  static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark at = yaml.getProblemMark();
      Mark from = yaml.getContextMark();
      String context = yaml.getContext() == null ? ""
          : " (" + yaml.getContext() + (from == null ? "" : " that starts on line " + (from.getLine() + 1)) + ")";
      return "line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ": not valid YAML: "
          + yaml.getProblem() + context;
    }
    String first = e.getOriginalMessage().lines().findFirst().orElse("").trim();
    return (e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ") + "not valid YAML: " + first;
  }
}
