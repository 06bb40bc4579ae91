package io.raftcache.client;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.raftcache.client.internal.ClusterChannels;
import io.raftcache.proto.v1.ClusterGrpc;
import io.raftcache.proto.v1.Member;
import io.raftcache.proto.v1.NodeStatus;
import io.raftcache.proto.v1.Role;
import io.raftcache.proto.v1.StatusRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Asks every known node for its status at once, then any member they name that was not asked,
 * and lists them in the cluster file's order.
 */
final class StatusCollector {
  private final ClusterChannels channels;
  private final Duration timeout;
  /** Why each endpoint that did not answer failed. */
  private final Map<String, String> errors = new ConcurrentHashMap<>();

  StatusCollector(ClusterChannels channels, Duration timeout) {
    this.channels = channels;
    this.timeout = timeout;
  }

  CompletableFuture<List<MemberStatus>> collect() {
    return askAll(channels.endpoints()).thenCompose(first -> {
      List<String> unasked = first.values().stream()
          .flatMap(s -> s.map(NodeStatus::getMembersList).orElse(List.of()).stream())
          .map(Member::getClientEndpoint)
          .filter(e -> !e.isEmpty() && !first.containsKey(e))
          .distinct()
          .toList();
      return askAll(unasked).thenApply(second -> {
        Map<String, Optional<NodeStatus>> all = new LinkedHashMap<>(first);
        all.putAll(second);
        return order(all);
      });
    });
  }

  private CompletableFuture<Map<String, Optional<NodeStatus>>> askAll(List<String> endpoints) {
    Map<String, CompletableFuture<Optional<NodeStatus>>> asked = new LinkedHashMap<>();
    endpoints.forEach(e -> asked.put(e, ask(e)));
    return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, Optional<NodeStatus>> answers = new LinkedHashMap<>();
      asked.forEach((e, f) -> answers.put(e, f.join()));
      return answers;
    });
  }

  private CompletableFuture<Optional<NodeStatus>> ask(String endpoint) {
    CompletableFuture<Optional<NodeStatus>> answer = new CompletableFuture<>();
    ClusterGrpc.newStub(channels.channelTo(endpoint))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .status(StatusRequest.getDefaultInstance(), new StreamObserver<>() {
          @Override
          public void onNext(NodeStatus status) {
            answer.complete(Optional.of(status));
          }

          @Override
          public void onError(Throwable t) {
            errors.put(endpoint, t instanceof StatusRuntimeException e ? e.getStatus().getCode() + ": "
                + e.getStatus().getDescription() : t.toString());
            answer.complete(Optional.empty());
          }

          @Override
          public void onCompleted() {}
        });
    return answer;
  }

  /** Members in the order the cluster names them, then any endpoint no member claims. */
  private List<MemberStatus> order(Map<String, Optional<NodeStatus>> answers) {
    // The leader's list, else any member's: a node waiting to be added lists none.
    List<NodeStatus> answered = answers.values().stream().flatMap(Optional::stream).toList();
    List<Member> members = answered.stream().filter(s -> s.getRole() == Role.ROLE_LEADER).findFirst()
        .or(() -> answered.stream().filter(s -> s.getMembersCount() > 0).findFirst())
        .map(NodeStatus::getMembersList)
        .orElse(List.of());
    List<MemberStatus> out = new ArrayList<>();
    for (Member m : members) {
      Optional<NodeStatus> s = answers.getOrDefault(m.getClientEndpoint(), Optional.empty());
      out.add(s.map(status -> toMember(m.getClientEndpoint(), status))
          .orElseGet(() -> MemberStatus.unreachable(m.getClientEndpoint(), m.getNodeId(), m.getZone(),
              errors.getOrDefault(m.getClientEndpoint(), "not asked"))));
    }
    answers.forEach((endpoint, s) -> {
      if (members.stream().noneMatch(m -> m.getClientEndpoint().equals(endpoint))) {
        MemberStatus status = s.map(answer -> toMember(endpoint, answer))
            .orElseGet(() -> MemberStatus.unreachable(endpoint, MemberStatus.UNKNOWN_ID, MemberStatus.UNKNOWN_ID, errors.getOrDefault(endpoint, "no answer")));
        // With the members known, an endpoint none of them is belongs to a node outside the group.
        out.add(members.isEmpty() ? status : status.outsideTheGroup());
      }
    });
    return out;
  }

  private static MemberStatus toMember(String endpoint, NodeStatus s) {
    String role = s.getRole().name().replace("ROLE_", "");
    return new MemberStatus(endpoint, Optional.empty(), s.getNodeId(), s.getZone(), role, s.getLeaderId(),
        s.getLeaderReady(), s.getTerm(), s.getCommitIndex(), s.getAppliedIndex(), s.getDigest(), s.getKeyCount(),
        s.getSnapshotIndex(), s.getLogStartIndex(), new KeyspaceStats(s.getUsedMemory(), s.getMaxMemoryBytes(),
            s.getEvictionPolicy(), s.getKeyspaceHits(), s.getKeyspaceMisses(), s.getExpiredKeys(), s.getEvictedKeys()));
  }
}
