package io.raftcache.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.raftcache.node.command.CommandTable;
import io.raftcache.proto.v1.CacheGrpc;
import org.junit.jupiter.api.Test;

class CacheServiceTest {
  @Test
  void everyUnaryMethod_runsTheCommandOfItsName() {
    var methods = CacheGrpc.getServiceDescriptor().getMethods().stream()
        .filter(m -> !m.equals(CacheGrpc.getWatchMethod()))
        .toList();

    assertThat(methods).allSatisfy(m -> assertThat(CacheService.commandOf(m)).isNotNull());
    assertThat(CacheService.commandOf(CacheGrpc.getHGetAllMethod())).isSameAs(CommandTable.HGETALL);
    assertThat(CacheService.commandOf(CacheGrpc.getDeleteMethod())).isSameAs(CommandTable.DELETE);
  }
}
