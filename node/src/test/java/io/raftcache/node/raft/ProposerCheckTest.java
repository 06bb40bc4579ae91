package io.raftcache.node.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.node.watch.ChangeFeed;
import java.nio.file.Path;
import java.time.Clock;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leader adds to the log only what its own proposer submitted (issue 10, item 2). */
class ProposerCheckTest {
  private final ClientId proposer = ClientId.randomId();

  @TempDir
  Path dir;

  private TransactionContext start(ClientId from) throws Exception {
    try (ChangeFeed feed = new ChangeFeed(16, 1 << 10)) {
      CacheStateMachine stateMachine = new CacheStateMachine(dir, (what, cause) -> { }, feed, proposer,
          NodeClock.system(Clock.systemUTC()));
      return stateMachine.startTransaction(RaftClientRequest.newBuilder()
          .setClientId(from)
          .setServerId(RaftPeerId.valueOf("n1"))
          .setGroupId(RaftGroupId.randomId())
          .setCallId(1)
          .setMessage(Message.valueOf("forged"))
          .setType(RaftClientRequest.writeRequestType())
          .build());
    }
  }

  @Test
  void startTransaction_fromThisNodesProposer_isAccepted() throws Exception {
    assertThat(start(proposer).getException()).isNull();
  }

  @Test
  void startTransaction_fromAnyOtherRaftClient_isRefusedBeforeReplication() throws Exception {
    assertThat(start(ClientId.randomId()).getException())
        .hasMessageContaining("raftcache takes writes through its client API only");
  }
}
