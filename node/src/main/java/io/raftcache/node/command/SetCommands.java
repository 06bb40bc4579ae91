package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.Entry;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.SetValue;
import io.raftcache.proto.internal.PopRequest;
import io.raftcache.proto.internal.SMoveRequest;
import io.raftcache.proto.internal.SetOperation;
import io.raftcache.proto.internal.SetStoreRequest;
import io.raftcache.proto.v1.BoolResponse;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.KeysRequest;
import io.raftcache.proto.v1.MemberRequest;
import io.raftcache.proto.v1.MembersRequest;
import io.raftcache.proto.v1.MembersResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/** The set commands (SADD, SREM, SISMEMBER, SINTER, SPOP...). */
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

  MembersResponse sdiff(KeysRequest request, long now) {
    return sorted(combine(SetOperation.SET_OPERATION_DIFFERENCE, request.getKeysList(), now));
  }

  /** SUNIONSTORE / SINTERSTORE / SDIFFSTORE: the result replaces the destination, whatever it held. */
  CountResponse store(SetStoreRequest request, long now) {
    Set<Key> result = combine(request.getOperation(), request.getKeysList(), now);
    Key destination = TypedKeys.key(request.getDestination());
    if (result.isEmpty()) {
      if (keys.keyspace().remove(destination)) {
        keys.keyspace().nextRevision();
      }
      return HashCommands.count(0);
    }
    SetValue set = new SetValue();
    for (Key member : result) {
      set.add(member);
      keys.keyspace().memberChanged(destination, member);
    }
    keys.keyspace().put(destination, new Entry(set, keys.keyspace().nextRevision(), Entry.NO_EXPIRY));
    return HashCommands.count(result.size());
  }

  /** SMOVE: the member leaves the source and joins the destination (both must be sets). */
  BoolResponse smove(SMoveRequest request, long now) {
    if (keys.keyspace().getLive(TypedKeys.key(request.getSource()), now) == null) {
      return BoolResponse.newBuilder().setValue(false).build(); // before any type check, as in Redis
    }
    TypedKeys.Change<SetValue> source = keys.change(request.getSource(), now, SetValue.class, SetValue::new);
    TypedKeys.Change<SetValue> destination =
        keys.change(request.getDestination(), now, SetValue.class, SetValue::new);
    Key member = TypedKeys.key(request.getMember());
    if (!source.value().contains(member) || request.getSource().equals(request.getDestination())) {
      return BoolResponse.newBuilder().setValue(source.value().contains(member)).build();
    }
    source.value().remove(member);
    source.touched(member);
    source.commit();
    if (destination.value().add(member)) { // already there: the destination is unchanged, as in Redis
      destination.touched(member);
      destination.commit();
    }
    return BoolResponse.newBuilder().setValue(true).build();
  }

  /**
   * SPOP: members picked one after another by {@link Random} (whose sequence Java specifies) seeded
   * with the request's seed, each by its rank in byte order, and removed: every replica removes the
   * same ones.
   */
  MembersResponse spop(PopRequest request, long now) {
    TypedKeys.Change<SetValue> change = keys.change(request.getKey(), now, SetValue.class, SetValue::new);
    SetValue set = change.value();
    Random random = new Random(request.getSeed());
    List<Key> picked = new ArrayList<>();
    for (long n = Math.min(request.getHasCount() ? request.getCount() : 1, set.size()); n > 0; n--) {
      Key member = set.memberAt(random.nextInt(set.size()));
      set.remove(member);
      change.touched(member);
      picked.add(member);
    }
    change.commit();
    return inOrder(picked);
  }

  /** SRANDMEMBER: as SPOP picks, nothing removed; a negative count may pick a member again. */
  MembersResponse srandmember(PopRequest request, long now) {
    SetValue set = keys.read(request.getKey(), now, SetValue.class);
    long count = request.getHasCount() ? request.getCount() : 1;
    if (set == null || count == 0) {
      return MembersResponse.getDefaultInstance();
    }
    Random random = new Random(request.getSeed());
    if (count >= set.size()) {
      List<Key> all = new ArrayList<>(set.members());
      Collections.shuffle(all, random);
      return inOrder(all);
    }
    List<Key> picked = new ArrayList<>();
    if (count < 0) {
      for (long i = 0; i < -count; i++) {
        picked.add(set.memberAt(random.nextInt(set.size())));
      }
      return inOrder(picked);
    }
    // Floyd's sampling: count distinct ranks in count steps.
    Set<Integer> ranks = new LinkedHashSet<>();
    for (int top = set.size() - (int) count; top < set.size(); top++) {
      int rank = random.nextInt(top + 1);
      ranks.add(ranks.contains(rank) ? top : rank);
    }
    ranks.forEach(rank -> picked.add(set.memberAt(rank)));
    return inOrder(picked);
  }

  private Set<Key> combine(SetOperation operation, List<ByteString> names, long now) {
    List<SetValue> sets = new ArrayList<>();
    for (ByteString key : names) {
      sets.add(keys.read(key, now, SetValue.class)); // every key's type is checked first, as in Redis
    }
    Set<Key> result = new HashSet<>(sets.get(0) == null ? Set.of() : sets.get(0).members());
    for (SetValue other : sets.subList(1, sets.size())) {
      Set<Key> members = other == null ? Set.of() : other.members();
      switch (operation) {
        case SET_OPERATION_UNION -> result.addAll(members);
        case SET_OPERATION_INTERSECTION -> result.retainAll(members);
        case SET_OPERATION_DIFFERENCE -> result.removeAll(members);
        case UNRECOGNIZED -> throw new IllegalArgumentException("validated: no unknown operation");
      }
    }
    return result;
  }

  private static MembersResponse inOrder(List<Key> members) {
    MembersResponse.Builder response = MembersResponse.newBuilder();
    members.forEach(m -> response.addMembers(ByteString.copyFrom(m.bytes())));
    return response.build();
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
