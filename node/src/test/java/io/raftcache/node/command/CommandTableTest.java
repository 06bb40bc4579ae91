package io.raftcache.node.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.raftcache.proto.internal.LogCommand;
import io.raftcache.proto.v1.IncrByRequest;
import io.raftcache.proto.v1.SetRequest;
import io.raftcache.proto.v1.WriteHeader;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CommandTableTest {
  private static final WriteHeader HEADER = WriteHeader.newBuilder()
      .setClientId(ByteString.copyFrom(new byte[16])).setSequence(7).setFirstUnackedSequence(7).build();

  @Test
  void everyKindOfLogEntry_exceptTheBatch_isARowOfTheTable() {
    var missing = Arrays.stream(LogCommand.CommandCase.values())
        .filter(c -> c != LogCommand.CommandCase.BATCH && c != LogCommand.CommandCase.COMMAND_NOT_SET)
        .filter(c -> CommandTable.of(entryOf(c)) == null)
        .collect(Collectors.toList());

    assertThat(missing).isEmpty();
  }

  private static LogCommand entryOf(LogCommand.CommandCase kind) {
    LogCommand.Builder entry = LogCommand.newBuilder();
    FieldDescriptor field = LogCommand.getDescriptor().findFieldByNumber(kind.getNumber());
    return entry.setField(field, entry.newBuilderForField(field).build()).build();
  }

  @Test
  void names_areLowerCaseRedisNames_andInternalCommandsAreNotOffered() {
    assertThat(CommandTable.all()).extracting(Command::name).allMatch(n -> n.equals(n.toLowerCase()));
    assertThat(CommandTable.named("set")).isSameAs(CommandTable.SET);
    assertThat(CommandTable.named("expire-keys")).isNull();
    assertThat(CommandTable.named("tick")).isNull();
  }

  @Test
  void entry_movesTheRetryHeaderOntoTheEntry() {
    SetRequest request = SetRequest.newBuilder().setHeader(HEADER).setKey(ByteString.copyFromUtf8("k")).build();

    LogCommand entry = CommandTable.SET.entry(request);

    assertThat(entry.getHeader()).isEqualTo(HEADER);
    assertThat(entry.getSet().hasHeader()).isFalse();
    assertThat(CommandTable.SET.request(entry).getKey().toStringUtf8()).isEqualTo("k");
    assertThat(CommandTable.of(entry)).isSameAs(CommandTable.SET);
  }

  @Test
  void header_ofAnEntryInLogFormat1_isReadFromInsideTheRequest() {
    LogCommand format1 = LogCommand.newBuilder()
        .setIncrBy(IncrByRequest.newBuilder().setHeader(HEADER).setKey(ByteString.copyFromUtf8("n")))
        .build();

    assertThat(CommandTable.INCRBY.header(format1)).isEqualTo(HEADER);
    assertThat(CommandTable.EXPIRE_KEYS.header(LogCommand.getDefaultInstance())).isEqualTo(WriteHeader.getDefaultInstance());
  }
}
