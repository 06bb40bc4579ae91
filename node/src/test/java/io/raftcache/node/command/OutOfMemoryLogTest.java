package io.raftcache.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.raftcache.node.config.EvictionPolicy;
import io.raftcache.node.config.MemoryLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutOfMemoryLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(OutOfMemoryLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void aFloodOfRefusals_logsOneLineNamingTheLimit_notOnePerWrite() {
    OutOfMemoryLog log = new OutOfMemoryLog(new MemoryLimit(1000, EvictionPolicy.NOEVICTION));
    for (int i = 0; i < 500; i++) {
      log.refused(1200);
    }
    assertThat(lines.list).hasSize(1);
    assertThat(lines.list.get(0).getFormattedMessage())
        .contains("Refused 1 write(s) with OOM", "memory 1200 bytes", "max_memory_bytes 1000", "noeviction");
  }
}
