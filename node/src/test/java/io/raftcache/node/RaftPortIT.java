package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.raftcache.client.CacheClient;
import io.raftcache.client.SetOptions;
import io.raftcache.node.raft.RaftStatus;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.SetRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 2: the forged-entry program, a Ratis client that knows nothing but the cluster's
 * name and its Raft ports. Before, it appended an entry with a 20,000-byte key, broke every TTL
 * with one entry stamped a century ahead, and moved the leadership. Each attack must be refused,
 * and TTLs and sessions stay as they were.
 */
class RaftPortIT {
  private static final long HUNDRED_YEARS = Duration.ofDays(36_500).toMillis();

  @TempDir
  Path dir;

  private static RaftClient attacker(MiniCluster cluster, String leader) {
    RaftGroupId groupId = RaftGroupId.valueOf(
        UUID.nameUUIDFromBytes("raftcache:mini".getBytes(StandardCharsets.UTF_8)));
    RaftGroup group = RaftGroup.valueOf(groupId, List.of("n1", "n2", "n3").stream()
        .map(cluster::node)
        .map(n -> RaftPeer.newBuilder().setId(n.id()).setAddress(n.raftAddress()).build())
        .toList());
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, TimeDuration.valueOf(2, TimeUnit.SECONDS));
    return RaftClient.newBuilder().setRaftGroup(group).setLeaderId(RaftPeerId.valueOf(leader))
        .setProperties(properties).setRetryPolicy(RetryPolicies.noRetry()).build();
  }

  private static Message set(ByteString key, long leaderTimeMs) {
    LogCommand forged = LogCommand.newBuilder().setLeaderTimeMs(leaderTimeMs)
        .setSet(SetRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("forged"))).build();
    return Message.valueOf(UnsafeByteOperations.unsafeWrap(forged.toByteArray()));
  }

  @Test
  void forgedEntryProgram_everyAttackRefused_ttlsAndSessionsUnchanged() throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, MiniCluster.fastTunables());
        CacheClient client = cluster.client()) {
      String leader = cluster.awaitLeader();
      client.set("short", "v", SetOptions.ttl(Duration.ofSeconds(3)));
      client.set("session:42", "alice", SetOptions.ttl(Duration.ofMinutes(30)));
      RaftStatus before = cluster.status(leader);
      String follower = leader.equals("n1") ? "n2" : "n1";

      try (RaftClient attacker = attacker(cluster, leader)) {
        assertThatThrownBy(() -> attacker.io().send(set(ByteString.copyFrom(new byte[20_000]), System.currentTimeMillis())))
            .as("an oversized key").hasStackTraceContaining("PERMISSION_DENIED");
        assertThatThrownBy(() -> attacker.io().send(set(ByteString.copyFromUtf8("k"), System.currentTimeMillis() + HUNDRED_YEARS)))
            .as("a stamp a century ahead").hasStackTraceContaining("PERMISSION_DENIED");
        assertThatThrownBy(() -> attacker.admin().transferLeadership(RaftPeerId.valueOf(follower), 2_000))
            .as("a leadership transfer").hasStackTraceContaining("PERMISSION_DENIED");
        assertThatThrownBy(() -> attacker.getGroupManagementApi(RaftPeerId.valueOf(leader)).list())
            .as("listing the groups").hasStackTraceContaining("PERMISSION_DENIED");
      }

      RaftStatus after = cluster.status(leader);
      assertThat(cluster.readyLeader()).contains(leader);
      assertThat(after.term()).isEqualTo(before.term());
      assertThat(after.progress().revision()).as("nothing applied").isEqualTo(before.progress().revision());
      assertThat(client.ttl("session:42").remaining()).isGreaterThan(Duration.ofMinutes(29));
      await().atMost(Duration.ofSeconds(10)).until(() -> client.get("short").isEmpty());
      assertThat(client.get("session:42")).contains("alice");
    }
  }
}
