package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.GlobPattern;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.Keyspace;
import io.raftcache.proto.internal.RenameRequest;
import io.raftcache.proto.internal.RenameResponse;
import io.raftcache.proto.internal.VersionsResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.ScanRequest;
import io.raftcache.proto.v1.ScanResponse;
import io.raftcache.proto.v1.TypeResponse;
import io.raftcache.proto.v1.ValueType;
import java.util.ArrayList;
import java.util.List;

/** Commands on keys of any type: TYPE, SCAN, KEYS, RENAME. */
final class KeyCommands {
  static final int DEFAULT_SCAN_COUNT = 100;

  private final Keyspace keyspace;

  KeyCommands(Keyspace keyspace) {
    this.keyspace = keyspace;
  }

  /** Each key's version, 0 for a missing one: what WATCH records and EXEC compares. */
  VersionsResponse versions(KeysRequest request, long now) {
    VersionsResponse.Builder versions = VersionsResponse.newBuilder();
    for (ByteString key : request.getKeysList()) {
      versions.addVersions(versionOf(key, now));
    }
    return versions.build();
  }

  long versionOf(ByteString key, long now) {
    Entry entry = keyspace.getLive(TypedKeys.key(key), now);
    return entry == null ? 0 : entry.version();
  }

  /** RENAME / RENAMENX: the entry moves with its TTL, as a new version; the same name changes nothing. */
  RenameResponse rename(RenameRequest request, long now) {
    Key from = TypedKeys.key(request.getKey());
    Key to = TypedKeys.key(request.getNewKey());
    if (keyspace.getLive(from, now) == null) {
      return RenameResponse.getDefaultInstance();
    }
    RenameResponse.Builder response = RenameResponse.newBuilder().setFound(true);
    if (from.equals(to)) {
      return response.setApplied(!request.getIfAbsent()).build();
    }
    if (request.getIfAbsent() && keyspace.getLive(to, now) != null) {
      return response.setApplied(false).build();
    }
    keyspace.rename(from, to, keyspace.nextRevision());
    return response.setApplied(true).build();
  }

  TypeResponse type(KeyRequest request, long now) {
    return TypeResponse.newBuilder().setType(typeOf(keyspace.getLive(TypedKeys.key(request.getKey()), now))).build();
  }

  private static ValueType typeOf(Entry entry) {
    return entry == null ? ValueType.VALUE_TYPE_NONE : switch (entry.value().kind()) {
      case STRING -> ValueType.VALUE_TYPE_STRING;
      case HASH -> ValueType.VALUE_TYPE_HASH;
      case SET -> ValueType.VALUE_TYPE_SET;
      case ZSET -> ValueType.VALUE_TYPE_ZSET;
      case LIST -> ValueType.VALUE_TYPE_LIST;
    };
  }

  /** KEYS: every live key matching the pattern, in byte order (the count is not used). */
  ScanResponse keys(ScanRequest request, long now) {
    GlobPattern match = GlobPattern.compile(request.getMatch().isEmpty() ? "*" : request.getMatch());
    List<Key> found = new ArrayList<>();
    keyspace.forEach((key, entry) -> {
      if (!entry.isExpiredAt(now) && match.test(key)) {
        found.add(key);
      }
    });
    found.sort(null);
    ScanResponse.Builder response = ScanResponse.newBuilder();
    found.forEach(k -> response.addKeys(ByteString.copyFrom(k.bytes())));
    return response.build();
  }

  /** Requests arrive validated: the pattern compiles and the count is in range. */
  ScanResponse scan(ScanRequest request, long now) {
    Key after = request.getCursor().isEmpty() ? null : TypedKeys.key(request.getCursor());
    int count = request.getCount() == 0 ? DEFAULT_SCAN_COUNT : request.getCount();
    GlobPattern match = GlobPattern.compile(request.getMatch().isEmpty() ? "*" : request.getMatch());
    ValueType type = request.getType();
    Keyspace.ScanPage page = keyspace.scan(after, count, now, key -> match.test(key)
        && (type == ValueType.VALUE_TYPE_NONE || typeOf(keyspace.getStored(key)) == type));
    ScanResponse.Builder response = ScanResponse.newBuilder();
    page.keys().forEach(k -> response.addKeys(ByteString.copyFrom(k.bytes())));
    if (page.resumeAfter() != null) {
      response.setNextCursor(ByteString.copyFrom(page.resumeAfter().bytes()));
    }
    return response.build();
  }
}
