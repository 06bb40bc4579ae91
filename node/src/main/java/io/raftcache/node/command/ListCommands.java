package io.raftcache.node.command;

import com.google.protobuf.ByteString;
import io.raftcache.node.keyspace.Key;
import io.raftcache.node.keyspace.ListValue;
import io.raftcache.proto.internal.ListPopRequest;
import io.raftcache.proto.internal.ListPopResponse;
import io.raftcache.proto.internal.ListPosRequest;
import io.raftcache.proto.internal.ListPosResponse;
import io.raftcache.proto.internal.ListPushRequest;
import io.raftcache.proto.internal.ListRangeRequest;
import io.raftcache.proto.internal.ListRemoveRequest;
import io.raftcache.proto.internal.ListSetRequest;
import io.raftcache.proto.internal.ListSetResponse;
import io.raftcache.proto.v1.CountResponse;
import io.raftcache.proto.v1.IntegerResponse;
import io.raftcache.proto.v1.KeyRequest;
import io.raftcache.proto.v1.MembersResponse;
import java.util.List;

/** The list commands (LPUSH, RPOP, LRANGE, LREM...), with Redis's treatment of negative indexes. */
final class ListCommands {
  private final TypedKeys keys;

  ListCommands(TypedKeys keys) {
    this.keys = keys;
  }

  IntegerResponse push(ListPushRequest request, long now) {
    if (request.getOnlyIfExists() && keys.read(request.getKey(), now, ListValue.class) == null) {
      return IntegerResponse.getDefaultInstance();
    }
    TypedKeys.Change<ListValue> change = keys.change(request.getKey(), now, ListValue.class, ListValue::new);
    ListValue list = change.value();
    for (ByteString element : request.getElementsList()) {
      if (request.getFront()) {
        list.addFirst(TypedKeys.key(element));
        change.touched(list.memberKey(0));
      } else {
        list.addLast(TypedKeys.key(element));
        change.touched(list.memberKey(list.size() - 1));
      }
    }
    change.commit();
    return IntegerResponse.newBuilder().setValue(list.size()).build();
  }

  ListPopResponse pop(ListPopRequest request, long now) {
    TypedKeys.Change<ListValue> change = keys.change(request.getKey(), now, ListValue.class, ListValue::new);
    ListValue list = change.value();
    if (list.isEmpty()) {
      return ListPopResponse.getDefaultInstance();
    }
    ListPopResponse.Builder response = ListPopResponse.newBuilder().setFound(true);
    for (long n = Math.min(request.getCount(), list.size()); n > 0; n--) {
      response.addElements(ByteString.copyFrom(list.get(request.getFront() ? 0 : list.size() - 1).bytes()));
      removeEnd(change, request.getFront());
    }
    change.commit();
    return response.build();
  }

  ListSetResponse set(ListSetRequest request, long now) {
    TypedKeys.Change<ListValue> change = keys.change(request.getKey(), now, ListValue.class, ListValue::new);
    ListValue list = change.value();
    if (list.isEmpty()) {
      return ListSetResponse.getDefaultInstance();
    }
    long index = request.getIndex() < 0 ? list.size() + request.getIndex() : request.getIndex();
    if (index < 0 || index >= list.size()) {
      return ListSetResponse.newBuilder().setFound(true).build();
    }
    list.set((int) index, TypedKeys.key(request.getElement()));
    change.touched(list.memberKey((int) index));
    change.commit();
    return ListSetResponse.newBuilder().setFound(true).setInRange(true).build();
  }

  CountResponse remove(ListRemoveRequest request, long now) {
    TypedKeys.Change<ListValue> change = keys.change(request.getKey(), now, ListValue.class, ListValue::new);
    ListValue list = change.value();
    long limit = request.getCount() == 0 || request.getCount() == Long.MIN_VALUE ? Long.MAX_VALUE
        : Math.abs(request.getCount());
    List<Key> removed = list.removeMatching(TypedKeys.key(request.getElement()), limit, request.getCount() < 0);
    removed.forEach(change::touched);
    change.commit();
    return HashCommands.count(removed.size());
  }

  /** LTRIM: only the range stays; answers how many elements went. The key changes even if none did, as in Redis. */
  CountResponse trim(ListRangeRequest request, long now) {
    TypedKeys.Change<ListValue> change = keys.change(request.getKey(), now, ListValue.class, ListValue::new);
    ListValue list = change.value();
    if (list.isEmpty()) {
      return HashCommands.count(0);
    }
    Range keep = Range.of(request.getStart(), request.getStop(), list.size());
    long removed = 0;
    while (list.size() > keep.last + 1) {
      removeEnd(change, false);
      removed++;
    }
    for (long n = Math.min(keep.first, list.size()); n > 0; n--) {
      removeEnd(change, true);
      removed++;
    }
    change.modified();
    change.commit();
    return HashCommands.count(removed);
  }

  MembersResponse range(ListRangeRequest request, long now) {
    ListValue list = keys.read(request.getKey(), now, ListValue.class);
    MembersResponse.Builder response = MembersResponse.newBuilder();
    if (list == null) {
      return response.build();
    }
    Range range = Range.of(request.getStart(), request.getStop(), list.size());
    for (long i = range.first; i <= range.last; i++) {
      response.addMembers(ByteString.copyFrom(list.get((int) i).bytes()));
    }
    return response.build();
  }

  CountResponse length(KeyRequest request, long now) {
    ListValue list = keys.read(request.getKey(), now, ListValue.class);
    return HashCommands.count(list == null ? 0 : list.size());
  }

  /** LPOS: the indexes of matching elements, searching from the front (positive rank) or the back. */
  ListPosResponse positions(ListPosRequest request, long now) {
    ListValue list = keys.read(request.getKey(), now, ListValue.class);
    ListPosResponse.Builder response = ListPosResponse.newBuilder();
    if (list == null) {
      return response.build();
    }
    Key element = TypedKeys.key(request.getElement());
    boolean fromBack = request.getRank() < 0;
    long skip = Math.abs(request.getRank()) - 1;
    long wanted = request.getCount() == 0 ? Long.MAX_VALUE : request.getCount();
    long compared = request.getMaxLen() == 0 ? Long.MAX_VALUE : request.getMaxLen();
    for (int n = 0; n < list.size() && n < compared && response.getIndexesCount() < wanted; n++) {
      int index = fromBack ? list.size() - 1 - n : n;
      if (list.get(index).equals(element) && skip-- <= 0) {
        response.addIndexes(index);
      }
    }
    return response.build();
  }

  private static void removeEnd(TypedKeys.Change<ListValue> change, boolean first) {
    change.touched(change.value().memberKey(first ? 0 : change.value().size() - 1));
    change.value().removeEnd(first);
  }

  /** Redis's list range: negative indexes count from the end; empty when {@code last < first}. */
  private record Range(long first, long last) {
    static Range of(long start, long stop, long size) {
      long first = Math.max(0, start < 0 ? size + start : start);
      long last = Math.min(size - 1, stop < 0 ? size + stop : stop);
      return first > last ? new Range(0, -1) : new Range(first, last);
    }
  }
}
