package io.raftcache.node;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogFormatTest {
  @Test
  void json_turnsEachEventIntoOneJsonObjectWithTheFormattedMessage() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %msg%n");
    text.start();
    appender.setEncoder(text);
    appender.setOutputStream(written);
    appender.start();
    Logger logger = context.getLogger("test");
    logger.addAppender(appender);

    LogFormat.json.apply(context);
    logger.warn("node {} was elected leader", "n2");

    String[] lines = written.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(1);
    JsonNode event = new ObjectMapper().readTree(lines[0]);
    assertThat(event.get("level").asText()).isEqualTo("WARN");
    assertThat(event.get("formattedMessage").asText()).isEqualTo("node n2 was elected leader");
    assertThat(event.get("loggerName").asText()).isEqualTo("test");
  }
}
