package io.raftcache.node;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/** How a node's log lines look: {@code --log-format} of raftcache-node. */
enum LogFormat {
  /** One line of text per event (the logback files' pattern). */
  text,
  /**
   * One JSON object per line (logback's JsonEncoder), for log shippers: timestamp (epoch ms),
   * level, thread, logger, the formatted message and any throwable.
   */
  json;

  /** Makes every appender the logback files set up write this format; called once, at start. */
  void apply() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(context);
    }
  }

  void apply(LoggerContext context) {
    if (this == text) {
      return;
    }
    context.getLoggerList().forEach(logger -> logger.iteratorForAppenders().forEachRemaining(appender -> {
      if (appender instanceof OutputStreamAppender<ILoggingEvent> out) {
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.start();
        out.setEncoder(encoder);
      }
    }));
  }
}
