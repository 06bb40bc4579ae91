package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.SetValue;
import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.MembersResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The set commands (SADD, SREM, SISMEMBER, SINTER...). */
final class SetCommands {
  private final TypedKeys keys;

  SetCommands(TypedKeys keys) {
    this.keys = keys;
  }

  CountResponse sadd(MembersRequest request, long now) {
    TypedKeys.Change<SetValue> change = keys.change(request.getKey(), now, SetValue.class, SetValue::new);
    long added = change.forEachMember(request.getMembersList(), change.value()::add);
    change.commit();
    return HashCommands.count(added);
  }

  CountResponse srem(MembersRequest request, long now) {
    TypedKeys.Change<SetValue> change = keys.change(request.getKey(), now, SetValue.class, SetValue::new);
    long removed = change.forEachMember(request.getMembersList(), change.value()::remove);
    change.commit();
    return HashCommands.count(removed);
  }

  BoolResponse sismember(MemberRequest request, long now) {
    SetValue set = keys.read(request.getKey(), now, SetValue.class);
    boolean member = set != null && set.contains(TypedKeys.key(request.getMember()));
    return BoolResponse.newBuilder().setValue(member).build();
  }

  MembersResponse smembers(KeyRequest request, long now) {
    SetValue set = keys.read(request.getKey(), now, SetValue.class);
    return sorted(set == null ? Set.of() : set.members());
  }

  CountResponse scard(KeyRequest request, long now) {
    SetValue set = keys.read(request.getKey(), now, SetValue.class);
    return HashCommands.count(set == null ? 0 : set.size());
  }

  MembersResponse sinter(KeysRequest request, long now) {
    List<SetValue> sets = setsOf(request, now);
    if (sets.contains(null)) {
      return MembersResponse.getDefaultInstance(); // a missing key is an empty set
    }
    sets.sort((a, b) -> Integer.compare(a.size(), b.size()));
    Set<Key> common = new HashSet<>(sets.get(0).members());
    for (SetValue other : sets.subList(1, sets.size())) {
      common.retainAll(other.members());
    }
    return sorted(common);
  }

  MembersResponse sunion(KeysRequest request, long now) {
    Set<Key> union = new HashSet<>();
    for (SetValue set : setsOf(request, now)) {
      if (set != null) {
        union.addAll(set.members());
      }
    }
    return sorted(union);
  }

  /** Every named key's set (null for a missing key); fails with WRONG_TYPE if any is not a set. */
  private List<SetValue> setsOf(KeysRequest request, long now) {
    List<SetValue> sets = new ArrayList<>();
    for (ByteString key : request.getKeysList()) {
      sets.add(keys.read(key, now, SetValue.class));
    }
    return sets;
  }

  private static MembersResponse sorted(Collection<Key> members) {
    MembersResponse.Builder response = MembersResponse.newBuilder();
    for (Key m : new TreeSet<>(members)) {
      response.addMembers(ByteString.copyFrom(m.bytes()));
    }
    return response.build();
  }
}
